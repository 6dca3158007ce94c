package org.ikewb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Which entries of a class path one bundle needs when it runs as a plain Java program: the bundle
 * and, transitively, the bundles its OSGi manifest names in Require-Bundle, the exporters of the
 * packages it names in Import-Package, and the fragments of each. Optional requirements are left
 * out (OSGi resolves without them too; the command line's code never takes those paths). Entries
 * that are not bundle jars (a development checkout's class folders) are kept, so is the whole path
 * when the root bundle is not on it. Order is the class path's.
 */
public final class BundleClosure {

	private record Bundle(String entry, String name, String host, List<Clause> requires, List<Clause> imports,
			List<Clause> exports) {
	}

	/** One clause of a manifest header: its names (bundles or packages) and whether it is optional. */
	record Clause(List<String> names, boolean optional) {
	}

	private BundleClosure() {
	}

	public static List<String> of(String root, List<String> classPath) throws IOException {
		Map<String, Bundle> byName = new HashMap<>();
		Map<String, List<Bundle>> exporters = new HashMap<>();
		Map<String, List<Bundle>> fragments = new HashMap<>();
		List<String> others = new ArrayList<>();
		for (String entry : classPath) {
			Bundle b = entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)) ? read(entry) : null;
			if (b == null) {
				others.add(entry);
				continue;
			}
			byName.putIfAbsent(b.name(), b);
			for (Clause c : b.exports()) {
				c.names().forEach(p -> exporters.computeIfAbsent(p, k -> new ArrayList<>()).add(b));
			}
			if (b.host() != null) {
				fragments.computeIfAbsent(b.host(), k -> new ArrayList<>()).add(b);
			}
		}
		if (!byName.containsKey(root)) {
			return classPath;
		}
		Set<Bundle> needed = new HashSet<>();
		Deque<Bundle> todo = new ArrayDeque<>(List.of(byName.get(root)));
		while (!todo.isEmpty()) {
			Bundle b = todo.pop();
			if (!needed.add(b)) {
				continue;
			}
			for (Clause c : b.requires()) {
				if (!c.optional()) {
					c.names().stream().map(byName::get).filter(x -> x != null).forEach(todo::push);
				}
			}
			for (Clause c : b.imports()) {
				if (!c.optional()) {
					c.names().forEach(p -> todo.addAll(exporters.getOrDefault(p, List.of())));
				}
			}
			todo.addAll(fragments.getOrDefault(b.name(), List.of()));
			if (b.host() != null && byName.containsKey(b.host())) {
				todo.push(byName.get(b.host()));
			}
		}
		Set<String> keep = new LinkedHashSet<>(others);
		needed.forEach(b -> keep.add(b.entry()));
		return classPath.stream().filter(keep::contains).distinct().toList();
	}

	private static Bundle read(String jar) throws IOException {
		Manifest manifest;
		try (JarFile file = new JarFile(jar, false)) {
			manifest = file.getManifest();
		}
		if (manifest == null) {
			return null;
		}
		Attributes a = manifest.getMainAttributes();
		String name = a.getValue("Bundle-SymbolicName");
		if (name == null) {
			return null;
		}
		String host = a.getValue("Fragment-Host");
		return new Bundle(jar, first(name), host == null ? null : first(host), clauses(a.getValue("Require-Bundle")),
				clauses(a.getValue("Import-Package")), clauses(a.getValue("Export-Package")));
	}

	private static String first(String header) {
		List<Clause> c = clauses(header);
		return c.isEmpty() || c.get(0).names().isEmpty() ? header.trim() : c.get(0).names().get(0);
	}

	/** An OSGi header's clauses: comma-separated, each names;…;attribute=value;directive:=value (values may be quoted). */
	static List<Clause> clauses(String header) {
		List<Clause> out = new ArrayList<>();
		if (header == null) {
			return out;
		}
		for (String clause : split(header, ',')) {
			List<String> names = new ArrayList<>();
			boolean optional = false;
			for (String part : split(clause, ';')) {
				String p = part.trim();
				if (p.isEmpty()) {
					continue;
				}
				int eq = p.indexOf('=');
				if (eq < 0) {
					names.add(p);
				} else if (p.replace(" ", "").startsWith("resolution:=")) {
					optional = p.substring(eq + 1).replace("\"", "").trim().equals("optional");
				}
			}
			if (!names.isEmpty()) {
				out.add(new Clause(names, optional));
			}
		}
		return out;
	}

	private static List<String> split(String text, char separator) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		boolean quoted = false;
		for (char c : text.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			if (c == separator && !quoted) {
				parts.add(part.toString());
				part.setLength(0);
			} else {
				part.append(c);
			}
		}
		parts.add(part.toString());
		return parts;
	}
}
