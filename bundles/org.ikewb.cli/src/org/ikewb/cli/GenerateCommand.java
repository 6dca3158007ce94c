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

/**
 * {@code ikewb generate --target strongswan|libreswan|fortios|checkpoint [--out DIR] [--with-secrets] FILE}:
 * validates the policy (errors stop it, as they would stop the device), then writes the
 * target's config next to the file or into DIR. Secrets are written only with --with-secrets,
 * to a separate file created owner-only (0600).
 */
final class GenerateCommand {

	private static final String HELP = """
			Usage: ikewb generate --target strongswan|libreswan|fortios|checkpoint [--out DIR] [--with-secrets] FILE

			Writes the device configuration for the policy FILE (.ikewb):
			  strongswan  NAME.swanctl.conf   (swanctl.conf of strongSwan 6; includes NAME.secrets.conf)
			  libreswan   NAME.ipsec.conf     (ipsec.conf of Libreswan 5.4; PSKs in NAME.secrets)
			  fortios     NAME.fortios.conf   (FortiOS 7.6.1 CLI; PSKs in NAME.fortios-secrets.conf) and
			              NAME.fortios.yml    (the same as Ansible tasks of fortinet.fortios; PSKs in NAME.fortios-secrets.yml)
			  checkpoint  NAME.checkpoint.yml (Check Point R82 multiple-key-exchanges objects, Ansible tasks)
			The policy must validate without errors. --with-secrets reads each PSK from the
			environment variable or file the policy names and writes it to the secrets file (mode 0600).
			Exit status: 0 written, 1 policy has errors or the target cannot express it, 2 bad usage.
			""";

	private final PrintStream out;
	private final PrintStream err;

	GenerateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		Target target = null;
		Path outDir = null;
		boolean withSecrets = false;
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			switch (a) {
			case "--help", "-h" -> {
				out.print(HELP);
				return Main.OK;
			}
			case "--target" -> {
				String value = i + 1 < args.size() ? args.get(++i) : "";
				target = Target.get(value.toLowerCase(Locale.ROOT));
				if (target == null || target == Target.IKEWB) {
					err.println("ikewb generate: --target takes strongswan, libreswan, fortios or checkpoint, not '" + value + "'");
					return Main.USAGE;
				}
			}
			case "--out" -> {
				if (i + 1 >= args.size()) {
					err.println("ikewb generate: --out needs a directory");
					return Main.USAGE;
				}
				outDir = Path.of(args.get(++i));
			}
			case "--with-secrets" -> withSecrets = true;
			default -> {
				if (a.startsWith("--")) {
					err.println("ikewb generate: unknown option '" + a + "'");
					err.print(HELP);
					return Main.USAGE;
				}
				files.add(Path.of(a));
			}
			}
		}
		if (target == null || files.size() != 1) {
			err.println("ikewb generate: give --target and exactly one policy file");
			err.print(HELP);
			return Main.USAGE;
		}
		Path file = files.get(0);
		PolicyFiles.Loaded loaded;
		try {
			loaded = PolicyFiles.standalone().load(file);
		} catch (IOException | SecurityException e) {
			err.println(file + ": cannot read: " + Main.describe(e));
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
		Path dir = outDir != null ? outDir : file.toAbsolutePath().getParent();
		List<GeneratedFile> generated;
		try {
			generated = ConfigGenerator.of(target)
					.generate(loaded.model(), new ConfigGenerator.Options(base, withSecrets, SecretResolver.system()));
		} catch (ConfigGenerator.UnsupportedException | SecretResolver.SecretUnavailableException e) {
			err.println("ikewb generate: " + file + ": " + e.getMessage());
			return Main.FAILED;
		}
		try {
			Files.createDirectories(dir);
			for (GeneratedFile g : generated) {
				Path target1 = dir.resolve(g.name());
				write(target1, g);
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
