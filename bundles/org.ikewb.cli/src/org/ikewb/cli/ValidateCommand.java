package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;
import org.ikewb.cli.Cli.Parameters;

/**
 * {@code ikewb validate FILES…}: the checks of the editor, without the editor. Each file is parsed
 * and validated on its own with the files it imports (the language, then the model's rules); every finding is printed as
 * {@code file:line:col: severity code: message}, or as JSON with {@code --format json}. Exit 1 when
 * any file has an error, 2 on bad usage or an unreadable file.
 */
final class ValidateCommand {

	/** The options of validate, as Cli parses them and --help prints them. */
	@Command(description = { "Checks policy files (.ikewb) as the editor does and prints each finding as",
			"  file:line:col: severity code: message",
			"Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable file.", "" })
	static final class Spec {
		@Option(names = "--format", paramLabel = "text|json", converter = FormatConverter.class, description = "how findings are printed (default text)")
		Format format = Format.TEXT;
		@Parameters(paramLabel = "FILE", arity = "1..*", description = "policy files (.ikewb)")
		List<Path> files = new ArrayList<>();
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	/** How findings are printed. */
	enum Format {
		TEXT, JSON
	}

	/** text or json. */
	static final class FormatConverter extends Cli.Words<Format> {
		FormatConverter() {
			super(Cli.words("text", Format.TEXT, "json", Format.JSON));
		}
	}

	/** One finding, in the order and shape both formats print. */
	record Finding(String file, int line, int column, Severity severity, String code, String message) {
		String severityName() {
			return severity.name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	private final PrintStream out;
	private final PrintStream err;

	ValidateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		Spec options = new Spec();
		Integer exit = Cli.parse("validate", options, args, out, err);
		if (exit != null) {
			return exit;
		}
		boolean json = options.format == Format.JSON;
		List<Path> files = options.files;
		PolicyFiles policies = PolicyFiles.standalone();
		List<Finding> findings = new ArrayList<>();
		boolean unreadable = false;
		for (Path file : files) {
			PolicyFiles.Loaded loaded;
			try {
				loaded = policies.load(Invocation.file(file));
			} catch (IOException | SecurityException e) {
				err.println(file + ": cannot read: " + Main.describe(e, file));
				unreadable = true;
				continue;
			}
			List<Finding> ofFile = new ArrayList<>();
			for (Issue issue : loaded.issues()) {
				ofFile.add(new Finding(file.toString(), value(issue.getLineNumber()), value(issue.getColumn()),
						issue.getSeverity(), code(issue), issue.getMessage()));
			}
			// files in the order given, findings of a file by position
			ofFile.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
			findings.addAll(ofFile);
		}
		if (json) {
			printJson(findings);
		} else {
			for (Finding f : findings) {
				out.println(f.file() + ":" + f.line() + ":" + f.column() + ": " + f.severityName() + " " + f.code() + ": "
						+ f.message());
			}
		}
		if (unreadable) {
			return Main.USAGE;
		}
		return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? Main.FAILED : Main.OK;
	}

	private static int value(Integer i) {
		return i == null ? 0 : i;
	}

	/** The model's rules carry stable codes; Xtext's own findings get short ones. */
	private static String code(Issue issue) {
		String code = PolicyFiles.code(issue);
		return code == null ? "unknown" : code;
	}

	private void printJson(List<Finding> findings) {
		StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < findings.size(); i++) {
			Finding f = findings.get(i);
			b.append(i == 0 ? "\n  " : ",\n  ").append("{\"file\": ").append(quote(f.file())).append(", \"line\": ")
					.append(f.line()).append(", \"column\": ").append(f.column()).append(", \"severity\": ")
					.append(quote(f.severityName())).append(", \"code\": ").append(quote(f.code())).append(", \"message\": ")
					.append(quote(f.message())).append('}');
		}
		out.println(b.append(findings.isEmpty() ? "]" : "\n]"));
	}

	static String quote(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			switch (c) {
			case '"' -> b.append("\\\"");
			case '\\' -> b.append("\\\\");
			case '\n' -> b.append("\\n");
			case '\r' -> b.append("\\r");
			case '\t' -> b.append("\\t");
			default -> {
				if (c < 0x20) {
					b.append(String.format("\\u%04x", (int) c));
				} else {
					b.append(c);
				}
			}
			}
		}
		return b.append('"').toString();
	}
}
