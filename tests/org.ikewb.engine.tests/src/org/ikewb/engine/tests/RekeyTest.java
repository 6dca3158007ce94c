package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CREATE_CHILD_SA with IKE_FOLLOWUP_KE: IKE SA and Child SA rekeys, started by either side. */
class RekeyTest {

	private static final byte[] PSK = "rekey-test-psk".getBytes(StandardCharsets.US_ASCII);
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	private Engine initiator;
	private Engine responder;
	private final List<TraceEvent> initiatorTrace = new CopyOnWriteArrayList<>();
	private final List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
	private EstablishedSa sa;

	@BeforeEach
	void establish() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, true);
		responder = Engine.bind(any, true);
		initiator.addListener(initiatorTrace::add);
		responder.addListener(responderTrace::add);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone, IKE, ESP)
				.withRetransmission(200, 4));
		sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), IkeConfig.Identity.fqdn("r"), PSK::clone,
				IKE, ESP).withRetransmission(200, 4), responder.localAddress()).get(10, TimeUnit.SECONDS);
	}

	@AfterEach
	void close() {
		initiator.close();
		responder.close();
	}

	private static long count(List<TraceEvent> trace, ExchangeType type) {
		return trace.stream().filter(e -> e instanceof TraceEvent.Message m
				&& m.message().header().exchangeType().equals(type)).count();
	}

	private static EstablishedSa only(Engine engine) throws Exception {
		List<EstablishedSa> all = engine.established().get(5, TimeUnit.SECONDS);
		assertEquals(1, all.size(), "IKE SAs held: " + all);
		return all.get(0);
	}

	@Test
	void initiatorRekeysTheIkeSaWithAFollowupKeyExchange() throws Exception {
		EstablishedSa next = initiator.rekeyIke(sa).get(10, TimeUnit.SECONDS);
		assertNotEquals(sa.initiatorSpi(), next.initiatorSpi());
		assertNotEquals(sa.keys().skD(), next.keys().skD());
		Thread.sleep(300); // the old IKE SA's delete
		EstablishedSa theirs = only(responder);
		assertEquals(next.initiatorSpi(), theirs.initiatorSpi());
		assertEquals(next.keys().skD(), theirs.keys().skD());
		assertEquals(next.keys().skEr(), theirs.keys().skEr());
		assertEquals(1, only(initiator).children().size(), "the Child SA moved to the new IKE SA");
		assertEquals(2, count(initiatorTrace, ExchangeType.CREATE_CHILD_SA));
		assertEquals(2, count(initiatorTrace, ExchangeType.IKE_FOLLOWUP_KE));
		// the new IKE SA works: rekey it once more
		EstablishedSa third = initiator.rekeyIke(next).get(10, TimeUnit.SECONDS);
		assertNotEquals(next.keys().skD(), third.keys().skD());
	}

	@Test
	void initiatorRekeysTheChildSaWithPfsAndMlKem() throws Exception {
		EstablishedSa.Child old = sa.children().get(0);
		EstablishedSa.Child fresh = initiator.rekeyChild(sa, old).get(10, TimeUnit.SECONDS);
		assertNotEquals(old.keys(), fresh.keys());
		assertEquals("aes256gcm16-x25519-noesn-ke1_mlkem768",
				org.ikewb.protocol.ProposalSyntax.format(fresh.proposal()));
		Thread.sleep(300);
		EstablishedSa theirs = only(responder);
		assertEquals(1, theirs.children().size(), "the old Child SA is deleted on both sides");
		assertEquals(fresh.keys(), theirs.children().get(0).keys());
		assertEquals(fresh.inboundSpi(), theirs.children().get(0).outboundSpi());
		assertEquals(1, only(initiator).children().size());
	}

	@Test
	void anotherChildSaAndALivenessCheck() throws Exception {
		EstablishedSa.Child second = initiator.createChild(sa).get(10, TimeUnit.SECONDS);
		Thread.sleep(200);
		assertEquals(2, only(initiator).children().size());
		assertEquals(2, only(responder).children().size());
		assertEquals(second.keys(), only(responder).children().stream()
				.filter(c -> c.outboundSpi().equals(second.inboundSpi())).findFirst().orElseThrow().keys());
		initiator.checkLiveness(sa).get(5, TimeUnit.SECONDS);
		assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5))); // listeners run on a thread of their own
		assertTrue(count(initiatorTrace, ExchangeType.INFORMATIONAL) >= 2, "an empty INFORMATIONAL and its answer");
	}

	@Test
	void aLivenessCheckOfAVanishedPeerFails() throws Exception {
		responder.close();
		java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
				java.util.concurrent.ExecutionException.class, () -> initiator.checkLiveness(sa).get(20, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().contains("no response after"), e.getCause().getMessage());
	}

	@Test
	void bothSidesRekeyTheSameChildSaAtOnce() throws Exception {
		EstablishedSa theirs = only(responder);
		var mine = initiator.rekeyChild(sa, sa.children().get(0));
		var other = responder.rekeyChild(theirs, theirs.children().get(0));
		// Usually the two requests cross and RFC 7296 §2.8.1 resolves the collision. On a loaded machine
		// one side's rekey can finish (and its DELETE of the old Child SA arrive) before the other side's
		// request leaves: that request then meets CHILD_SA_NOT_FOUND, which RFC 7296 §2.25 makes a plain
		// outcome of the race, not an error. Either way exactly one new Child SA must survive.
		boolean collided = true;
		for (var rekey : List.of(mine, other)) {
			try {
				rekey.get(10, TimeUnit.SECONDS);
			} catch (java.util.concurrent.ExecutionException e) {
				assertTrue(e.getCause().getMessage().contains("CHILD_SA_NOT_FOUND"), e.getCause().getMessage());
				collided = false;
			}
		}
		Thread.sleep(500); // the deletes of the old and of the redundant Child SA
		List<EstablishedSa.Child> left = only(initiator).children();
		List<EstablishedSa.Child> right = only(responder).children();
		assertEquals(1, left.size(), "one Child SA survives on our side: " + left);
		assertEquals(1, right.size(), "and on theirs: " + right);
		assertEquals(left.get(0).inboundSpi(), right.get(0).outboundSpi());
		assertEquals(left.get(0).keys(), right.get(0).keys());
		assertNotEquals(sa.children().get(0).inboundSpi(), left.get(0).inboundSpi(), "the old one is gone");
		if (collided) {
			assertTrue(initiatorTrace.stream().anyMatch(e -> e instanceof TraceEvent.Error x
					&& x.reason().startsWith("simultaneous rekey of Child SA")), "the collision was seen and resolved");
		}
	}

	@Test
	void bothSidesRekeyTheIkeSaAtOnce() throws Exception {
		EstablishedSa theirs = only(responder);
		// both requests are built and held before sending, then let go together: a real collision on a
		// busy machine too (started one after the other, the first could finish before the second began)
		initiator.stepper().addBreakpoint(ExchangeType.CREATE_CHILD_SA);
		responder.stepper().addBreakpoint(ExchangeType.CREATE_CHILD_SA);
		var mine = initiator.rekeyIke(sa);
		var other = responder.rekeyIke(theirs);
		long until = System.currentTimeMillis() + 10_000;
		while ((initiator.stepper().current().isEmpty() || responder.stepper().current().isEmpty())
				&& System.currentTimeMillis() < until) {
			Thread.sleep(5);
		}
		initiator.stepper().removeBreakpoint(ExchangeType.CREATE_CHILD_SA);
		responder.stepper().removeBreakpoint(ExchangeType.CREATE_CHILD_SA);
		initiator.stepper().resume();
		responder.stepper().resume();
		mine.get(10, TimeUnit.SECONDS);
		other.get(10, TimeUnit.SECONDS);
		Thread.sleep(800); // the deletes of the old and of the redundant IKE SA
		EstablishedSa left = only(initiator);
		EstablishedSa right = only(responder);
		assertEquals(left.initiatorSpi(), right.initiatorSpi(), "both keep the same new IKE SA");
		assertEquals(left.keys().skD(), right.keys().skD());
		assertEquals(1, left.children().size(), "the Child SA lives on in the survivor");
		assertEquals(1, right.children().size());
		assertTrue(initiatorTrace.stream().anyMatch(e -> e instanceof TraceEvent.Error x
				&& x.reason().startsWith("simultaneous rekey of the IKE SA")), "the collision was seen and resolved");
		initiator.checkLiveness(left).get(5, TimeUnit.SECONDS);
	}

	@Test
	void theResponderRekeysTheIkeSaToo() throws Exception {
		EstablishedSa theirs = only(responder);
		EstablishedSa next = responder.rekeyIke(theirs).get(10, TimeUnit.SECONDS);
		Thread.sleep(300);
		EstablishedSa mine = only(initiator);
		assertEquals(next.keys().skD(), mine.keys().skD());
		assertTrue(next.initiator(), "the side that rekeys is the new IKE SA's initiator");
		assertTrue(!mine.initiator());
		EstablishedSa.Child fresh = responder.rekeyChild(next, next.children().get(0)).get(10, TimeUnit.SECONDS);
		Thread.sleep(300);
		assertEquals(fresh.keys(), only(initiator).children().get(0).keys());
	}
}
