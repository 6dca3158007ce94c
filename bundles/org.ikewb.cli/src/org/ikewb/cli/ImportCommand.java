package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;
import org.ikewb.cli.Cli.Parameters;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.importer.ImportFinding;
import org.ikewb.dsl.importer.SwanctlImporter;

/**
 * {@code ikewb import --from strongswan FILE… [--out POLICY.ikewb]}: existing device configurations as
 * a policy. Every setting the language cannot express is printed as
 * {@code file:line: severity code: message}; the policy is then checked as {@code validate} would
 * check it. Exit 1 when something could not be imported, 2 on bad usage.
 */
final class ImportCommand {

	@Command(description = { "Imports device configurations into a policy (.ikewb): connections become peers, children",
			"Child SAs, proposals named proposals. Every setting a policy cannot express is reported with its",
			"line (file:line: severity code: message); secrets are referenced (environment variables), never copied.",
			"Exit status: 0 imported (findings may remain), 1 something was not imported, 2 bad usage.", "" })
	static final class Spec {
		@Option(names = "--from", paramLabel = "strongswan|libreswan|fortios", required = true, description = "the format: strongswan (swanctl.conf), libreswan (ipsec.conf) or fortios (CLI phase1/phase2-interface)")
		String from;
		@Option(names = "--out", paramLabel = "POLICY.ikewb", description = "where to write the policy (default: standard output)")
		Path out;
		@Option(names = "--require-post-quantum", description = "write 'require post-quantum' into the policy: every classical proposal is then an error with the Migrate to hybrid quick fixes")
		boolean requirePostQuantum;
		@Option(names = "--name", paramLabel = "NAME", description = "the policy's name (default: from the first file)")
		String name;
		@Parameters(paramLabel = "FILE", arity = "1..*", description = "configuration files")
		List<Path> files = new ArrayList<>();
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	private final PrintStream out;
	private final PrintStream err;

	ImportCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		Spec o = new Spec();
		Integer exit = Cli.parse("import", o, args, out, err);
		if (exit != null) {
			return exit;
		}
		boolean libreswan = o.from.equals("libreswan") || o.from.equals("pluto");
		boolean fortios = o.from.equals("fortios") || o.from.equals("fortigate");
		if (!libreswan && !fortios && !o.from.equals("strongswan") && !o.from.equals("swanctl")) {
			err.println("ikewb import: --from " + o.from + ": strongswan (swanctl.conf), libreswan (ipsec.conf) or fortios (CLI)");
			return Main.USAGE;
		}
		for (Path f : o.files) {
			if (!Files.isReadable(f)) {
				err.println("ikewb import: " + f + ": cannot read it");
				return Main.USAGE;
			}
		}
		String base = o.name != null ? o.name
				: o.files.get(0).getFileName().toString().replaceAll("(\\.fortios)?\\.conf$", "").replaceAll("[^A-Za-z0-9_]", "_");
		SwanctlImporter.Result result = libreswan ? org.ikewb.dsl.importer.LibreswanImporter.importFiles(o.files, base)
				: fortios ? org.ikewb.dsl.importer.FortiOsImporter.importFiles(o.files, base)
						: SwanctlImporter.importFiles(o.files, base);
		for (ImportFinding f : result.findings()) {
			err.println(f);
		}
		if (result.policy() == null) {
			return Main.FAILED;
		}
		String text = result.policy();
		if (o.requirePostQuantum) {
			text = text.replaceFirst("\n    targets ", "\n    require post-quantum\n    targets ");
		}
		if (o.out == null) {
			out.print(text);
		} else {
			try {
				Files.writeString(o.out, text, StandardCharsets.UTF_8);
			} catch (IOException e) {
				err.println("ikewb import: cannot write " + o.out + ": " + Main.describe(e));
				return Main.FAILED;
			}
		}
		// the written policy goes through the language and the model's rules, as validate checks it
		Path check = o.out;
		try {
			if (check == null) {
				check = Files.createTempFile("ikewb-import", ".ikewb");
				Files.writeString(check, text, StandardCharsets.UTF_8);
			}
			PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(check);
			long errors = loaded.issues().stream().filter(i -> i.getSeverity() == Severity.ERROR).count();
			loaded.issues().stream().filter(i -> i.getSeverity() != Severity.INFO).forEach(i -> err.println(
					(o.out == null ? "(policy)" : o.out) + ":" + i.getLineNumber() + ":" + i.getColumn() + ": "
							+ i.getSeverity().name().toLowerCase(java.util.Locale.ROOT) + " " + i.getCode() + ": " + i.getMessage()));
			if (o.out != null) {
				err.println("wrote " + o.out + (errors > 0 ? " (" + errors + " validation errors to fix)" : ""));
			}
		} catch (IOException e) {
			err.println("ikewb import: cannot check the policy: " + Main.describe(e));
		} finally {
			if (o.out == null && check != null) {
				try {
					Files.deleteIfExists(check);
				} catch (IOException ignored) {
					// a temporary file
				}
			}
		}
		return result.hasErrors() ? Main.FAILED : Main.OK;
	}
}
