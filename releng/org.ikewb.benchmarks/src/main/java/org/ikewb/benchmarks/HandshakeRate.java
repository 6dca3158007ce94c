package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ikewb.crypto.CryptoProviders;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;

/**
 * Hybrid handshakes per second and CPU per handshake, side by side with strongSwan 6.1 on this
 * machine: N IKE SAs (IKE_SA_INIT, IKE_INTERMEDIATE per ADDKE, IKE_AUTH with PSK and one Child SA),
 * {@code inFlight} at a time, for {@code aes256gcm16-prfsha384-x25519-ke1_mlkem768} and the same
 * without ML-KEM, in three pairings run interleaved in one invocation and repeated:
 * <ul>
 * <li>{@code ours}: our engine against our engine on loopback (one JVM; CPU per side from each
 * engine's threads, JVM upkeep — GC, JIT, this harness — apart);
 * <li>{@code charon}: charon against charon (two processes, initiated through vici; CPU from /proc);
 * <li>{@code mixed}: our initiator against a charon responder (JVM process CPU, charon's from /proc).
 * </ul>
 * The charon pairings need root and the interop chroot (tests/interop/start-peer.sh installs it on
 * first use). A harness, run on demand: not a test.
 *
 * <p>
 * Usage: {@code HandshakeRate [--count N] [--in-flight 16,64] [--repeats R] [--pairings ours,charon,mixed]}
 */
public final class HandshakeRate {

	static final String PQ = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	static final String CLASSIC = "aes256gcm16-prfsha384-x25519";
	private static final String PSK = "handshake-rate-psk-0123456789abcdef";
	private static final int RESPONDER_PORT = 14800;
	private static final int INITIATOR_PORT = 14810;

	/** One measurement: rate, CPU ms per handshake per side (and JVM upkeep), failures. */
	record Result(double rate, double initiatorMs, double responderMs, double otherMs, int failed, double kernelMs) {
		Result(double rate, double initiatorMs, double responderMs, double otherMs, int failed) {
			this(rate, initiatorMs, responderMs, otherMs, failed, Double.NaN);
		}

		double totalMs() {
			return initiatorMs + responderMs + otherMs;
		}
	}

	private HandshakeRate() {
	}

