package org.ikewb.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.ikewb.model.policy.PolicyFactory;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.ProposalConstraints;
import org.junit.jupiter.api.Test;

/** The model's rules apply to a model built in code, without the language. */
class ProposalConstraintsTest {

	private static Proposal proposal(String... addke1) {
		PolicyFactory f = PolicyFactory.eINSTANCE;
		Proposal p = f.createProposal();
		p.setName("hybrid");
		p.setProtocol(ProposalProtocol.IKE);
		TransformLine encryption = f.createTransformLine();
		encryption.setKind(TransformKind.ENCRYPTION);
		encryption.getAlgorithms().add("aes256gcm16");
		TransformLine prf = f.createTransformLine();
		prf.setKind(TransformKind.PRF);
		prf.getAlgorithms().add("prfsha384");
		p.getTransforms().add(encryption);
		p.getTransforms().add(prf);
		TransformLine ke = f.createTransformLine();
		ke.setKind(TransformKind.KE);
		ke.getAlgorithms().add("x25519");
		TransformLine add = f.createTransformLine();
		add.setKind(TransformKind.ADDKE);
		add.setRound(1);
		add.getAlgorithms().addAll(java.util.List.of(addke1));
		p.getTransforms().add(ke);
		p.getTransforms().add(add);
		return p;
	}

	@Test
	void distinctAlternativesAreFine() {
		assertEquals(Diagnostic.OK, Diagnostician.INSTANCE.validate(proposal("mlkem768", "mlkem1024")).getSeverity());
	}

	@Test
	void theSameAlternativeTwiceInOneRoundIsAnError() {
		Diagnostic d = Diagnostician.INSTANCE.validate(proposal("mlkem768", "MLKEM768"));
		assertEquals(Diagnostic.ERROR, d.getSeverity());
		Diagnostic rule = d.getChildren().get(0);
		assertEquals(ProposalConstraints.DUPLICATE_ALTERNATIVE, ProposalConstraints.issueCode(rule));
		assertTrue(rule.getMessage().contains("'MLKEM768' is listed twice in addke 1"), rule.getMessage());
	}
}
