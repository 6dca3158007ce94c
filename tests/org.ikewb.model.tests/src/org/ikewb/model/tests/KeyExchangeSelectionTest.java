package org.ikewb.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.ikewb.model.policy.PolicyFactory;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.KeyExchangeSelection;
import org.ikewb.model.validation.KeyExchangeSelection.Round;
import org.ikewb.model.validation.ProposalConstraints;
import org.junit.jupiter.api.Test;

/** RFC 9370 duplicate-free selection across KE and ADDKE rounds: exact existence and the greedy responder. */
class KeyExchangeSelectionTest {

	private static Round round(String label, String... alternatives) {
		return new Round(label, List.of(alternatives));
	}

	/** A proposal with {@code ke} as the primary KE and {@code addke[i]} as ADDKE round i+1. */
	private static Proposal proposal(List<String> ke, List<List<String>> addke) {
		PolicyFactory f = PolicyFactory.eINSTANCE;
		Proposal p = f.createProposal();
		p.setName("hybrid");
		p.setProtocol(ProposalProtocol.IKE);
		TransformLine k = f.createTransformLine();
		k.setKind(TransformKind.KE);
		k.getAlgorithms().addAll(ke);
		p.getTransforms().add(k);
		for (int i = 0; i < addke.size(); i++) {
			TransformLine a = f.createTransformLine();
			a.setKind(TransformKind.ADDKE);
			a.setRound(i + 1);
			a.getAlgorithms().addAll(addke.get(i));
			p.getTransforms().add(a);
		}
		return p;
	}

	private static List<Diagnostic> selectionDiagnostics(Proposal p) {
		List<Diagnostic> found = new ArrayList<>();
		for (Diagnostic d : Diagnostician.INSTANCE.validate(p).getChildren()) {
			String code = ProposalConstraints.issueCode(d);
			if (ProposalConstraints.UNSATISFIABLE_KEY_EXCHANGE.equals(code)
					|| ProposalConstraints.GREEDY_SELECTION_FAILS.equals(code)) {
				found.add(d);
			}
		}
		return found;
	}

	@Test
	void theSameMethodAsKeAndAddkeIsUnsatisfiable() {
		KeyExchangeSelection.Result r = KeyExchangeSelection
				.analyse(List.of(round("ke", "modp3072"), round("addke 1", "modp3072")));
		assertFalse(r.satisfiable());
		assertEquals(List.of("ke", "addke 1"), r.conflict().stream().map(Round::label).toList());
		assertEquals(List.of("modp3072"), r.conflictMethods());

		List<Diagnostic> d = selectionDiagnostics(proposal(List.of("modp3072"), List.of(List.of("modp3072"))));
		assertEquals(1, d.size());
		assertEquals(Diagnostic.ERROR, d.get(0).getSeverity());
		assertEquals(ProposalConstraints.UNSATISFIABLE_KEY_EXCHANGE, ProposalConstraints.issueCode(d.get(0)));
		assertTrue(d.get(0).getMessage().contains("ke, addke 1 together offer only modp3072 (1 method for 2 rounds)"),
				d.get(0).getMessage());
		assertTrue(d.get(0).getMessage().contains("NO_PROPOSAL_CHOSEN"), d.get(0).getMessage());
	}

	@Test
	void strongSwanKeywordAndIanaNameAreTheSameMethod() {
		KeyExchangeSelection.Result r = KeyExchangeSelection
				.analyse(List.of(round("ke", "x25519"), round("addke 1", "Curve25519")));
		assertFalse(r.satisfiable());
		assertEquals(List.of("x25519"), r.conflictMethods());
	}

