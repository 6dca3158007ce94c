package org.ikewb.crypto;

import org.ikewb.protocol.KeyExchangeMethod;

/**
 * The peer's KE data cannot be used: wrong length, not a point on the curve, a trivial value, a
 * malformed ML-KEM key or ciphertext. An engine answers INVALID_SYNTAX (or INVALID_KE_PAYLOAD for a
 * method mismatch) and never derives keys from it.
 */
public class KeyExchangeException extends Exception {
	private static final long serialVersionUID = 1L;

	private final transient KeyExchangeMethod method;

	public KeyExchangeException(KeyExchangeMethod method, String reason) {
		super(method.ianaName() + ": " + reason);
		this.method = method;
	}

	public KeyExchangeException(KeyExchangeMethod method, String reason, Throwable cause) {
		super(method.ianaName() + ": " + reason, cause);
		this.method = method;
	}

	public KeyExchangeMethod method() {
		return method;
	}
}
