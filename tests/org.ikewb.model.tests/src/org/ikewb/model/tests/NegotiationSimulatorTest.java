package org.ikewb.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.model.negotiation.Behaviour;
import org.ikewb.model.negotiation.NegotiationSimulator;
import org.ikewb.model.negotiation.Party;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.junit.jupiter.api.Test;

/**
 * The simulator's strategies on the cases where implementations differ: whose order wins, when a
 * sent KE method is refused although acceptable, when a one-pass responder misses a valid ADDKE
 * assignment, and what a failure names. (Agreement with the real daemons is the interop suite's
 * NegotiationPredictionInteropTest.)
 */
class NegotiationSimulatorTest {

	private static List<Payload.Proposal> ike(String... proposals) {
		List<Payload.Proposal> out = new ArrayList<>();
		for (String p : proposals) {
			out.add(ProposalSyntax.parse(p, ProtocolId.IKE, out.size() + 1));
		}
		return out;
	}

	private static List<Payload.Proposal> esp(String... proposals) {
		List<Payload.Proposal> out = new ArrayList<>();
		for (String p : proposals) {
			out.add(ProposalSyntax.parse(p, ProtocolId.ESP, out.size() + 1));
		}
		return out;
	}

	private static Prediction predict(Behaviour initiator, List<Payload.Proposal> offered, Behaviour responder,
			List<Payload.Proposal> accepted) {
		return NegotiationSimulator.predict(Party.of("branch", initiator, offered, esp("aes256gcm16")),
				Party.of("hq", responder, accepted, esp("aes128gcm16", "aes256gcm16")));
	}

	@Test
	void strongSwanPrefersItsOwnOrderAndAsksForAnotherKeEvenWhenTheSentOneWasAcceptable() {
		List<Payload.Proposal> branch = ike("aes256gcm16-prfsha384-x25519-ecp384");
		List<Payload.Proposal> hq = ike("aes256gcm16-prfsha384-ecp384-x25519");
		Prediction swan = predict(Behaviour.STRONGSWAN, branch, Behaviour.STRONGSWAN, hq);
		assertTrue(swan.agreed(), swan::verdict);
		assertEquals(1, swan.retries(), "INVALID_KE_PAYLOAD for ecp384, then agreement");
		assertEquals(List.of("ecp384"), swan.keyExchanges());
		assertEquals(4, swan.messages(ExchangeType.IKE_SA_INIT).size());
		assertEquals("aes256gcm16-prfsha384-ecp384", ProposalSyntax.format(swan.ike()));

		Prediction ours = predict(Behaviour.OURS, branch, Behaviour.OURS, hq);
		assertEquals(0, ours.retries(), "ours keeps the initiator's order: the x25519 sent is taken");
		assertEquals(List.of("x25519"), ours.keyExchanges());

		Prediction pluto = predict(Behaviour.LIBRESWAN, branch, Behaviour.LIBRESWAN, hq);
		assertEquals(List.of("ecp384"), pluto.keyExchanges(), "Libreswan prefers its own transforms too");
		assertEquals(1, pluto.retries());
	}

	@Test
	void aOnePassResponderMissesTheAssignmentThatExactMatchingFinds() {
		List<Payload.Proposal> both = ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem1024-ke2_mlkem768");
		Prediction swan = predict(Behaviour.STRONGSWAN, both, Behaviour.STRONGSWAN, both);
		assertFalse(swan.agreed());
		assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, swan.failure().error());
		assertTrue(swan.failure().reason().contains("one pass"), swan.failure()::reason);

