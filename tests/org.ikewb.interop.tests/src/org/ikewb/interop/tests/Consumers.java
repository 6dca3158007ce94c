package org.ikewb.interop.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Debian forky chroot of tests/consumers that holds the real programs reading what the
 * workbench writes: tshark 4.6, Ansible 14 with Fortinet's and Check Point's collections, Libreswan
 * 5.2. Installed on first use by {@code install-root.sh} (root, network to Debian); a test that
 * cannot get it fails, it never skips.
 */
final class Consumers {

	static final Path SCRIPTS = Path.of(System.getProperty("ikewb.consumers.dir", "../consumers"));
	private static Path root;

	private Consumers() {
	}

	/** The chroot, installed if needed. */
	static synchronized Path root() throws IOException, InterruptedException {
		if (root == null) {
			String out = StrongSwan.run(1200, "bash", SCRIPTS.resolve("install-root.sh").toString()).strip();
			String last = out.substring(out.lastIndexOf('\n') + 1);
			if (out.contains("(exit ") || !Files.isDirectory(Path.of(last))) {
				throw new IOException("the consumers' chroot could not be installed:\n" + out);
			}
			root = Path.of(last);
		}
		return root;
	}

	/** A fresh directory inside the chroot (below /tmp) for one test's files; the host path. */
	static Path workDir(String name) throws IOException, InterruptedException {
		Path dir = root().resolve("tmp/ikewb-consumer-tests/" + name);
		if (Files.exists(dir)) {
			try (var walk = Files.walk(dir)) {
				for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		Files.createDirectories(dir);
		return dir;
	}

	/** The path a program inside the chroot sees for a host path below the chroot. */
	static String inside(Path hostPath) throws IOException, InterruptedException {
		return "/" + root().relativize(hostPath.toAbsolutePath());
	}

	/** Runs a program inside the chroot with HOME set (Wireshark reads its profile from there). */
	static String run(int timeoutSeconds, String home, String... command) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>(List.of("chroot", root().toString(), "env", "HOME=" + home, "LC_ALL=C.UTF-8"));
		full.addAll(List.of(command));
		return StrongSwan.run(timeoutSeconds, full.toArray(String[]::new));
	}

	/** How often a text occurs in a program's output. */
	static int count(String text, String needle) {
		int n = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			n++;
		}
		return n;
	}
}