	public static void main(String[] args) throws Exception {
		int count = 1000;
		int repeats = 3;
		int[] inFlights = { 16, 64 };
		List<String> pairings = List.of("ours", "charon", "mixed");
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
			case "--count" -> count = Integer.parseInt(args[i + 1]);
			case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
			case "--in-flight" -> inFlights = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
			case "--pairings" -> pairings = List.of(args[i + 1].split(","));
			default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		System.out.printf("# %d IKE SAs (+1 Child SA each) per run, %d repeats, Java %s, %d CPUs%n", count, repeats,
				Runtime.version(), Runtime.getRuntime().availableProcessors());
		System.out.println("# our crypto providers: " + CryptoProviders.describe());
		warmUp();
		// the floor is measured again in every repeat and each run is divided by its own repeat's: on a
		// shared machine the CPU time of the same work moves by a third between minutes
		List<Double> floorsPq = new ArrayList<>();
		List<Double> floorsClassic = new ArrayList<>();
		Map<String, List<Double>> ratios = new LinkedHashMap<>();
		Map<String, List<Result>> results = new LinkedHashMap<>();
		for (int r = 0; r < repeats; r++) {
			double floorPq = CryptoFloor.micros(true, 5);
			double floorClassic = CryptoFloor.micros(false, 5);
			floorsPq.add(floorPq);
			floorsClassic.add(floorClassic);
			System.out.printf("# repeat %d: crypto floor per handshake, both sides (CryptoFloor): x25519+ML-KEM-768 %.0f µs,"
					+ " x25519 %.0f µs%n", r + 1, floorPq, floorClassic);
			for (String pairing : pairings) {
				for (String ike : List.of(PQ, CLASSIC)) {
					for (int inFlight : inFlights) {
						Result result = switch (pairing) {
						case "ours" -> ours(ike, count, inFlight);
						case "charon" -> charon(ike, count, inFlight);
						case "mixed" -> mixed(ike, count, inFlight);
						default -> throw new IllegalArgumentException("unknown pairing " + pairing);
						};
						String key = pairing + "|" + ike + "|" + inFlight;
						results.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
						ratios.computeIfAbsent(key, k -> new ArrayList<>()).add((result.initiatorMs() + result.responderMs())
								* 1000 / (ike.equals(PQ) ? floorPq : floorClassic));
						System.out.printf("# run %d %-7s %-42s %3d in flight: %7.0f/s  CPU %.3f + %.3f + %.3f ms/hs%s%n",
								r + 1, pairing, ike, inFlight, result.rate(), result.initiatorMs(), result.responderMs(),
								result.otherMs(), result.failed() > 0 ? "  FAILED " + result.failed() : "");
						if (!Double.isNaN(result.kernelMs())) {
							System.out.printf("#   of the engines' CPU, in the kernel (UDP, waking threads): %.3f ms/hs%n",
									result.kernelMs());
						}
					}
				}
			}
		}
		System.out.printf("# crypto floor, median of the repeats: x25519+ML-KEM-768 %.0f µs, x25519 %.0f µs%n",
				median(floorsPq.stream().mapToDouble(Double::doubleValue).toArray()),
				median(floorsClassic.stream().mapToDouble(Double::doubleValue).toArray()));
		System.out.println();
		System.out.printf("| %-28s | %-9s | %3s | %-22s | %9s | %9s | %9s | %9s | %7s | %6s |%n", "pairing (initiator → responder)",
				"ML-KEM", "in", "handshakes/s median (min–max)", "CPU init", "CPU resp", "CPU other", "CPU total", "÷ floor",
				"failed");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (var e : results.entrySet()) {
			String[] k = e.getKey().split("\\|");
			List<Result> rs = e.getValue();
			double[] rates = rs.stream().mapToDouble(Result::rate).sorted().toArray();
			double ratio = median(ratios.get(e.getKey()).stream().mapToDouble(Double::doubleValue).toArray());
			System.out.printf("| %-28s | %-9s | %3s | %6.0f (%.0f–%.0f) | %9.3f | %9.3f | %9.3f | %9.3f | %6.2f× | %6d |%n",
					label(k[0]), k[1].equals(PQ) ? "x25519+768" : "x25519", k[2], median(rates), rates[0],
					rates[rates.length - 1], median(rs.stream().mapToDouble(Result::initiatorMs).toArray()),
					median(rs.stream().mapToDouble(Result::responderMs).toArray()),
					median(rs.stream().mapToDouble(Result::otherMs).toArray()),
					median(rs.stream().mapToDouble(Result::totalMs).toArray()),
					ratio, rs.stream().mapToInt(Result::failed).sum());
		}
		System.out.println();
		System.out.println("CPU columns: milliseconds of CPU per handshake (user + system), medians. ours: each engine's"
				+ " threads, 'other' = rest of the JVM (GC, JIT, harness); charon: each process from /proc;"
				+ " mixed: our whole JVM as initiator, charon's process as responder. ÷ floor: CPU init + resp over"
				+ " CryptoFloor's of the same repeat (median of the runs' ratios), the primitives of the same handshake called directly on the fastest Java"
				+ " implementations (for charon: its C against that Java floor).");
	}

	private static String label(String pairing) {
		return switch (pairing) {
		case "ours" -> "ours → ours";
		case "charon" -> "charon → charon (vici)";
		case "mixed" -> "ours → charon";
		default -> pairing;
		};
	}

	static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/**
	 * JIT warm-up of the whole handshake path before anything is measured (charon is compiled C):
	 * batches of our handshakes until a batch costs the JIT compiler less than 20 ms (C2 keeps
	 * compiling for tens of thousands of handshakes; measured before that, the JVM's own CPU would be
	 * charged to the engine).
	 */
	private static void warmUp() throws Exception {
		java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		long t0 = System.nanoTime();
		int batches = 0;
		long before = jit.getTotalCompilationTime();
		long spent;
		do {
			for (String ike : List.of(PQ, CLASSIC)) {
				ours(ike, 2000, 16);
			}
			long after = jit.getTotalCompilationTime();
			spent = after - before;
			before = after;
			batches++;
		} while (spent > 20 && batches < 30);
		System.out.printf("# warm-up: %d batches of 2 x 2,000 of our handshakes in %.0f s (last batch: %d ms of JIT)%n",
				batches, (System.nanoTime() - t0) / 1e9, spent);
	}

