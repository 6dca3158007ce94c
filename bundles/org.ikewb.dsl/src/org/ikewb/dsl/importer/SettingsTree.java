package org.ikewb.dsl.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * strongSwan's settings syntax (swanctl.conf, strongswan.conf): sections {@code name { … }}, settings
 * {@code key = value} to the end of the line (or a quoted string), {@code #} comments, {@code include}
 * of further files (glob patterns, relative to the including file). Every node keeps its file and line,
 * so that what an importer leaves out is reported where the user wrote it. Bad input becomes a finding,
 * never an exception.
 */
final class SettingsTree {

	/** A section: its settings and subsections in source order. */
	static final class Section {
		final String name;
		final String file;
		final int line;
		final List<Setting> settings = new ArrayList<>();
		final List<Section> sections = new ArrayList<>();

		Section(String name, String file, int line) {
			this.name = name;
			this.file = file;
			this.line = line;
		}

		Optional<Setting> setting(String key) {
			return settings.stream().filter(s -> s.key.equals(key)).reduce((a, b) -> b); // the last one wins
		}

		Optional<Section> section(String key) {
			return sections.stream().filter(s -> s.name.equals(key)).findFirst();
		}

		String value(String key) {
			return setting(key).map(s -> s.value).orElse(null);
		}
	}

	/** {@code key = value}, the value unquoted. */
	record Setting(String key, String value, String file, int line) {
	}

	private static final int MAX_DEPTH = 32;
	private static final int MAX_INCLUDES = 64;

	private final List<ImportFinding> findings;
	private int includes;

	private SettingsTree(List<ImportFinding> findings) {
		this.findings = findings;
	}

	/** The file's tree under a root section named "" (findings for what does not parse). */
	static Section read(Path file, List<ImportFinding> findings) throws IOException {
		Section root = new Section("", file.toString(), 0);
		new SettingsTree(findings).parse(file, root, 0);
		return root;
	}

	private void parse(Path file, Section root, int depth) throws IOException {
		List<String> lines = Files.readAllLines(file);
		List<Section> stack = new ArrayList<>(List.of(root));
		String name = file.toString();
		for (int n = 0; n < lines.size(); n++) {
			String raw = lines.get(n);
			int lineNo = n + 1;
			String text = stripComment(raw).strip();
			// a line may hold several tokens: "name {", "}", "key = value", "name { key = value }" is rare; split braces
			while (!text.isEmpty()) {
				Section current = stack.get(stack.size() - 1);
				if (text.startsWith("}")) {
					if (stack.size() == 1) {
						findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "'}' without a section to close"));
					} else {
						stack.remove(stack.size() - 1);
					}
					text = text.substring(1).strip();
					continue;
				}
				int eq = text.indexOf('=');
				int brace = text.indexOf('{');
				if (brace >= 0 && (eq < 0 || brace < eq)) {
					String section = text.substring(0, brace).strip();
					if (section.isEmpty() || !section.matches("[\\w.%*-]+")) {
						findings.add(new ImportFinding(name, lineNo, "error", "import-syntax",
								"a section needs a name of letters, digits, '-', '_' or '.' before '{'"));
					}
					if (stack.size() > MAX_DEPTH) {
						findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "sections nested deeper than " + MAX_DEPTH));
						return;
					}
					Section child = new Section(section, name, lineNo);
					current.sections.add(child);
					stack.add(child);
					text = text.substring(brace + 1).strip();
					continue;
				}
				if (text.startsWith("include ")) {
					include(file, text.substring(8).strip(), current, name, lineNo, depth);
					break;
				}
				if (eq < 0) {
					// "name" alone with "{" on the next line is allowed by strongSwan
					if (n + 1 < lines.size() && stripComment(lines.get(n + 1)).strip().startsWith("{")) {
						Section child = new Section(text, name, lineNo);
						current.sections.add(child);
						stack.add(child);
						lines.set(n + 1, stripComment(lines.get(n + 1)).strip().substring(1));
						break;
					}
					findings.add(new ImportFinding(name, lineNo, "error", "import-syntax",
							"neither 'key = value', 'name {', '}' nor 'include': " + shown(text)));
					break;
				}
				String key = text.substring(0, eq).strip();
				String value = text.substring(eq + 1).strip();
				String rest = "";
				if (value.startsWith("\"")) {
					int end = value.indexOf('"', 1);
					rest = end > 0 ? value.substring(end + 1).strip() : "";
					value = end > 0 ? value.substring(1, end) : value.substring(1);
				} else if (value.indexOf('}') >= 0) {
					// "key = value }" closes the section on the same line
					rest = value.substring(value.indexOf('}'));
					value = value.substring(0, value.indexOf('}')).strip();
				}
				current.settings.add(new Setting(key, value, name, lineNo));
				text = rest;
				continue;
			}
		}
		if (stack.size() > 1) {
			findings.add(new ImportFinding(name, lines.size(), "error", "import-syntax",
					"section '" + stack.get(stack.size() - 1).name + "' (line " + stack.get(stack.size() - 1).line + ") is not closed"));
		}
	}

	private void include(Path file, String pattern, Section into, String name, int lineNo, int depth) throws IOException {
		if (++includes > MAX_INCLUDES || depth > 8) {
			findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "too many or too deeply nested includes"));
			return;
		}
		Path base = file.toAbsolutePath().getParent();
		String glob = pattern.startsWith("/") ? pattern : base.resolve(pattern).toString();
		Path dir = Path.of(glob).getParent();
		String leaf = Path.of(glob).getFileName().toString();
		List<Path> matches = new ArrayList<>();
		if (dir != null && Files.isDirectory(dir)) {
			try (var stream = Files.newDirectoryStream(dir, leaf)) {
				stream.forEach(matches::add);
			}
		}
		if (matches.isEmpty()) {
			findings.add(new ImportFinding(name, lineNo, "info", "import-unmapped",
					"include " + pattern + ": no such file here (secrets files are not read anyway)"));
			return;
		}
		matches.sort(null);
		for (Path p : matches) {
			parse(p, into, depth + 1);
		}
	}

	private static String stripComment(String line) {
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			} else if (c == '#' && !quoted) {
				return line.substring(0, i);
			}
		}
		return line;
	}

	/** Text from a file, safe to print: control characters escaped, long lines cut. */
	static String shown(String text) {
		StringBuilder b = new StringBuilder();
		for (char c : text.toCharArray()) {
			b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? String.format("\\u%04x", (int) c) : c);
			if (b.length() > 80) {
				return b + "…";
			}
		}
		return b.toString();
	}
}
