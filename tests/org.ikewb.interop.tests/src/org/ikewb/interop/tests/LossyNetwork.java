package org.ikewb.interop.tests;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;

/**
 * Runs hybrid exchanges with rekeys through a {@link UdpRelay}: IKE_SA_INIT, IKE_INTERMEDIATE
 * (ML-KEM-768), IKE_AUTH with a Child SA, then an IKE SA rekey and a Child SA rekey (both
 * CREATE_CHILD_SA with x25519 + IKE_FOLLOWUP_KE ML-KEM-768). Each run records whether it completed,
 * how long it took, how many requests our initiator retransmitted, and whether both sides hold the
 * same final keys. Shared by the short fault tests and the long table harness.
 */
final class LossyNetwork {

	static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";
	static final String PSK = "lossy-network-psk-0123456789";

	/** One exchange-with-rekeys: completed, keys identical on both sides, time, retransmissions. */
	record Run(boolean completed, boolean keysIdentical, long millis, int retransmissions, String failure) {
	}

	/** How the responder's final keys are read back for comparison. */
	interface KeyCheck {
		/** Whether the responder holds exactly these final IKE and Child SA keys. */
		boolean matches(EstablishedSa ours, EstablishedSa.Child child) throws Exception;
	}

	static final IkeConfig.Identity US = IkeConfig.Identity.fqdn("initiator.lossy.test");
	static final IkeConfig.Identity THEM = IkeConfig.Identity.fqdn("responder.lossy.test");

	private LossyNetwork() {
	}

	/** Our responder for the same suite. */
	static Engine ourResponder() throws java.io.IOException {
		Engine responder = engine();
		byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
		responder.respondWith(IkeConfig.psk(THEM, null, psk::clone, IKE, ESP));
		return responder;
	}

	/** charon as responder for the same suite; it logs keys (ike 4) for the comparison. */
	static String strongSwanResponderConf() {
		return """
				connections {
				  ikewb {
				    version = 2
				    local_addrs = 127.0.0.1
				    remote_addrs = %%any
				    proposals = %s
				    mobike = no
				    fragmentation = yes
				    unique = never
				    send_certreq = no
				    local {
				      auth = psk
				      id = responder.lossy.test
				    }
				    remote {
				      auth = psk
				      id = %%any
				    }
				    children {
				      ikewb {
				        esp_proposals = %s
				        policies = no
				        start_action = none
				      }
				    }
				  }
				}
				secrets {
				  ike-lossy {
				    secret = "%s"
				  }
				}
				""".formatted(IKE, ESP, PSK);
	}

	static IkeConfig initiatorConfig(IkeConfig.Identity us, IkeConfig.Identity them) {
		byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
		// 500 ms, doubling, 5 retransmissions: an exchange is given up after ~31 s
		return IkeConfig.psk(us, them, psk::clone, IKE, ESP).withRetransmission(500, 5);
	}

	static Engine engine() throws java.io.IOException {
		return Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
	}

