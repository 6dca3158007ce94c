package org.ikewb.protocol;

/** Requirement level of an algorithm for IKEv2 (RFC 8247 §2 and §3). */
public enum AlgorithmStatus {
	MUST("MUST"), SHOULD_PLUS("SHOULD+"), SHOULD("SHOULD"), MUST_MINUS("MUST-"), SHOULD_MINUS("SHOULD-"),
	MAY("MAY"), SHOULD_NOT("SHOULD NOT"), MUST_NOT("MUST NOT"),
	/** Newer than RFC 8247's tables and recommended by its own RFC (Curve25519/448, ML-KEM). */
	RECOMMENDED("recommended"),
	/** Not in RFC 8247's tables. */
	UNLISTED("not listed");

	private final String text;

	AlgorithmStatus(String text) {
		this.text = text;
	}

	/** As RFC 8247 writes it. */
	public String text() {
		return text;
	}
}
