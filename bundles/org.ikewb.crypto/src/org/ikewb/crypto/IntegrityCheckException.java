package org.ikewb.crypto;

/**
 * An SK or SKF payload whose ICV (or AEAD tag) does not verify, or whose decrypted padding is
 * inconsistent: the message is dropped (RFC 7296 §2.21.2); it is never answered.
 */
public class IntegrityCheckException extends Exception {
	private static final long serialVersionUID = 1L;

	public IntegrityCheckException(String message) {
		super(message);
	}
}
