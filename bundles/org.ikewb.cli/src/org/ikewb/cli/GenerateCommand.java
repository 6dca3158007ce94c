package org.ikewb.cli;

import org.ikewb.model.secrets.SecretResolver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.model.policy.Target;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;
import org.ikewb.cli.Cli.Parameters;

/**
 * {@code ikewb generate --target strongswan|libreswan|fortios|checkpoint [--out DIR] [--with-secrets] FILE}:
 * validates the policy (errors stop it, as they would stop the device), then writes the
 * target's config next to the file or into DIR. Secrets are written only with --with-secrets,
 * to a separate file created owner-only (0600).
 */
final class GenerateCommand {

	/** The options of generate, as Cli parses them and --help prints them. */
	@Command(description = { "Writes the device configuration for the policy FILE (.ikewb):",
			"  strongswan  NAME.swanctl.conf   (swanctl.conf of strongSwan 6; includes NAME.secrets.conf)",
			"  libreswan   NAME.ipsec.conf     (ipsec.conf of Libreswan 5.4; PSKs in NAME.secrets)",
			"  fortios     NAME.fortios.conf   (FortiOS 7.6.1 CLI; PSKs in NAME.fortios-secrets.conf) and",
			"              NAME.fortios.yml    (the same as Ansible tasks of fortinet.fortios; PSKs in NAME.fortios-secrets.yml)",
			"  checkpoint  NAME.checkpoint.yml (Check Point R82 multiple-key-exchanges objects, Ansible tasks)",
			"The policy must validate without errors. --with-secrets reads each PSK from the",
			"environment variable or file the policy names and writes it to the secrets file (mode 0600).",
			"Exit status: 0 written, 1 policy has errors or the target cannot express it, 2 bad usage.", "" })
	static final class Spec {
		@Option(names = "--target", required = true, paramLabel = "strongswan|libreswan|fortios|checkpoint", converter = TargetConverter.class, description = "the device the config is for")
		Target target;
		@Option(names = "--out", paramLabel = "DIR", description = "where to write (default: beside FILE)")
		Path outDir;
		@Option(names = "--with-secrets", description = "also write the PSKs the policy names, to an owner-only file")
		boolean withSecrets;
		@Parameters(paramLabel = "FILE", arity = "1", description = "the policy (.ikewb)")
		Path file;
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	/** A device target: not ikewb itself. */
	static final class TargetConverter implements Cli.Converter<Target> {
		@Override
		public Target convert(String value) {
			Target target = Target.get(value.toLowerCase(Locale.ROOT));
			if (target == null || target == Target.IKEWB) {
				throw new Cli.BadValue(
						"strongswan, libreswan, fortios or checkpoint, not '" + value + "'");
			}
			return target;
		}
	}

	private final PrintStream out;
	private final PrintStream err;

	GenerateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		Spec options = new Spec();
		Integer exit = Cli.parse("generate", options, args, out, err);
		if (exit != null) {
			return exit;
		}
		Target target = options.target;
		Path outDir = options.outDir;
		boolean withSecrets = options.withSecrets;
		Path file = options.file;
		PolicyFiles.Loaded loaded;
		try {
			loaded = PolicyFiles.standalone().load(Invocation.file(file));
		} catch (IOException | SecurityException e) {
			err.println(file + ": cannot read: " + Main.describe(e, file));
			return Main.USAGE;
		}
		if (loaded.hasErrors() || loaded.model() == null) {
			for (Issue issue : loaded.issues()) {
				if (issue.getSeverity() == Severity.ERROR) {
					err.println(file + ":" + issue.getLineNumber() + ":" + issue.getColumn() + ": error " + issue.getCode() + ": "
							+ issue.getMessage());
				}
			}
			err.println("ikewb generate: " + file + " has errors; nothing written (see: ikewb validate " + file + ")");
			return Main.FAILED;
		}
		String base = file.getFileName().toString().replaceFirst("\\.ikewb$", "");
		Path dir = outDir != null ? outDir : Invocation.file(file).toAbsolutePath().getParent();
		List<GeneratedFile> generated;
		try {
			generated = ConfigGenerator.of(target)
					.generate(loaded.model(), new ConfigGenerator.Options(base, withSecrets, SecretResolver.system()));
		} catch (ConfigGenerator.UnsupportedException | SecretResolver.SecretUnavailableException e) {
			err.println("ikewb generate: " + file + ": " + e.getMessage());
			return Main.FAILED;
		}
		try {
			Files.createDirectories(Invocation.file(dir));
			for (GeneratedFile g : generated) {
				Path target1 = dir.resolve(g.name());
				write(Invocation.file(target1), g);
				out.println("wrote " + target1 + (g.secret() ? " (secrets, mode 0600)" : ""));
			}
		} catch (IOException e) {
			err.println("ikewb generate: cannot write into " + dir + ": " + Main.describe(e));
			return Main.FAILED;
		}
		return Main.OK;
	}

	/** Secret files are created with owner-only permissions before a byte is written. */
	static void write(Path path, GeneratedFile file) throws IOException {
		byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
		if (!file.secret()) {
			Files.write(path, bytes);
			return;
		}
		Files.deleteIfExists(path);
		try {
			Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		} catch (UnsupportedOperationException e) {
			Files.createFile(path);
		} catch (FileAlreadyExistsException e) {
			throw new IOException(path + " appeared while writing it", e);
		}
		Files.write(path, bytes, StandardOpenOption.TRUNCATE_EXISTING);
	}
}
