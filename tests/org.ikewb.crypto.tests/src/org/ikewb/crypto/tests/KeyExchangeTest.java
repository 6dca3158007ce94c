package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;

import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.protocol.KeyExchangeMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyExchangeTest {

	private static final SecureRandom RANDOM = new SecureRandom();

	static Stream<KeyExchangeMethod> methods() {
		return KeyExchangeMethod.all().stream().filter(m -> m != KeyExchangeMethod.NONE);
	}

	@ParameterizedTest
	@MethodSource("methods")
	void bothSidesDeriveTheSameSecret(KeyExchangeMethod method) throws Exception {
		KeyExchange initiator = KeyExchange.start(method, RANDOM);
		byte[] request = initiator.publicValue();
		assertEquals(method.initiatorValueLength(), request.length);
		KeyExchange.Response response = KeyExchange.respond(method, request, RANDOM);
		assertEquals(method.responderValueLength(), response.publicValue().length);
		byte[] secret = initiator.complete(response.publicValue());
		assertArrayEquals(response.sharedSecret(), secret);
		assertTrue(secret.length >= 32, "secret of " + secret.length + " bytes");
	}

	@ParameterizedTest
	@MethodSource("methods")
	void wrongLengthIsRejectedWithTheMethodNamed(KeyExchangeMethod method) {
		byte[] tooShort = new byte[method.initiatorValueLength() - 1];
		KeyExchangeException e = assertThrows(KeyExchangeException.class,
				() -> KeyExchange.respond(method, tooShort, RANDOM));
		assertTrue(e.getMessage().startsWith(method.ianaName()), e.getMessage());
		assertTrue(e.getMessage().contains("expected " + method.initiatorValueLength()), e.getMessage());
	}

	@Test
	void modpRejectsTrivialPublicValues() {
		KeyExchangeMethod m = KeyExchangeMethod.MODP_2048;
		byte[] one = new byte[256];
		one[255] = 1;
		assertThrows(KeyExchangeException.class, () -> KeyExchange.respond(m, one, RANDOM));
		assertThrows(KeyExchangeException.class, () -> KeyExchange.respond(m, new byte[256], RANDOM));
	}

	@Test
	void ecpRejectsAPointOffTheCurve() throws Exception {
		byte[] value = KeyExchange.start(KeyExchangeMethod.ECP_256, RANDOM).publicValue();
		value[63] ^= 1; // change y: (x, y') is not on P-256
		KeyExchangeException e = assertThrows(KeyExchangeException.class,
				() -> KeyExchange.respond(KeyExchangeMethod.ECP_256, value, RANDOM));
		assertTrue(e.getMessage().contains("not a point on the curve"), e.getMessage());
	}

	@Test
	void x25519RejectsALowOrderPoint() {
		// u = 0 is of small order: the shared secret would be all zeros (RFC 7748 §6.1)
		assertThrows(KeyExchangeException.class,
				() -> KeyExchange.respond(KeyExchangeMethod.CURVE25519, new byte[32], RANDOM));
	}

	@Test
	void mlKemRejectsAnEncapsulationKeyFailingTheModulusCheck() throws Exception {
		byte[] ek = KeyExchange.start(KeyExchangeMethod.ML_KEM_768, RANDOM).publicValue();
		ek[0] = (byte) 0xff; // first coefficient = 0xfff | ... = 4095 >= q
		ek[1] = (byte) 0xff;
		KeyExchangeException e = assertThrows(KeyExchangeException.class,
				() -> KeyExchange.respond(KeyExchangeMethod.ML_KEM_768, ek, RANDOM));
		assertTrue(e.getMessage().contains("modulus check"), e.getMessage());
	}

	@Test
	void mlKemCiphertextForAnotherKeyGivesDifferentSecrets() throws Exception {
		KeyExchange initiator = KeyExchange.start(KeyExchangeMethod.ML_KEM_768, RANDOM);
		KeyExchange other = KeyExchange.start(KeyExchangeMethod.ML_KEM_768, RANDOM);
		KeyExchange.Response toOther = KeyExchange.respond(KeyExchangeMethod.ML_KEM_768, other.publicValue(), RANDOM);
		byte[] secret = initiator.complete(toOther.publicValue());
		// implicit rejection: no error, but the secrets differ and no SA can be authenticated
		assertTrue(!Arrays.equals(secret, toOther.sharedSecret()));
	}
}