		Prediction ours = predict(Behaviour.OURS, both, Behaviour.OURS, both);
		assertTrue(ours.agreed(), ours::verdict);
		assertEquals(List.of("x25519", "mlkem1024", "mlkem768"), ours.keyExchanges());
		assertEquals(2, ours.intermediates());
	}

	@Test
	void aFailureNamesTheTransformTypeWithoutOverlapAndBothLists() {
		Prediction p = predict(Behaviour.STRONGSWAN, ike("aes256gcm16-prfsha384-ecp256"), Behaviour.STRONGSWAN,
				ike("aes256gcm16-prfsha384-x25519-ecp384"));
		assertFalse(p.agreed());
		assertEquals(ExchangeType.IKE_SA_INIT, p.failure().exchange());
		assertEquals("KE: offered ecp256, accepted x25519, ecp384", p.failure().reason());

		Prediction round = predict(Behaviour.OURS, ike("aes256gcm16-prfsha384-x25519"), Behaviour.OURS,
				ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768"));
		assertFalse(round.agreed(), "a required round the initiator does not offer");
		assertTrue(round.failure().reason().startsWith("ADDKE1: offered nothing, accepted mlkem768"), round.failure()::reason);
	}

	@Test
	void anOptionalRoundIsSkippedAndOnlyRoundsWithAMethodCostAnIntermediate() {
		List<Payload.Proposal> branch = ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke2_mlkem1024-ke2_none");
		List<Payload.Proposal> hq = ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke2_none");
		for (Behaviour b : List.of(Behaviour.OURS, Behaviour.STRONGSWAN, Behaviour.LIBRESWAN)) {
			Prediction p = predict(b, branch, b, hq);
			assertTrue(p.agreed(), b + ": " + p.verdict());
			assertEquals(List.of("x25519", "mlkem768"), p.keyExchanges(), b.toString());
			assertEquals(1, p.intermediates(), b.toString());
			assertTrue(p.postQuantum());
			assertFalse(p.downgraded());
		}
	}

	@Test
	void theResponderSOwnOrderAcrossProposalsDecidesForStrongSwanAndTheInitiatorsForOurs() {
		List<Payload.Proposal> branch = ike("aes128gcm16-prfsha256-x25519", "aes256gcm16-prfsha384-x25519");
		List<Payload.Proposal> hq = ike("aes256gcm16-prfsha384-x25519", "aes128gcm16-prfsha256-x25519");
		Prediction swan = predict(Behaviour.STRONGSWAN, branch, Behaviour.STRONGSWAN, hq);
		assertEquals("aes256gcm16-prfsha384-x25519", ProposalSyntax.format(swan.ike()));
		assertEquals(2, swan.ike().number(), "the answer carries the number of the initiator's proposal");
		Prediction ours = predict(Behaviour.OURS, branch, Behaviour.OURS, hq);
		assertEquals("aes128gcm16-prfsha256-x25519", ProposalSyntax.format(ours.ike()));
		Prediction pluto = predict(Behaviour.LIBRESWAN, branch, Behaviour.LIBRESWAN, hq);
		assertEquals("aes256gcm16-prfsha384-x25519", ProposalSyntax.format(pluto.ike()), "pluto: the best local proposal");
	}

	@Test
	void aDowngradeIsFlaggedWhenThePostQuantumOfferEndsClassical() {
		Prediction p = predict(Behaviour.OURS, ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none"), Behaviour.OURS,
				ike("aes256gcm16-prfsha384-x25519"));
		assertTrue(p.agreed(), p::verdict);
		assertFalse(p.postQuantum());
		assertTrue(p.downgraded());
	}

	@Test
	void theChildSaIsChosenWithoutKeAndItsRekeyNegotiatesKeAndFollowups() {
		Party branch = new Party("branch", Behaviour.OURS, ike("aes256gcm16-prfsha384-x25519"),
				esp("aes256gcm16-x25519-ke1_mlkem768"), null, null, true, 1280, null, null, List.of(), List.of());
		Party hq = new Party("hq", Behaviour.STRONGSWAN, ike("aes256gcm16-prfsha384-x25519"),
				esp("aes256gcm16-ecp384-x25519-ke1_mlkem768"), null, null, true, 1280, null, null, List.of(), List.of());
		Prediction p = NegotiationSimulator.predict(branch, hq, true);
		assertTrue(p.agreed(), p::verdict);
		assertEquals("aes256gcm16-noesn", ProposalSyntax.format(p.esp()), "no KE in IKE_AUTH");
		Prediction.Rekey child = p.rekeys().get(0);
		assertNull(child.failure());
		assertEquals(0, child.retries(), "strongSwan prefers its ecp384, which is not offered, so the x25519 sent is taken");
		assertEquals(1, child.followups());
		assertEquals(1, p.messages(ExchangeType.IKE_FOLLOWUP_KE).stream().filter(m -> !m.response()).count());
		assertNotNull(p.rekeys().get(1).chosen());
	}

	@Test
	void mlKemMessagesAreFragmentedAtTheSendersLimitAndCountedOnTheWire() {
		Party branch = Party.of("branch", Behaviour.OURS, ike("aes256gcm16-prfsha384-x25519-ke1_mlkem1024"),
				esp("aes256gcm16")).withMaxMessage(576);
		Party hq = Party.of("hq", Behaviour.OURS, ike("aes256gcm16-prfsha384-x25519-ke1_mlkem1024"), esp("aes256gcm16"));
		Prediction p = NegotiationSimulator.predict(branch, hq);
		Prediction.Message request = p.messages(ExchangeType.IKE_INTERMEDIATE).get(0);
		assertEquals(4, request.datagrams().size(), "a 1,576-octet KE payload in chunks of 515 (576 less header, SKF, IV, ICV, pad length)");
		assertTrue(request.datagrams().stream().allMatch(n -> n <= 576));
		Prediction.Message response = p.messages(ExchangeType.IKE_INTERMEDIATE).get(1);
		assertEquals(2, response.datagrams().size(), "the responder's limit is 1280: its 1,568-octet ciphertext needs two");
	}

	@Test
	void whatAnImplementationCannotNegotiateIsLeftOutOfItsProposalsAndSaid() {
		// FortiOS takes only ML-KEM in additional rounds; Libreswan has no Curve448
		Prediction forti = predict(Behaviour.OURS, ike("aes256gcm16-prfsha384-ecp384-ke1_x25519-ke1_mlkem768"),
				Behaviour.FORTIOS, ike("aes256gcm16-prfsha384-ecp384-ke1_x25519-ke1_mlkem768"));
		assertTrue(forti.agreed(), forti::verdict);
		assertEquals(List.of("ecp384", "mlkem768"), forti.keyExchanges());
		assertEquals(List.of("hq: FortiOS 7.6.1 cannot negotiate ke1_x25519 (IKE proposal 1): left out of it"), forti.limits());

		Prediction pluto = predict(Behaviour.OURS, ike("aes256gcm16-prfsha384-x448"), Behaviour.LIBRESWAN,
				ike("aes256gcm16-prfsha384-x448", "aes256gcm16-prfsha384-x25519"));
		assertFalse(pluto.agreed());
		assertEquals("KE: offered x448, accepted x25519", pluto.failure().reason());
		assertTrue(pluto.limits().get(0).contains("cannot negotiate x448 (IKE proposal 1): the proposal is left out"),
				pluto.limits()::toString);
	}
}
