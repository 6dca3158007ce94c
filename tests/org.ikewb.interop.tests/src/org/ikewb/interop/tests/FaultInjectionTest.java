package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * Short fault runs in every CI build (the long table is {@link FaultTableHarness}): a lost IKE_AUTH
 * response, duplicated and reordered datagrams, and 10 % loss with duplication and reordering,
 * engine against engine and against strongSwan 6.1. Every completed run must leave both sides
 * with identical keys.
 */
class FaultInjectionTest {

	private static final long SEED = 20261125;

	@Test
	void aLostIkeAuthResponseIsRecoveredByRetransmission() throws Exception {
		try (Engine responder = LossyNetwork.ourResponder(); Engine initiator = LossyNetwork.engine();
				UdpRelay relay = new UdpRelay(responder.localAddress(), UdpRelay.Faults.NONE,
						UdpRelay.Faults.dropFirst(ExchangeType.IKE_AUTH.value(), 1), SEED)) {
			IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM);
			LossyNetwork.Run run = LossyNetwork.run(initiator, config, relay, LossyNetwork.ourResponder(responder));
			assertTrue(run.completed(), run.failure());
			assertTrue(run.keysIdentical(), "both sides hold the same final keys");
			assertEquals(1, relay.toInitiator.dropped.get(), relay.toInitiator.toString());
			assertTrue(run.retransmissions() >= 1, "the initiator sent IKE_AUTH again: " + run);
			// the responder answered the retransmission from its cache: one IKE SA, not two
			assertEquals(1, responder.established().get().size());
		}
	}

	@Test
	void aFollowupKeyExchangeThatIsNeverAnsweredFailsTheRekeyInsteadOfHanging() throws Exception {
		// found by the fault table: a lost IKE_FOLLOWUP_KE round failed the IKE SA but left the rekey's
		// future waiting forever
		UdpRelay.Faults noFollowupAnswers = new UdpRelay.Faults(1.0, 0, 0, 0,
				java.util.Set.of(ExchangeType.IKE_FOLLOWUP_KE.value()), 0);
		try (Engine responder = LossyNetwork.ourResponder(); Engine initiator = LossyNetwork.engine();
				UdpRelay relay = new UdpRelay(responder.localAddress(), UdpRelay.Faults.NONE, noFollowupAnswers, SEED)) {
			IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM).withRetransmission(100, 2);
			var sa = initiator.initiate(config, relay.address()).get(10, java.util.concurrent.TimeUnit.SECONDS);
			java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
					java.util.concurrent.ExecutionException.class,
					() -> initiator.rekeyIke(sa).get(10, java.util.concurrent.TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().contains("no response"), e.getCause().getMessage());
			assertTrue(relay.toInitiator.dropped.get() >= 3, "the follow-up answers were lost: " + relay.toInitiator);
		}
	}

	@Test
	void duplicatedAndReorderedDatagramsChangeNothing() throws Exception {
		UdpRelay.Faults chaos = new UdpRelay.Faults(0, 0.3, 0.3, 40, java.util.Set.of(), 0);
		try (Engine responder = LossyNetwork.ourResponder(); Engine initiator = LossyNetwork.engine();
				UdpRelay relay = new UdpRelay(responder.localAddress(), chaos, chaos, SEED)) {
			IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM);
			for (int i = 0; i < 5; i++) {
				LossyNetwork.Run run = LossyNetwork.run(initiator, config, relay, LossyNetwork.ourResponder(responder));
				assertTrue(run.completed(), "run " + i + ": " + run.failure());
				assertTrue(run.keysIdentical(), "run " + i + ": both sides hold the same final keys");
			}
			assertTrue(relay.toResponder.duplicated.get() > 0 && relay.toInitiator.reordered.get() > 0,
					relay.toResponder + " / " + relay.toInitiator);
		}
	}

	@Test
	void tenPercentLossEngineToEngine() throws Exception {
		try (Engine responder = LossyNetwork.ourResponder(); Engine initiator = LossyNetwork.engine();
				UdpRelay relay = new UdpRelay(responder.localAddress(), UdpRelay.Faults.lossy(0.10),
						UdpRelay.Faults.lossy(0.10), SEED)) {
			List<LossyNetwork.Run> runs = runs(10, initiator, relay, LossyNetwork.ourResponder(responder));
			assertAllCompletedWithIdenticalKeys(runs, relay);
		}
	}

	@Test
	void tenPercentLossEngineToStrongSwan() throws Exception {
		try (StrongSwan peer = StrongSwan.start("r-lossy", 14900, LossyNetwork.strongSwanResponderConf());
				Engine initiator = LossyNetwork.engine();
				UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", 14900), UdpRelay.Faults.lossy(0.10),
						UdpRelay.Faults.lossy(0.10), SEED)) {
			long[] mark = { 0 };
			List<LossyNetwork.Run> runs = new ArrayList<>();
			IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM);
			for (int i = 0; i < 5; i++) {
				mark[0] = peer.logSize();
				runs.add(LossyNetwork.run(initiator, config, relay, LossyNetwork.strongSwan(peer, mark)));
			}
			assertAllCompletedWithIdenticalKeys(runs, relay);
		}
	}

	static List<LossyNetwork.Run> runs(int n, Engine initiator, UdpRelay relay, LossyNetwork.KeyCheck check) {
		IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM);
		List<LossyNetwork.Run> runs = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			runs.add(LossyNetwork.run(initiator, config, relay, check));
		}
		return runs;
	}

	private static void assertAllCompletedWithIdenticalKeys(List<LossyNetwork.Run> runs, UdpRelay relay) {
		String table = LossyNetwork.summarize("", 0.10, runs, relay);
		System.out.println("faults " + table);
		assertEquals(List.of(), LossyNetwork.failures(runs), table);
		assertTrue(runs.stream().allMatch(LossyNetwork.Run::keysIdentical), table);
		assertTrue(relay.toResponder.dropped.get() + relay.toInitiator.dropped.get() > 0, "the relay lost datagrams");
	}
}
