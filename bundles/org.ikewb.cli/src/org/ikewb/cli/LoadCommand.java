package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.load.LoadReport;
import org.ikewb.engine.load.LoadRun;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;

/**
 * {@code ikewb load}: IKE SAs against one peer at a rate or as fast as it answers, with a progress
 * line, latency percentiles per exchange type, failures by reason and a JSON summary; a ramp mode
 * raises the rate step by step until the peer starts to fail. Loads stay on this machine: loopback,
 * its own addresses, or a network namespace linked to it by a veth interface; counts and time are
 * bounded.
 */
final class LoadCommand {

	static final int MAX_COUNT = 100_000;
	static final int MAX_SECONDS = 3_600;

	@Command(customSynopsis = {
			"ikewb load --peer HOST:PORT [options]      IKE SAs against one peer; latencies per exchange, failures by reason",
			"       ikewb load --peer HOST:PORT --ramp FROM:STEP:TO [options]   the rate at which the peer starts to fail" },
			description = { "", "The peer must be on this machine: loopback, one of its addresses, or a network namespace"
					+ " behind a veth interface." })
	static final class Spec {
		@Option(names = "--peer", paramLabel = "HOST:PORT", required = true, description = "the responder to load")
		String peer;
		@Option(names = "--count", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "IKE SAs to start (default 100, at most " + MAX_COUNT + ")")
		int count = 100;
		@Option(names = "--rate", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "IKE SAs started per second (default: as fast as the peer answers, --in-flight at a time)")
		Integer rate;
		@Option(names = "--in-flight", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "unfinished IKE SAs at most (default 32)")
		int inFlight = 32;
		@Option(names = "--sources", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "source UDP ports the IKE SAs come from (default 4, at most 256)")
		int sources = 4;
		@Option(names = "--ike", paramLabel = "PROPOSALS", description = "IKE proposals, strongSwan notation (default " + RunCommand.DEFAULT_IKE + ")")
		String ike = RunCommand.DEFAULT_IKE;
		@Option(names = "--esp", paramLabel = "PROPOSALS", description = "ESP proposals of each Child SA (default aes256gcm16)")
		String esp = "aes256gcm16";
		@Option(names = "--psk-env", paramLabel = "VAR", description = "the pre-shared key from this environment variable")
		String pskEnv;
		@Option(names = "--psk-file", paramLabel = "FILE", description = "the pre-shared key from the first line of this file")
		String pskFile;
		@Option(names = "--id", paramLabel = "ID", description = "our identity, FQDN or e-mail (default initiator.ikewb)")
		String id = "initiator.ikewb";
		@Option(names = "--remote-id", paramLabel = "ID", description = "the identity the peer must show (default: the peer's identity is not checked)")
		String remoteId;
		@Option(names = "--keep", description = "keep every IKE SA until the run ends (the peer holds them all at once), then delete them; default: delete each once established")
		boolean keep;
		@Option(names = "--limit", paramLabel = "SECONDS", converter = Cli.PositiveNumber.class, description = "the longest a run (or a ramp step) may take (default 120, at most " + MAX_SECONDS + ")")
		int limit = 120;
		@Option(names = "--ramp", paramLabel = "FROM:STEP:TO", description = "raise the rate from FROM by STEP up to TO per second, --step-seconds each, until the peer fails (more than 1 % failed, under 90 % of the rate made, or a 99th percentile handshake over 1 s)")
		String ramp;
		@Option(names = "--step-seconds", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "how long each ramp step runs (default 5)")
		int stepSeconds = 5;
		@Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON (with --ramp: every step)")
		Path json;
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	private final PrintStream out;
	private final PrintStream err;
	private final Map<String, String> environment;

	LoadCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
		this.out = out;
		this.err = err;
		this.environment = environment;
	}

	static String help() {
		return Cli.help("load", new Spec());
	}

