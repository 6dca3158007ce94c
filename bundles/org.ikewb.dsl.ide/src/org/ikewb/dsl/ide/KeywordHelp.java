package org.ikewb.dsl.ide;

import java.util.Optional;

/**
 * What a keyword of the policy language does, for hover (and any client that explains words):
 * the ones whose effect is not obvious from their name — RFC 8784 PPKs and RFC 6023 childless.
 */
public final class KeywordHelp {

	private KeywordHelp() {
	}

	/** The help for {@code word} on a line whose first word is {@code lineStart}; empty when there is none. */
	public static Optional<String> describe(String word, String lineStart) {
		return Optional.ofNullable(switch (word) {
		case "ppk" -> "ppk \"ID\" from env|file \"SOURCE\" [required] — an RFC 8784 post-quantum preshared key. It is mixed"
				+ " into SK_d, SK_pi and SK_pr (prf+(PPK, key)), so an IKE SA recorded today stays confidential even if every"
				+ " key exchange it used is broken later. ID is its identity on both sides (PPK_ID_FIXED); the value is read"
				+ " from SOURCE (0x and hex digits, or text; at least 256 bits) and never written in a policy or trace. An"
				+ " initiator offers its first PPK; a responder takes the one named.";
		case "required" -> "ppk".equals(lineStart) ? "required — no IKE SA without a PPK: a peer that has none (or not the one"
				+ " named) is refused. Without it, the initiator also sends NO_PPK_AUTH and both go on without a PPK when the"
				+ " responder has none. A required PPK meets 'require post-quantum' for the peers that use it." : null;
		case "childless" -> "childless — RFC 6023: IKE_AUTH without a Child SA (no SA, TSi, TSr); the first Child SA follows"
				+ " with CREATE_CHILD_SA, with its own key exchange if its ESP proposal has one. Needs a responder that sends"
				+ " CHILDLESS_IKEV2_SUPPORTED (strongSwan, Libreswan and this workbench do).";
		case "intermediate" -> "intermediate \"FILE\" — an intermediate CA certificate (PEM) the peer's certificate path"
				+ " may go through, for a peer that does not send it in a CERT payload. It is not trusted itself: the"
				+ " path must still lead to the 'ca'.";
		case "crl" -> "crl from file \"FILE\" — a certificate revocation list (PEM or DER, relative to this file) the"
				+ " peer's certificate path is checked against, besides CRLs the peer sends in CERT payloads. The CRL must"
				+ " verify with its issuer's key and be current; a certificate it lists is refused. Nothing is fetched"
				+ " from the network. Name one per CA (delta CRLs are merged into their base).";
		case "revocation" -> "revocation strict — every certificate of the peer's path needs a current CRL of its issuer;"
				+ " without one it is refused. Without it (relaxed, strongSwan's and Libreswan's default), a certificate"
				+ " whose issuer has no CRL here passes.";
		default -> null;
		});
	}
}
