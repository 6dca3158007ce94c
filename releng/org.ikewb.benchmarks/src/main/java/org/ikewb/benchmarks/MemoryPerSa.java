package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;

/**
 * Retained heap per established IKE SA with its Child SA: two engines on loopback establish N hybrid
 * IKE SAs (x25519 + ML-KEM-768, PSK, one Child SA each) and keep them; the heap in use after full
 * collections, minus the same measurement with the engines bound but no SA, divided by 2N (each
 * SA lives on both sides). A harness, run on demand.
 *
 * Usage: MemoryPerSa [count]
 */
public final class MemoryPerSa {

	private MemoryPerSa() {
	}

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		try (LoopbackPair pair = LoopbackPair.open(ike)) {
			Engine initiator = pair.initiator();
			Engine responder = pair.responder();
			IkeConfig config = pair.config();
			// warm up the code paths, then remove those SAs again
			List<EstablishedSa> warm = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				warm.add(initiator.initiate(config, responder.localAddress()).get(10, TimeUnit.SECONDS));
			}
			for (EstablishedSa sa : warm) {
				initiator.delete(sa);
			}
			Thread.sleep(1000);
			long before = usedAfterGc();
			int saBefore = initiator.ikeSaCount() + responder.ikeSaCount();
			List<CompletableFuture<EstablishedSa>> all = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				all.add(initiator.initiate(config, responder.localAddress()));
				if (all.size() % 32 == 0) {
					all.get(all.size() - 1).get(30, TimeUnit.SECONDS);
				}
			}
			for (CompletableFuture<EstablishedSa> f : all) {
				f.get(30, TimeUnit.SECONDS);
			}
			all.clear(); // our snapshots (EstablishedSa) must not count: only what the engines hold
			Thread.sleep(500);
			long after = usedAfterGc();
			int sas = initiator.ikeSaCount() + responder.ikeSaCount() - saBefore;
			System.out.printf("%d IKE SAs with one Child SA each, on both sides (%d SA states): heap %.1f MiB -> %.1f MiB%n",
					count, sas, before / 1048576.0, after / 1048576.0);
			System.out.printf("retained per IKE SA + Child SA (one side): %.2f KiB%n", (after - before) / 1024.0 / sas);
		}
	}

	static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}
}