	int run(List<String> args) {
		Spec s = new Spec();
		Integer exit = Cli.parse("load", s, args, out, err);
		if (exit != null) {
			return exit;
		}
		LoadRun.Settings settings;
		int[] ramp;
		try {
			if (s.count > MAX_COUNT) {
				throw new IllegalArgumentException("--count " + s.count + " is more than " + MAX_COUNT + " IKE SAs");
			}
			if (s.limit > MAX_SECONDS) {
				throw new IllegalArgumentException("--limit " + s.limit + " is more than " + MAX_SECONDS + " seconds");
			}
			if (s.sources > 256) {
				throw new IllegalArgumentException("--sources " + s.sources + " is more than 256 source ports");
			}
			InetSocketAddress peer = RunCommand.address(s.peer);
			if (peer.getPort() == 0) {
				throw new IllegalArgumentException("--peer " + s.peer + ": port 0 is no IKE peer's port");
			}
			onThisMachine(peer.getAddress(), s.peer);
			java.util.function.Supplier<byte[]> psk = new RunCommand(java.io.InputStream.nullInputStream(), out, err, environment).psk(s.pskEnv, s.pskFile);
			if (psk == null) {
				throw new IllegalArgumentException("a pre-shared key is needed: --psk-env VAR or --psk-file FILE");
			}
			RunCommand.checkSatisfiable("--ike", s.ike, org.ikewb.protocol.ProtocolId.IKE);
			IkeConfig config = IkeConfig.psk(RunCommand.identity(s.id), s.remoteId == null ? null : RunCommand.identity(s.remoteId),
					psk, s.ike, s.esp).withRetransmission(1000, 3);
			ramp = s.ramp == null ? null : ramp(s.ramp);
			settings = new LoadRun.Settings(peer, config, s.count, s.rate == null ? 0 : s.rate, s.inFlight, s.sources, s.keep,
					Duration.ofSeconds(s.limit));
		} catch (IllegalArgumentException e) {
			return Cli.usage("load", e.getMessage(), err);
		}
		try {
			return ramp == null ? once(s, settings) : ramp(s, settings, ramp);
		} catch (IOException e) {
			err.println("ikewb load: " + Main.describe(e));
			return Main.FAILED;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("ikewb load: interrupted");
			return Main.FAILED;
		}
	}

	private int once(Spec s, LoadRun.Settings settings) throws IOException, InterruptedException {
		out.printf(Locale.ROOT, "ikewb load: %d IKE SAs to %s, %s, %s, %d in flight at most, %d source ports%s%n", settings.count(),
				s.peer, s.ike, settings.rate() > 0 ? (int) settings.rate() + "/s" : "as fast as answered", settings.inFlight(),
				settings.sources(), settings.keep() ? ", kept until the end" : "");
		LoadReport report = LoadRun.run(settings, this::progress);
		print(report);
		if (s.json != null) {
			write(s.json, report.json());
		}
		return report.established() == report.requested() ? Main.OK : Main.FAILED;
	}

	private void progress(LoadRun.Progress p) {
		out.printf(Locale.ROOT, "  %5.1f s  started %d  established %d  in flight %d  failed %d%s  %d/s%n",
				p.elapsed().toMillis() / 1000.0, p.started(), p.established(), p.inFlight(), p.failed(),
				p.failures().isEmpty() ? "" : " " + p.failures(), (int) p.lastSecondRate());
	}

	private void print(LoadReport r) {
		out.printf(Locale.ROOT, "established %d of %d in %.2f s: %.1f IKE SAs/s; failed %d%s; retransmissions %d; deleted %d%n",
				r.established(), r.requested(), r.elapsed().toMillis() / 1000.0, r.rate(), r.failed(),
				r.failures().isEmpty() ? "" : " " + new java.util.TreeMap<>(r.failures()), r.retransmissions(), r.deleted());
		out.printf(Locale.ROOT, "  %-22s %8s %9s %9s %9s %9s%n", "latency (ms)", "samples", "p50", "p90", "p99", "max");
		r.latencies().forEach((k, p) -> out.printf(Locale.ROOT, "  %-22s %8d %9.2f %9.2f %9.2f %9.2f%n", k, p.samples(), p.p50(),
				p.p90(), p.p99(), p.max()));
	}

