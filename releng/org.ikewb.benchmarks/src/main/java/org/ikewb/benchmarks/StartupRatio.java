package org.ikewb.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the command line starts compared with the JVM it runs on, run on demand (never in the tests):
 * paired, interleaved rounds of {@code java -version} (the same JDK bin/ikewb uses),
 * {@code bin/ikewb validate examples/branch-to-hq.ikewb} — through the command line's server, as
 * bin/ikewb runs it once the server listens, and as its own process ({@code IKEWB_NO_SERVER=1}, as
 * the first command after a build runs) — and {@code bin/ikewb run} (the embedded hybrid exchange),
 * each a whole process, wall time; medians and the ratios. Run from the repository's root after a build:
 * {@code java -cp releng/org.ikewb.benchmarks/target/benchmarks.jar org.ikewb.benchmarks.StartupRatio [rounds]}.
 * {@code IKEWB_NO_AOT=1} in the environment measures without the ahead-of-time cache.
 */
public final class StartupRatio {

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
		Path root = Path.of("").toAbsolutePath();
		Path ikewb = root.resolve("bin/ikewb");
		if (!Files.isExecutable(ikewb)) {
			System.err.println("StartupRatio: run it from the repository's root (bin/ikewb not found in " + root + ")");
			System.exit(2);
		}
		String javaHome = System.getenv().getOrDefault("JAVA_HOME", System.getProperty("java.home"));
		String java = javaHome + File.separator + "bin" + File.separator + "java";
		Map<String, List<String>> commands = new LinkedHashMap<>();
		commands.put("java -version", List.of(java, "-version"));
		commands.put("ikewb validate", List.of(ikewb.toString(), "validate", "examples/branch-to-hq.ikewb"));
		commands.put("validate, own JVM", List.of("env", "IKEWB_NO_SERVER=1", ikewb.toString(), "validate",
				"examples/branch-to-hq.ikewb"));
		commands.put("ikewb run", List.of(ikewb.toString(), "run"));
		// unmeasured rounds: the product is built, the AOT cache (JDK 25+) made, then the server
		// started (by the first validate once the cache is there), and the page cache warm
		for (int warm = 0; warm < 2; warm++) {
			for (List<String> c : commands.values()) {
				time(c, root);
			}
			waitForBackgroundStarts();
		}
		Map<String, List<Long>> times = new LinkedHashMap<>();
		commands.keySet().forEach(k -> times.put(k, new ArrayList<>()));
		for (int r = 0; r < rounds; r++) {
			for (var e : commands.entrySet()) {
				times.get(e.getKey()).add(time(e.getValue(), root));
			}
		}
		long base = median(times.get("java -version"));
		System.out.printf("%d rounds, interleaved; wall time per process, median (min–max)%n", rounds);
		if (System.getenv("IKEWB_NO_SERVER") != null) {
			System.out.println("  (IKEWB_NO_SERVER is set: every validate runs as its own process)");
		}
		for (var e : times.entrySet()) {
			long m = median(e.getValue());
			System.out.printf("  %-18s %6d ms (%d–%d)   %5.1f× java -version%n", e.getKey(), m,
					e.getValue().stream().mapToLong(Long::longValue).min().orElse(0),
					e.getValue().stream().mapToLong(Long::longValue).max().orElse(0), m / (double) base);
		}
		System.out.println("AOT cache: " + (System.getenv("IKEWB_NO_AOT") != null ? "off (IKEWB_NO_AOT)"
				: Runtime.version().feature() >= 25 ? "on (JDK " + Runtime.version().feature() + ")" : "none before JDK 25"));
	}

	/** Waits (up to a minute) for bin/ikewb's background work — cache training, a server starting — to end. */
	private static void waitForBackgroundStarts() throws InterruptedException {
		String cacheHome = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
		File dir = new File(cacheHome, "ikewb");
		for (int i = 0; i < 600; i++) {
			File[] locks = dir.listFiles((d, n) -> n.endsWith(".lock"));
			if (locks == null || locks.length == 0) {
				return;
			}
			Thread.sleep(100);
		}
	}

	private static long time(List<String> command, Path dir) throws Exception {
		long t0 = System.nanoTime();
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		p.waitFor();
		return (System.nanoTime() - t0) / 1_000_000;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}
}
