package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ikewb.cli.BundleClosure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path bin/ikewb runs on: the command line's bundle and what its manifests require, nothing else. */
class BundleClosureTest {

	@TempDir
	Path dir;

	private String jar(String name, String... headers) throws Exception {
		Manifest m = new Manifest();
		m.getMainAttributes().putValue("Manifest-Version", "1.0");
		m.getMainAttributes().putValue("Bundle-SymbolicName", name + ";singleton:=true");
		for (int i = 0; i < headers.length; i += 2) {
			m.getMainAttributes().putValue(headers[i], headers[i + 1]);
		}
		Path jar = dir.resolve(name + "_1.0.0.jar");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
			// the manifest is all
		}
		return jar.toString();
	}

	@Test
	void requiredBundlesExportersOfImportsAndFragmentsAreKeptOptionalOnesAndTheRestAreNot() throws Exception {
		String root = jar("root", "Require-Bundle", "lib.b;bundle-version=\"[1.0,2.0)\";visibility:=reexport",
				"Import-Package", "pkg.c;version=\"[1.87,2)\",pkg.d;resolution:=optional");
		String b = jar("lib.b", "Require-Bundle", "lib.g;resolution:=optional,lib.h");
		String c = jar("lib.c", "Export-Package", "pkg.c;version=\"1.87\";uses:=\"pkg.x,pkg.y\",pkg.other");
		String d = jar("lib.d", "Export-Package", "pkg.d");
		String unrelated = jar("ui.unrelated", "Require-Bundle", "root");
		String fragment = jar("lib.b.linux", "Fragment-Host", "lib.b;bundle-version=\"1.0\"");
		String g = jar("lib.g");
		String h = jar("lib.h");
		String classes = dir.resolve("classes").toString(); // a development checkout's folder
		List<String> path = List.of(root, classes, unrelated, b, c, d, fragment, g, h);
		assertEquals(List.of(root, classes, b, c, fragment, h), BundleClosure.of("root", path));
	}

	@Test
	void withoutTheRootBundleThePathStaysWhole() throws Exception {
		List<String> path = List.of(jar("a"), jar("b"));
		assertEquals(path, BundleClosure.of("org.ikewb.cli", path));
	}
}
