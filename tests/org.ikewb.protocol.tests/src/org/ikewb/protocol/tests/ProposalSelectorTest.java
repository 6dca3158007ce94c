package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.junit.jupiter.api.Test;

class ProposalSelectorTest {

	private static Payload.Proposal ike(String text) {
		return ProposalSyntax.parse(text, ProtocolId.IKE, 1);
	}

	private static String select(String offered, String ours) {
		ProposalSelector.Result r = ProposalSelector.select(List.of(ike(offered)), List.of(ike(ours)));
		return r.matched() ? ProposalSyntax.format(r.chosen()) : "NO_PROPOSAL_CHOSEN " + r.reason();
	}

	@Test
	void theSameMethodInKeAndAddkeMatchesNothing() {
		String r = select("aes256gcm16-prfsha384-modp3072-ke1_modp3072", "aes256gcm16-prfsha384-modp3072-ke1_modp3072");
		assertTrue(r.startsWith("NO_PROPOSAL_CHOSEN"), r);
		assertTrue(r.contains("no duplicate-free choice"), r);
	}

	@Test
	void aChoiceAGreedyResponderMissesIsFound() {
		// greedy takes mlkem768 for round 1 and has nothing left for round 2
		String offered = "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem1024-ke2_mlkem768";
		assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem1024-ke2_mlkem768", select(offered, offered));
	}

	@Test
	void preferenceOrderWinsWhereItCan() {
		String offered = "aes256gcm16-aes128gcm16-prfsha384-prfsha256-x25519-ecp384-ke1_mlkem768-ke1_mlkem1024";
		assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768", select(offered, offered));
		assertEquals("aes128gcm16-prfsha256-ecp384-ke1_mlkem1024",
				select(offered, "aes128gcm16-prfsha256-ecp384-ke1_mlkem1024"));
	}

	@Test
	void noneMakesARoundOptional() {
		// a round chosen as NONE is left out of the answer, as strongSwan 6.1 does
		assertEquals("aes256gcm16-prfsha384-x25519",
				select("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none", "aes256gcm16-prfsha384-x25519"));
		String r = select("aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16-prfsha384-x25519");
		assertTrue(r.contains("ADDKE1: offered [ADDKE1:ML-KEM-768], we accept NONE"), r);
		// a round we require but the initiator skips
		String skipped = select("aes256gcm16-prfsha384-x25519", "aes256gcm16-prfsha384-x25519-ke1_mlkem768");
		assertTrue(skipped.contains("ADDKE1: not offered, we require"), skipped);
	}

	@Test
	void skippedRoundsStaySkipped() {
		assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke3_mlkem1024",
				select("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke3_mlkem1024",
						"aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke3_mlkem1024"));
	}

	@Test
	void theReasonNamesTheTransformType() {
		String r = select("aes256gcm16-prfsha384-x25519", "aes256-sha256-x25519");
		assertTrue(r.contains("ENCR: offered [ENCR:ENCR_AES_GCM_16_256], we accept [ENCR:ENCR_AES_CBC_256]"), r);
	}

	@Test
	void theInitiatorRefusesADuplicatedAnswer() {
		Payload.Proposal offered = ike("aes256gcm16-prfsha384-x25519-ke1_x25519-ke1_mlkem768");
		assertNull(ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768"), List.of(offered)));
		String duplicated = ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-x25519-ke1_x25519"), List.of(offered));
		assertTrue(duplicated.contains("Curve25519 for two rounds"), duplicated);
		assertFalse(ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-ecp384-ke1_mlkem768"), List.of(offered)) == null);
		// an optional round answered with NONE or left out are both fine; a required round left out is not
		Payload.Proposal optional = ike("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none");
		assertNull(ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-x25519-ke1_none"), List.of(optional)));
		assertNull(ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-x25519"), List.of(optional)));
		assertFalse(ProposalSelector.checkChoice(ike("aes256gcm16-prfsha384-x25519"), List.of(offered)) == null);
	}
}