	/** FROM:STEP:TO, each a positive rate per second. */
	private static int[] ramp(String text) {
		String[] parts = text.split(":");
		try {
			if (parts.length == 3) {
				int[] r = { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) };
				if (r[0] > 0 && r[1] > 0 && r[2] >= r[0] && r[2] <= 100_000) {
					return r;
				}
			}
		} catch (NumberFormatException e) {
			// said below
		}
		throw new IllegalArgumentException("--ramp " + text + ": FROM:STEP:TO, rates per second with FROM <= TO <= 100000 (e.g. 50:50:1000)");
	}

	/**
	 * Raises the rate until a step fails: more than 1 % of its IKE SAs failed, fewer than 90 % of the
	 * rate were established, or the 99th percentile handshake took over a second. The knee is the
	 * last rate that held.
	 */
	private int ramp(Spec s, LoadRun.Settings base, int[] ramp) throws IOException, InterruptedException {
		out.printf(Locale.ROOT, "ikewb load: ramp to %s, %s, from %d to %d IKE SAs/s in steps of %d, %d s each%n", s.peer, s.ike,
				ramp[0], ramp[2], ramp[1], s.stepSeconds);
		out.println("  (after a warm-up of 2 s at " + ramp[0] + "/s, not judged)");
		out.printf(Locale.ROOT, "  %8s %8s %11s %7s %9s %9s  %s%n", "rate/s", "started", "established", "failed", "made/s", "p99 ms",
				"holds");
		// a warm-up at the first rate, not judged: both ends' JIT compilers settle first
		LoadRun.run(new LoadRun.Settings(base.peer(), base.config(), Math.min(MAX_COUNT, ramp[0] * 2), ramp[0],
				base.inFlight(), base.sources(), false, Duration.ofSeconds(Math.min(s.limit, 20))), p -> {
				});
		Thread.sleep(1000);
		StringBuilder json = new StringBuilder("{\n  \"steps\": [");
		Integer knee = null;
		String why = null;
		for (int rate = ramp[0]; rate <= ramp[2]; rate += ramp[1]) {
			int count = (int) Math.min(MAX_COUNT, (long) rate * s.stepSeconds);
			LoadRun.Settings step = new LoadRun.Settings(base.peer(), base.config(), count, rate,
					base.inFlight(), base.sources(), false, Duration.ofSeconds(Math.min(s.limit, s.stepSeconds * 3L)));
			LoadReport r = LoadRun.run(step, p -> {
			});
			double p99 = r.latencies().get("handshake").p99();
			// over the time the step took: a peer that falls behind makes the step last longer (up to
			// three times --step-seconds), and its IKE SAs still get established — counted over the
			// nominal seconds, a peer making 840/s passed a step of 2,600/s
			double made = r.established() / Math.max(s.stepSeconds, r.elapsed().toNanos() / 1e9);
			String fails = r.failed() > 0.01 * r.started() ? "failed " + r.failed() + " of " + r.started()
					: made < 0.9 * rate ? String.format(Locale.ROOT, "made %.0f/s of %d/s", made, rate)
							: p99 > 1000 ? String.format(Locale.ROOT, "p99 handshake %.0f ms", p99) : null;
			out.printf(Locale.ROOT, "  %8d %8d %11d %7d %9.1f %9.2f  %s%n", rate, r.started(), r.established(), r.failed(), made, p99,
					fails == null ? "yes" : "no: " + fails + (r.failures().isEmpty() ? "" : " " + new java.util.TreeMap<>(r.failures())));
			json.append(knee == null && why == null && rate == ramp[0] ? "" : ",").append("\n    {\"rate\": ").append(rate)
					.append(", \"report\": ").append(r.json().strip().replace("\n", "\n    ")).append('}');
			if (fails != null) {
				why = fails;
				break;
			}
			knee = rate;
			Thread.sleep(1000); // the peer settles (deletes answered) before the next step
		}
		json.append("\n  ],\n  \"knee\": ").append(knee == null ? "null" : knee.toString()).append("\n}\n");
		if (knee == null) {
			out.println("the peer did not hold the first step (" + why + "): start the ramp lower");
		} else if (why == null) {
			out.println("the peer held every step up to " + knee + " IKE SAs/s: raise TO to find where it fails");
		} else {
			out.println("knee: " + knee + " IKE SAs/s held; the next step failed (" + why + ")");
		}
		if (s.json != null) {
			write(s.json, json.toString());
		}
		return Main.OK;
	}

	private void write(Path file, String text) throws IOException {
		Files.writeString(file, text);
		out.println("summary: " + file);
	}

	/**
	 * Loads stay on this machine: loopback, an address of one of its interfaces, or an address in the
	 * subnet of a veth interface (a network namespace of this machine).
	 */
	static void onThisMachine(InetAddress peer, String text) {
		if (peer.isLoopbackAddress() || peer.isAnyLocalAddress()) {
			return;
		}
		try {
			if (NetworkInterface.getByInetAddress(peer) != null) {
				return;
			}
			List<NetworkInterface> all = new ArrayList<>(java.util.Collections.list(NetworkInterface.getNetworkInterfaces()));
			for (NetworkInterface n : all) {
				if (!n.getName().startsWith("veth") && !n.getName().startsWith("ikewb")) {
					continue;
				}
				for (java.net.InterfaceAddress a : n.getInterfaceAddresses()) {
					if (sameSubnet(a.getAddress(), peer, a.getNetworkPrefixLength())) {
						return;
					}
				}
			}
		} catch (java.net.SocketException e) {
			// no interface list: only loopback and our own addresses qualify
		}
		throw new IllegalArgumentException("--peer " + text + " is not on this machine: ikewb load only loads loopback, this"
				+ " machine's own addresses, or a network namespace behind a veth interface");
	}

	private static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
		byte[] x = a.getAddress();
		byte[] y = b.getAddress();
		if (x.length != y.length || prefix <= 0) {
			return false;
		}
		for (int bit = 0; bit < Math.min(prefix, x.length * 8); bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}
}