	/** One run through {@code relay}; never throws for a failed exchange, records it. */
	static Run run(Engine initiator, IkeConfig config, UdpRelay relay, KeyCheck check) {
		AtomicInteger retransmissions = new AtomicInteger();
		TraceListenerCounter counter = new TraceListenerCounter(retransmissions);
		initiator.addListener(counter);
		long t0 = System.nanoTime();
		String[] stage = { "IKE_SA_INIT..IKE_AUTH" };
		try {
			EstablishedSa sa = initiator.initiate(config, relay.address()).get(120, TimeUnit.SECONDS);
			stage[0] = "IKE SA rekey";
			EstablishedSa rekeyed = initiator.rekeyIke(sa).get(120, TimeUnit.SECONDS);
			stage[0] = "Child SA rekey";
			EstablishedSa.Child child = initiator.rekeyChild(rekeyed, rekeyed.children().get(0)).get(120,
					TimeUnit.SECONDS);
			long millis = (System.nanoTime() - t0) / 1_000_000;
			EstablishedSa now = initiator.current(rekeyed).get(10, TimeUnit.SECONDS);
			return new Run(true, check.matches(now, child), millis, retransmissions.get(), null);
		} catch (Exception e) {
			Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause()
					: e;
			return new Run(false, false, (System.nanoTime() - t0) / 1_000_000, retransmissions.get(),
					stage[0] + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
		} finally {
			initiator.removeListener(counter);
		}
	}

	/** Our responder's view: the IKE SA with our SPIs and the Child SA whose inbound SPI is our outbound. */
	static KeyCheck ourResponder(Engine responder) {
		return (ours, child) -> {
			for (EstablishedSa theirs : responder.established().get(10, TimeUnit.SECONDS)) {
				if (theirs.initiatorSpi() != ours.initiatorSpi() || theirs.responderSpi() != ours.responderSpi()) {
					continue;
				}
				boolean ike = theirs.keys().skD().equals(ours.keys().skD())
						&& theirs.keys().skEi().equals(ours.keys().skEi()) && theirs.keys().skEr().equals(ours.keys().skEr())
						&& theirs.keys().skPi().equals(ours.keys().skPi());
				boolean esp = theirs.children().stream().anyMatch(c -> c.inboundSpi().equals(child.outboundSpi())
						&& c.keys().equals(child.keys()));
				return ike && esp;
			}
			return false;
		};
	}

	/** charon's view, from what it logged (ike 4) since {@code mark}: the last SK_d and Child SA keys. */
	static KeyCheck strongSwan(StrongSwan peer, long[] mark) {
		return (ours, child) -> {
			List<byte[]> skd = peer.dumpsSince("Sk_d secret", mark[0]);
			List<byte[]> ei = peer.dumpsSince("encryption initiator key", mark[0]);
			List<byte[]> er = peer.dumpsSince("encryption responder key", mark[0]);
			return !skd.isEmpty() && !ei.isEmpty() && !er.isEmpty()
					&& Arrays.equals(skd.get(skd.size() - 1), ours.keys().skD().toByteArray())
					&& Arrays.equals(ei.get(ei.size() - 1), child.keys().encryptionInitiator().toByteArray())
					&& Arrays.equals(er.get(er.size() - 1), child.keys().encryptionResponder().toByteArray());
		};
	}

	/** Counts the requests our initiator sent again. */
	private record TraceListenerCounter(AtomicInteger count) implements org.ikewb.engine.TraceListener {
		@Override
		public void onEvent(TraceEvent event) {
			if (event instanceof TraceEvent.Message m && m.retransmission()
					&& m.direction() == TraceEvent.Direction.SENT) {
				count.incrementAndGet();
			}
		}
	}

	/** One line of the table: completed of N, median and 90th percentile time, retransmissions, relay counters. */
	static String summarize(String pairing, double loss, List<Run> runs, UdpRelay relay) {
		List<Run> done = runs.stream().filter(Run::completed).toList();
		long[] times = done.stream().mapToLong(Run::millis).sorted().toArray();
		long identical = done.stream().filter(Run::keysIdentical).count();
		int retransmissions = runs.stream().mapToInt(Run::retransmissions).sum();
		return String.format("| %-16s | %3.0f %% | %3d / %3d | %6s | %6s | %5d | %4d of %-4d | %s / %s |", pairing,
				loss * 100, done.size(), runs.size(), times.length == 0 ? "-" : times[times.length / 2],
				times.length == 0 ? "-" : times[Math.min(times.length - 1, times.length * 9 / 10)], retransmissions,
				identical, done.size(), relay.toResponder, relay.toInitiator);
	}

	static String header() {
		return "| pairing          | loss  | completed | median ms | p90 ms | retransmitted | keys identical | relay → responder / → initiator |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---|";
	}

	static List<String> failures(List<Run> runs) {
		List<String> out = new ArrayList<>();
		for (Run r : runs) {
			if (!r.completed()) {
				out.add(r.failure());
			}
		}
		return out;
	}
}
