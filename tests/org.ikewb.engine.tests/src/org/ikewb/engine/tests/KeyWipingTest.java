package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.Test;

/**
 * Key material is overwritten with zeros when its SA goes: a rekeyed Child SA's keys, the keys of
 * every generation of a deleted IKE SA, on both sides. An opted-in key trace keeps its own copies.
 */
class KeyWipingTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	private static boolean zero(Octets o) {
		for (int i = 0; i < o.length(); i++) {
			if (o.get(i) != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean wiped(IkeSaKeys k) {
		return zero(k.skeyseed()) && zero(k.skD()) && zero(k.skAi()) && zero(k.skAr()) && zero(k.skEi())
				&& zero(k.skEr()) && zero(k.skPi()) && zero(k.skPr());
	}

	private static boolean wiped(EstablishedSa.Child c) {
		return zero(c.keys().encryptionInitiator()) && zero(c.keys().encryptionResponder())
				&& zero(c.keys().integrityInitiator()) && zero(c.keys().integrityResponder());
	}

	@Test
	void keysOfRekeyedAndDeletedSasAreZeroedAndTheTraceKeepsItsCopies() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		List<TraceEvent> events = new CopyOnWriteArrayList<>();
		byte[] psk = "wiping-test-psk-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		try (Engine initiator = Engine.bind(any, true); Engine responder = Engine.bind(any, false)) {
			initiator.addListener(events::add);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, psk::clone, IKE, ESP));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i.test"),
					IkeConfig.Identity.fqdn("r.test"), psk::clone, IKE, ESP), responder.localAddress())
					.get(20, TimeUnit.SECONDS);
			EstablishedSa theirs = responder.established().get(5, TimeUnit.SECONDS).get(0);
			EstablishedSa.Child first = sa.children().get(0);
			assertFalse(wiped(sa.keys()) || wiped(first) || wiped(theirs.keys()), "live keys are not zero");

			EstablishedSa.Child second = initiator.rekeyChild(sa, first).get(20, TimeUnit.SECONDS);
			waitFor(() -> wiped(first) && wiped(theirs.children().get(0)), "the old Child SA's keys on both sides");
			assertFalse(wiped(second), "the new Child SA's keys are live");

			EstablishedSa now = initiator.current(sa).get(5, TimeUnit.SECONDS);
			EstablishedSa rekeyed = initiator.rekeyIke(now).get(20, TimeUnit.SECONDS);
			waitFor(() -> wiped(sa.keys()) && wiped(theirs.keys()), "the old IKE SA's keys on both sides");
			assertFalse(wiped(rekeyed.keys()) || wiped(rekeyed.children().get(0)),
					"the new IKE SA and the Child SA it took over are live");

			initiator.delete(rekeyed);
			waitFor(() -> wiped(rekeyed.keys()) && wiped(rekeyed.children().get(0)), "every key of the deleted IKE SA");
			waitFor(() -> responder.ikeSaCount() == 0, "the responder deleted its side");

			// the opt-in trace holds copies: all generations still readable after the wipe
			List<IkeSaKeys> traced = events.stream().filter(e -> e instanceof TraceEvent.KeysDerived k && k.keys() != null)
					.map(e -> ((TraceEvent.KeysDerived) e).keys()).toList();
			assertEquals(3, traced.size(), "IKE_SA_INIT, IKE_INTERMEDIATE, IKE SA rekey: " + traced);
			assertTrue(traced.stream().noneMatch(KeyWipingTest::wiped), "the trace's keys survive the SA");
			assertEquals(sa.initiatorSpi(), events.stream().filter(e -> e instanceof TraceEvent.KeysDerived)
					.mapToLong(TraceEvent::initiatorSpi).findFirst().orElse(0));
		}
	}

	private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > until) {
				throw new AssertionError("not wiped within 10 s: " + what);
			}
			Thread.sleep(20);
		}
	}
}
