package org.ikewb.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.ikewb.model.policy.PolicyFactory;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.ProposalConstraints;
import org.junit.jupiter.api.Test;

/** Required and forbidden transform types (RFC 7296 §3.3.3, RFC 9370 §2.2.1), one test per outcome. */
class RequiredTransformsTest {

	/** Lines written as in the language: {@code "addke 1 mlkem768, none"}. */
	private static Proposal proposal(ProposalProtocol protocol, String... lines) {
		PolicyFactory f = PolicyFactory.eINSTANCE;
		Proposal p = f.createProposal();
		p.setName("p");
		p.setProtocol(protocol);
		for (String text : lines) {
			String[] words = text.split("\\s+", 2);
			TransformLine line = f.createTransformLine();
			line.setKind(TransformKind.get(words[0]));
			String rest = words[1];
			if (line.getKind() == TransformKind.ADDKE) {
				String[] roundAndRest = rest.split("\\s+", 2);
				line.setRound(Integer.parseInt(roundAndRest[0]));
				rest = roundAndRest[1];
			}
			line.getAlgorithms().addAll(List.of(rest.split(",\\s*")));
			p.getTransforms().add(line);
		}
		return p;
	}

	/** Codes of this rule's diagnostics, in order. */
	private static List<String> codes(Proposal p) {
		return Diagnostician.INSTANCE.validate(p).getChildren().stream()
				.filter(d -> d.getCode() == ProposalConstraints.REQUIRED_TRANSFORMS_CODE)
				.map(ProposalConstraints::issueCode).toList();
	}

	private static Diagnostic only(Proposal p) {
		List<Diagnostic> d = Diagnostician.INSTANCE.validate(p).getChildren();
		assertEquals(1, d.size(), d::toString);
		return d.get(0);
	}

	@Test
	void completeAeadAndClassicProposalsPass() {
		assertEquals(List.of(), codes(proposal(ProposalProtocol.IKE, "encryption aes256gcm16", "prf prfsha384",
				"ke x25519", "addke 1 mlkem768")));
		assertEquals(List.of(), codes(proposal(ProposalProtocol.IKE, "encryption aes256, aes128", "integrity sha256",
				"prf prfsha256", "ke ecp256")));
		assertEquals(List.of(), codes(proposal(ProposalProtocol.ESP, "encryption aes256gcm16")));
		assertEquals(List.of(), codes(proposal(ProposalProtocol.ESP, "encryption aes128", "integrity sha256",
				"ke x25519, none", "addke 1 mlkem768")));
	}

	@Test
	void ikeWithoutPrfAndKeNamesBoth() {
		Diagnostic d = only(proposal(ProposalProtocol.IKE, "encryption aes256gcm16"));
		assertEquals(Diagnostic.ERROR, d.getSeverity());
		assertEquals(ProposalConstraints.MISSING_TRANSFORM, ProposalConstraints.issueCode(d));
		assertTrue(d.getMessage().contains("lacks prf, ke"), d.getMessage());
	}

	@Test
	void anyProposalWithoutEncryption() {
		assertEquals(List.of(ProposalConstraints.MISSING_TRANSFORM),
				codes(proposal(ProposalProtocol.ESP, "integrity sha256")));
	}

	@Test
	void nonAeadCipherWithoutIntegrity() {
		Diagnostic d = only(proposal(ProposalProtocol.ESP, "encryption aes256"));
		assertEquals(ProposalConstraints.MISSING_TRANSFORM, ProposalConstraints.issueCode(d));
		assertTrue(d.getMessage().contains("integrity (aes256 is not an AEAD cipher)"), d.getMessage());
	}

	@Test
	void aeadAndClassicCiphersInOneProposal() {
		assertEquals(List.of(ProposalConstraints.MIXED_AEAD), codes(proposal(ProposalProtocol.IKE,
				"encryption aes256gcm16, aes256", "integrity sha256", "prf prfsha256", "ke x25519")));
	}

	@Test
	void integrityBesideAeadOnly() {
		assertEquals(List.of(ProposalConstraints.INTEGRITY_WITH_AEAD), codes(proposal(ProposalProtocol.ESP,
				"encryption aes128gcm16, chacha20poly1305", "integrity sha256")));
		assertEquals(List.of(), codes(proposal(ProposalProtocol.ESP, "encryption aes128gcm16", "integrity none")));
	}

	@Test
	void noneAsThePrimaryIkeKeyExchange() {
		Diagnostic d = only(proposal(ProposalProtocol.IKE, "encryption aes256gcm16", "prf prfsha384",
				"ke x25519, none"));
		assertEquals(ProposalConstraints.NONE_PRIMARY_KE, ProposalConstraints.issueCode(d));
		assertEquals(Diagnostic.ERROR, d.getSeverity());
	}

	@Test
	void espAddkeWithoutKe() {
		assertEquals(List.of(ProposalConstraints.ADDKE_WITHOUT_KE),
				codes(proposal(ProposalProtocol.ESP, "encryption aes256gcm16", "addke 1 mlkem768")));
		assertEquals(List.of(ProposalConstraints.ADDKE_WITHOUT_KE),
				codes(proposal(ProposalProtocol.ESP, "encryption aes256gcm16", "ke none", "addke 1 mlkem768")));
	}
}