	// ------------------------------------------------------------------ ours → ours

	static Result ours(String ike, int count, int inFlight) throws Exception {
		try (LoopbackPair pair = LoopbackPair.open(ike)) {
			Engine initiator = pair.initiator();
			Engine responder = pair.responder();
			for (int i = 0; i < 50; i++) {
				initiator.initiate(pair.config(), responder.localAddress()).get(10, TimeUnit.SECONDS);
			}
			String ip = "ikewb-" + initiator.localAddress().getPort() + "-";
			String rp = "ikewb-" + responder.localAddress().getPort() + "-";
			Cpu cpu = new Cpu();
			long i0 = cpu.threads(ip);
			long r0 = cpu.threads(rp);
			long u0 = cpu.user(ip) + cpu.user(rp);
			long p0 = cpu.process();
			long t0 = System.nanoTime();
			int failed = drive(count, inFlight, () -> initiator.initiate(pair.config(), responder.localAddress()));
			double seconds = (System.nanoTime() - t0) / 1e9;
			long i = cpu.threads(ip) - i0;
			long r = cpu.threads(rp) - r0;
			long u = cpu.user(ip) + cpu.user(rp) - u0;
			long p = cpu.process() - p0;
			return new Result(count / seconds, i / 1e6 / count, r / 1e6 / count, (p - i - r) / 1e6 / count, failed,
					(i + r - u) / 1e6 / count);
		}
	}

	/** Keeps {@code inFlight} handshakes going until {@code count} were started; returns the failures. */
	private static int drive(int count, int inFlight, java.util.function.Supplier<CompletableFuture<?>> start)
			throws Exception {
		Semaphore slots = new Semaphore(inFlight);
		AtomicInteger failed = new AtomicInteger();
		List<CompletableFuture<?>> all = new ArrayList<>(count);
		for (int n = 0; n < count; n++) {
			slots.acquire();
			all.add(start.get().whenComplete((sa, e) -> {
				if (e != null) {
					failed.incrementAndGet();
				}
				slots.release();
			}));
		}
		try {
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
		} catch (java.util.concurrent.ExecutionException e) {
			// counted above
		}
		return failed.get();
	}

	/** Thread CPU by thread-name prefix, and the whole process. */
	private static final class Cpu {
		private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();

		long threads(String prefix) {
			long sum = 0;
			for (Thread t : Thread.getAllStackTraces().keySet()) {
				if (t.getName().startsWith(prefix)) {
					long n = threads.getThreadCpuTime(t.threadId());
					sum += Math.max(n, 0);
				}
			}
			return sum;
		}

		long user(String prefix) {
			long sum = 0;
			for (Thread t : Thread.getAllStackTraces().keySet()) {
				if (t.getName().startsWith(prefix)) {
					sum += Math.max(threads.getThreadUserTime(t.threadId()), 0);
				}
			}
			return sum;
		}

		long process() {
			return os.getProcessCpuTime();
		}
	}

	// ------------------------------------------------------------------ charon → charon

	static String responderConf() {
		return """
				connections {
				  bench {
				    version = 2
				    local_addrs = 127.0.0.1
				    remote_addrs = %%any
				    proposals = %s, %s
				    mobike = no
				    fragmentation = yes
				    unique = never
				    send_certreq = no
				    local { auth = psk
				      id = responder.bench.test }
				    remote { auth = psk
				      id = %%any }
				    children {
				      bench {
				        esp_proposals = aes256gcm16
				        policies = no
				        start_action = none
				      }
				    }
				  }
				}
				secrets { ike-bench { secret = "%s" } }
				""".formatted(PQ, CLASSIC, PSK);
	}

