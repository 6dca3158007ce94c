package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;

/**
 * Handshake rate of our engine against itself on loopback: N IKE SAs (IKE_SA_INIT, IKE_INTERMEDIATE
 * per ADDKE, IKE_AUTH with PSK and one Child SA), {@code inFlight} at a time, for a proposal with
 * and without ML-KEM. Reports handshakes per second and process CPU per handshake (both sides, as
 * both engines run in this process). A harness, run on demand: not a test.
 *
 * Usage: HandshakeRate [count] [inFlight] [rounds]
 */
public final class HandshakeRate {

	private HandshakeRate() {
	}

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
		int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
		int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		String[] proposals = { "aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16-prfsha384-x25519" };
		System.out.printf("%-45s %8s %8s %12s %14s%n", "proposal", "count", "inflight", "handshakes/s", "CPU ms/hs");
		for (int round = 0; round < rounds; round++) {
			for (String ike : proposals) {
				double[] r = run(ike, count, inFlight);
				System.out.printf("%-45s %8d %8d %12.0f %14.3f%n", ike, count, inFlight, r[0], r[1]);
			}
		}
	}

	/** {handshakes per second, CPU milliseconds per handshake}. */
	static double[] run(String ike, int count, int inFlight) throws Exception {
		try (LoopbackPair pair = LoopbackPair.open(ike)) {
			Engine initiator = pair.initiator();
			Engine responder = pair.responder();
			IkeConfig config = pair.config();
			// warm up
			for (int i = 0; i < 50; i++) {
				initiator.initiate(config, responder.localAddress()).get(10, TimeUnit.SECONDS);
			}
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
					.getOperatingSystemMXBean();
			Semaphore slots = new Semaphore(inFlight);
			List<CompletableFuture<?>> all = new ArrayList<>(count);
			long cpu0 = os.getProcessCpuTime();
			long t0 = System.nanoTime();
			for (int i = 0; i < count; i++) {
				slots.acquire();
				all.add(initiator.initiate(config, responder.localAddress()).whenComplete((sa, e) -> slots.release()));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
			double seconds = (System.nanoTime() - t0) / 1e9;
			double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
			return new double[] { count / seconds, cpuMs / count };
		}
	}
}