	@Test
	void aChoiceThatAGreedyResponderMissesIsAWarningWithAWorkingOrder() {
		KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(List.of(round("ke", "x25519"),
				round("addke 1", "mlkem768", "mlkem1024"), round("addke 2", "mlkem768")));
		assertTrue(r.satisfiable());
		assertFalse(r.greedySucceeds());
		assertEquals("addke 2", r.greedyStuckAt().orElseThrow().label());
		assertEquals(List.of("x25519", "mlkem1024", "mlkem768"), r.choice());
		assertEquals(List.of("mlkem1024", "mlkem768"), r.workingOrder().get(1).alternatives());
		// the suggested order really works for a greedy responder
		assertTrue(KeyExchangeSelection.analyse(r.workingOrder()).greedySucceeds());

		List<Diagnostic> d = selectionDiagnostics(proposal(List.of("x25519"),
				List.of(List.of("mlkem768", "mlkem1024"), List.of("mlkem768"))));
		assertEquals(1, d.size());
		assertEquals(Diagnostic.WARNING, d.get(0).getSeverity());
		assertEquals(ProposalConstraints.GREEDY_SELECTION_FAILS, ProposalConstraints.issueCode(d.get(0)));
		assertTrue(d.get(0).getMessage().contains("nothing left for addke 2"), d.get(0).getMessage());
		assertTrue(d.get(0).getMessage().contains("addke 1 mlkem1024, mlkem768"), d.get(0).getMessage());
	}

	@Test
	void greedyFriendlyOrderGivesNoDiagnostic() {
		assertEquals(List.of(), selectionDiagnostics(proposal(List.of("x25519"),
				List.of(List.of("mlkem1024", "mlkem768"), List.of("mlkem768")))));
		assertEquals(List.of(), selectionDiagnostics(proposal(List.of("ecp384"),
				List.of(List.of("mlkem1024"), List.of("mlkem768")))));
	}

	@Test
	void noneMayBeChosenInAnyNumberOfRounds() {
		KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(List.of(round("ke", "x25519"),
				round("addke 1", "mlkem768", "none"), round("addke 2", "mlkem768", "none"), round("addke 3", "none")));
		assertTrue(r.satisfiable());
		assertTrue(r.greedySucceeds());
		assertEquals(List.of("x25519", "mlkem768", "none", "none"), r.greedyChoice());
	}

	@Test
	void roundsThatCannotFallBackToNoneAreServedFirst() {
		// greedy takes mlkem768 in addke 1 and leaves addke 2 with nothing; the exact choice gives
		// addke 1 NONE and addke 2 mlkem768
		KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(List.of(round("ke", "x25519"),
				round("addke 1", "mlkem768", "none"), round("addke 2", "mlkem768")));
		assertTrue(r.satisfiable());
		assertFalse(r.greedySucceeds());
		assertEquals(List.of("x25519", "none", "mlkem768"), r.choice());
	}

	@Test
	void hallViolatorNamesOnlyTheRoundsInConflict() {
		// three rounds share two methods; ke is independent
		KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(List.of(round("ke", "ecp384"),
				round("addke 1", "mlkem768", "mlkem1024"), round("addke 2", "mlkem1024", "mlkem768"),
				round("addke 3", "mlkem768")));
		assertFalse(r.satisfiable());
		assertEquals(List.of("addke 1", "addke 2", "addke 3"), r.conflict().stream().map(Round::label).toList());
		assertEquals(2, r.conflictMethods().size());
	}

	@Test
	void augmentingPathsFindChoicesThatNeedReassignment() {
		// ADDKE1..6 each offer two methods of a chain, ADDKE7 only the chain's first: greedy walks
		// the chain's front and gets stuck; the one working assignment shifts every round by one
		List<Round> rounds = new ArrayList<>();
		rounds.add(round("ke", "x25519"));
		String[] chain = { "mlkem512", "mlkem768", "mlkem1024", "ecp256", "ecp384", "ecp521", "x448" };
		for (int i = 1; i <= 6; i++) {
			rounds.add(round("addke " + i, chain[i - 1], chain[i]));
		}
		rounds.add(round("addke 7", chain[0]));
		KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(rounds);
		assertTrue(r.satisfiable());
		assertEquals("addke 7", r.greedyStuckAt().orElseThrow().label());
		for (int i = 1; i <= 6; i++) {
			assertEquals(chain[i], r.choice().get(i));
		}
		assertEquals(chain[0], r.choice().get(7));
		assertTrue(KeyExchangeSelection.analyse(r.workingOrder()).greedySucceeds());
	}

	@Test
	void aSingleRoundOrAnEmptyRoundNeverFails() {
		assertTrue(KeyExchangeSelection.analyse(List.of(round("ke", "x25519"))).satisfiable());
		assertTrue(KeyExchangeSelection.analyse(List.of(round("ke", "x25519"), round("addke 1"))).satisfiable());
		assertTrue(KeyExchangeSelection.analyse(List.of()).greedySucceeds());
	}
}