	static String initiatorConf() {
		StringBuilder conf = new StringBuilder("connections {\n");
		for (String ike : List.of(PQ, CLASSIC)) {
			String name = ike.equals(PQ) ? "pq" : "classic";
			conf.append("""
					  %s {
					    version = 2
					    local_addrs = 127.0.0.1
					    remote_addrs = 127.0.0.1
					    remote_port = %d
					    proposals = %s
					    mobike = no
					    fragmentation = yes
					    send_certreq = no
					    local { auth = psk
					      id = initiator.bench.test }
					    remote { auth = psk
					      id = responder.bench.test }
					    children {
					      %s {
					        esp_proposals = aes256gcm16
					        policies = no
					        start_action = none
					      }
					    }
					  }
					""".formatted(name, RESPONDER_PORT, ike, name));
		}
		return conf.append("}\nsecrets { ike-bench { secret = \"").append(PSK).append("\" } }\n").toString();
	}

	static Result charon(String ike, int count, int inFlight) throws Exception {
		String name = ike.equals(PQ) ? "pq" : "classic";
		try (Charon responder = Charon.start("bench-r", RESPONDER_PORT, responderConf(), 32);
				Charon initiator = Charon.start("bench-i", INITIATOR_PORT, initiatorConf(), inFlight + 32)) {
			List<Vici> connections = new ArrayList<>();
			for (int i = 0; i < inFlight; i++) {
				connections.add(initiator.viciConnection());
			}
			try {
				Map<String, String> request = Map.of("ike", name, "child", name, "timeout", "60000", "init-limits", "no",
						"loglevel", "-1");
				// warm-up: caches, allocator arenas, thread pool
				viciLoop(connections, 50, request);
				long i0 = initiator.cpuNanos();
				long r0 = responder.cpuNanos();
				long t0 = System.nanoTime();
				int failed = viciLoop(connections, count, request);
				double seconds = (System.nanoTime() - t0) / 1e9;
				return new Result(count / seconds, (initiator.cpuNanos() - i0) / 1e6 / count,
						(responder.cpuNanos() - r0) / 1e6 / count, 0, failed);
			} finally {
				for (Vici v : connections) {
					v.close();
				}
			}
		}
	}

	/** One thread per vici connection, each initiating until {@code count} were started in all. */
	private static int viciLoop(List<Vici> connections, int count, Map<String, String> request) throws Exception {
		AtomicInteger started = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (Vici vici : connections) {
			threads.add(Thread.ofPlatform().start(() -> {
				while (started.getAndIncrement() < count) {
					try {
						Map<String, String> answer = vici.request("initiate", request);
						if (!"yes".equals(answer.get("success"))) {
							failed.incrementAndGet();
						}
					} catch (java.io.IOException e) {
						failed.incrementAndGet();
					}
				}
			}));
		}
		for (Thread t : threads) {
			t.join();
		}
		return failed.get();
	}

	// ------------------------------------------------------------------ ours → charon

	static Result mixed(String ike, int count, int inFlight) throws Exception {
		try (Charon responder = Charon.start("bench-r", RESPONDER_PORT, responderConf(), 32);
				Engine initiator = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
			IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn("initiator.bench.test"),
					IkeConfig.Identity.fqdn("responder.bench.test"), psk::clone, ike, "aes256gcm16")
					.withRetransmission(2000, 3);
			InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), RESPONDER_PORT);
			for (int i = 0; i < 50; i++) {
				initiator.initiate(config, peer).get(10, TimeUnit.SECONDS);
			}
			Cpu cpu = new Cpu();
			long i0 = cpu.process();
			long r0 = responder.cpuNanos();
			long t0 = System.nanoTime();
			int failed = drive(count, inFlight, () -> initiator.initiate(config, peer));
			double seconds = (System.nanoTime() - t0) / 1e9;
			return new Result(count / seconds, (cpu.process() - i0) / 1e6 / count,
					(responder.cpuNanos() - r0) / 1e6 / count, 0, failed);
		}
	}
}
