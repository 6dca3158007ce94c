package org.ikewb.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A strongSwan 6.1 charon instance in the interop chroot (tests/interop/start-peer.sh), tuned for
 * measuring rather than for debugging: file logging off, enough threads for every vici request that
 * waits on an initiation, no COOKIE or per-peer half-open limit (every SA comes from 127.0.0.1, and
 * our responder in the same harness runs without them too).
 */
final class Charon implements AutoCloseable {

	static final Path INTEROP = Path.of(System.getProperty("ikewb.interop.dir", "tests/interop"));
	static final Path ROOT = Path.of(System.getenv().getOrDefault("PEER_BASE", "/var/tmp/ikewb-peer"), "root-forky");
	private static final long TICKS_PER_SECOND = ticks();

	final String name;
	final int port;
	private final long pid;

	private Charon(String name, int port, long pid) {
		this.name = name;
		this.port = port;
		this.pid = pid;
	}

	static Charon start(String name, int port, String swanctlConf, int threads) throws IOException, InterruptedException {
		Path conf = Files.createTempFile("swanctl-" + name, ".conf");
		Files.writeString(conf, swanctlConf);
		List<String> command = new ArrayList<>(List.of("bash", INTEROP.resolve("start-peer.sh").toString(), "-p",
				Integer.toString(port), "-P", Integer.toString(port + 1), "-n", name, "-c", conf.toString(), "-l",
				System.getProperty("ikewb.charon.log", "default=-1")));
		for (String option : List.of("threads = " + threads, "reuse_ikesa = no", "cookie_threshold = 1000000", "cookie_threshold_ip = 1000000",
				"block_threshold = 1000000", "init_limit_half_open = 0", "ikesa_table_size = 4096",
				"ikesa_table_segments = 16", "retransmit_timeout = 2.0")) {
			command.add("-o");
			command.add(option);
		}
		// STDERR_LEVEL: start-peer.sh otherwise copies level-1 messages (a line per packet) to a file
		String output = run(600, command, Map.of("STDERR_LEVEL", "-1"));
		Files.deleteIfExists(conf);
		if (!output.contains("running: pid")) {
			throw new IOException("strongSwan instance " + name + " did not start:\n" + output);
		}
		long pid = Long.parseLong(Files.readString(ROOT.resolve("var/lib/peer/" + name + "/charon.pid")).trim());
		// swanctl --load-all ran in start-peer.sh; a vici connection proves charon answers
		try (Vici vici = new Vici(ROOT.resolve("var/lib/peer/" + name + "/charon.vici"))) {
			vici.request("version", Map.of());
		} catch (IOException e) {
			throw new IOException("strongSwan instance " + name + ": vici does not answer", e);
		}
		return new Charon(name, port, pid);
	}

	Vici viciConnection() throws IOException {
		return new Vici(ROOT.resolve("var/lib/peer/" + name + "/charon.vici"));
	}

	/** User + system CPU of the charon process (all threads), in nanoseconds, from /proc. */
	long cpuNanos() throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
		return ticks * 1_000_000_000L / TICKS_PER_SECOND;
	}

	/** Resident set size of charon in KiB. */
	long rssKiB() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		return -1;
	}

	private static long ticks() {
		try {
			return Long.parseLong(run(10, List.of("getconf", "CLK_TCK")).trim());
		} catch (IOException | InterruptedException | NumberFormatException e) {
			return 100;
		}
	}

	static String run(int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
		return run(timeoutSeconds, command, Map.of());
	}

	static String run(int timeoutSeconds, List<String> command, Map<String, String> env)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process p = builder.start();
		byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
		}
		return new String(out, StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run(60, List.of("bash", INTEROP.resolve("stop-peer.sh").toString(), "-n", name));
	}
}
