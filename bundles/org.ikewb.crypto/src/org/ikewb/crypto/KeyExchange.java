package org.ikewb.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

import org.ikewb.protocol.KeyExchangeMethod;

/**
 * One key exchange of one method, seen from one side. Diffie-Hellman methods and KEMs share this
 * shape: the initiator {@link #start starts} and sends {@link #publicValue()} (its public value, or
 * an ML-KEM encapsulation key); the responder {@link #respond responds} to that value with its own
 * (public value, or ciphertext) and has the shared secret at once; the initiator then
 * {@link #complete completes} with the responder's value.
 */
public abstract class KeyExchange {

	/** The responder's answer: the KE data it sends back and the shared secret. */
	public record Response(byte[] publicValue, byte[] sharedSecret) {
	}

	private final KeyExchangeMethod method;

	protected KeyExchange(KeyExchangeMethod method) {
		this.method = method;
	}

	public final KeyExchangeMethod method() {
		return method;
	}

	/** The initiator's side: generates a key pair (or an ML-KEM key pair). */
	public static KeyExchange start(KeyExchangeMethod method, SecureRandom random) {
		return KeyExchangeMethods.forMethod(method).start(random);
	}

	/** The responder's side: checks the initiator's value, answers it and derives the secret. */
	public static Response respond(KeyExchangeMethod method, byte[] initiatorValue, SecureRandom random)
			throws KeyExchangeException {
		KeyExchangeMethods.Family family = KeyExchangeMethods.forMethod(method);
		family.checkLength(method, initiatorValue, method.initiatorValueLength(), "initiator's KE data");
		return family.respond(initiatorValue, random);
	}

	/** The initiator's KE data. */
	public abstract byte[] publicValue();

	/** Checks the responder's value and derives the shared secret (g^ir, or the KEM secret). */
	public final byte[] complete(byte[] responderValue) throws KeyExchangeException {
		KeyExchangeMethods.forMethod(method).checkLength(method, responderValue, method.responderValueLength(),
				"responder's KE data");
		return completeChecked(responderValue);
	}

	protected abstract byte[] completeChecked(byte[] responderValue) throws KeyExchangeException;

	/** Forgets the private key where the library allows it. */
	public abstract void destroy();

	static byte[] copy(byte[] b) {
		return Arrays.copyOf(b, b.length);
	}
}
