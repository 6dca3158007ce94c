package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.stream.Stream;

import org.ikewb.crypto.CryptoProviders;
import org.ikewb.crypto.CryptoProviders.Choice;
import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK and Bouncy Castle paths agree: each side of every exchange may run on either provider,
 * and PRF, prf+, key schedule and SK protection give identical octets on both. Both paths are thus
 * tested, and the JDK path is proven against Bouncy Castle's (itself proven by published vectors).
 */
class CryptoProvidersTest {

	private static final SecureRandom RANDOM = new SecureRandom();

	@AfterEach
	void restore() {
		CryptoProviders.use(Choice.BEST);
	}

	static Stream<KeyExchangeMethod> jdkServedMethods() {
		return Stream.of(KeyExchangeMethod.MODP_2048, KeyExchangeMethod.MODP_3072, KeyExchangeMethod.ML_KEM_512,
				KeyExchangeMethod.ML_KEM_768, KeyExchangeMethod.ML_KEM_1024);
	}

	@Test
	void theJdkServesWhatItDoesFaster() {
		var table = CryptoProviders.describe();
		String jdk = "JDK " + Runtime.version().feature();
		assertEquals(jdk, table.get("HMAC (PRF, integrity)"));
		assertEquals(jdk, table.get("AES-GCM-128/96, AES-CBC"));
		assertEquals(jdk, table.get("MODP"));
		assertEquals(Runtime.version().feature() >= 24 ? jdk : "Bouncy Castle (the JDK has no ML-KEM before 24)",
				table.get("ML-KEM"));
		assertEquals("Bouncy Castle", table.get("X25519, X448, ECP, brainpool"));
		CryptoProviders.use(Choice.BOUNCY_CASTLE);
		assertTrue(CryptoProviders.describe().values().stream().allMatch(v -> v.startsWith("Bouncy Castle")),
				CryptoProviders.describe().toString());
	}

	@ParameterizedTest
	@MethodSource("jdkServedMethods")
	void anInitiatorOnOneProviderAgreesWithAResponderOnTheOther(KeyExchangeMethod method) throws Exception {
		for (Choice initiatorSide : Choice.values()) {
			Choice responderSide = initiatorSide == Choice.BEST ? Choice.BOUNCY_CASTLE : Choice.BEST;
			CryptoProviders.use(initiatorSide);
			KeyExchange initiator = KeyExchange.start(method, RANDOM);
			CryptoProviders.use(responderSide);
			KeyExchange.Response response = KeyExchange.respond(method, initiator.publicValue(), RANDOM);
			CryptoProviders.use(initiatorSide);
			byte[] secret = initiator.complete(response.publicValue());
			assertArrayEquals(response.sharedSecret(), secret, method + " initiator on " + initiatorSide);
			assertEquals(method.responderValueLength(), response.publicValue().length);
		}
	}

	@ParameterizedTest
	@MethodSource("jdkServedMethods")
	void theJdkPathRejectsWhatBouncyCastleRejects(KeyExchangeMethod method) {
		byte[] hostile = new byte[method.initiatorValueLength()];
		if (method.family() == KeyExchangeMethod.Family.ML_KEM) {
			java.util.Arrays.fill(hostile, (byte) 0xff); // every coefficient 4095 >= q
		} else {
			hostile[hostile.length - 1] = 1; // y = 1
		}
		for (Choice choice : Choice.values()) {
			CryptoProviders.use(choice);
			KeyExchangeException e = assertThrows(KeyExchangeException.class,
					() -> KeyExchange.respond(method, hostile, RANDOM), choice.toString());
			assertTrue(e.getMessage().startsWith(method.ianaName()), e.getMessage());
		}
	}

	@Test
	void aWrongCiphertextGivesTheSameImplicitRejectionOnNeitherSide() throws Exception {
		// FIPS 203: decapsulating a wrong ciphertext yields a pseudorandom secret, never an error
		for (Choice choice : Choice.values()) {
			CryptoProviders.use(choice);
			KeyExchange initiator = KeyExchange.start(KeyExchangeMethod.ML_KEM_768, RANDOM);
			KeyExchange.Response response = KeyExchange.respond(KeyExchangeMethod.ML_KEM_768, initiator.publicValue(),
					RANDOM);
			byte[] ct = response.publicValue();
			ct[17] ^= 1;
			byte[] secret = initiator.complete(ct);
			assertEquals(32, secret.length);
			assertTrue(!java.util.Arrays.equals(secret, response.sharedSecret()), choice.toString());
		}
	}

	static Stream<PrfAlgorithm> prfs() {
		return Stream.of(PrfAlgorithm.HMAC_SHA1, PrfAlgorithm.HMAC_SHA2_256, PrfAlgorithm.HMAC_SHA2_384,
				PrfAlgorithm.HMAC_SHA2_512, PrfAlgorithm.AES128_XCBC);
	}

	@ParameterizedTest
	@MethodSource("prfs")
	void prfAndPrfPlusAreTheSameOnBothProviders(PrfAlgorithm algorithm) {
		Prf prf = Prf.of(algorithm);
		for (int keyLength : new int[] { 0, 16, 48, 200 }) {
			byte[] key = new byte[keyLength];
			RANDOM.nextBytes(key);
			byte[] data = new byte[333];
			RANDOM.nextBytes(data);
			CryptoProviders.use(Choice.BOUNCY_CASTLE);
			byte[] bcOne = prf.compute(key, data, key);
			byte[] bcPlus = prf.plus(key, data, 7 * 64 + 5);
			CryptoProviders.use(Choice.BEST);
			assertArrayEquals(bcOne, prf.compute(key, data, key), algorithm + " key " + keyLength);
			assertArrayEquals(bcPlus, prf.plus(key, data, 7 * 64 + 5), algorithm + " prf+ key " + keyLength);
		}
	}

	static Stream<Arguments> suites() {
		return Stream.of(Arguments.of(EncryptionAlgorithm.AES_GCM_16, 256, IntegrityAlgorithm.NONE),
				Arguments.of(EncryptionAlgorithm.AES_GCM_12, 128, IntegrityAlgorithm.NONE),
				Arguments.of(EncryptionAlgorithm.AES_GCM_8, 256, IntegrityAlgorithm.NONE),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA2_512_256));
	}

	@ParameterizedTest
	@MethodSource("suites")
	void whatOneProviderSealsTheOtherOpensAndTamperingFailsOnBoth(EncryptionAlgorithm e, int bits,
			IntegrityAlgorithm i) throws Exception {
		byte[] seed = new byte[48];
		RANDOM.nextBytes(seed);
		CryptoProviders.use(Choice.BOUNCY_CASTLE);
		IkeSaKeys bcKeys = KeySchedule.derive(0, Prf.of(PrfAlgorithm.HMAC_SHA2_384), e, bits, i, Octets.of(seed),
				Octets.of(new byte[32]), Octets.of(new byte[32]), 1, 2);
		CryptoProviders.use(Choice.BEST);
		IkeSaKeys jdkKeys = KeySchedule.derive(0, Prf.of(PrfAlgorithm.HMAC_SHA2_384), e, bits, i, Octets.of(seed),
				Octets.of(new byte[32]), Octets.of(new byte[32]), 1, 2);
		assertEquals(bcKeys.encryptionKey(true), jdkKeys.encryptionKey(true));
		assertEquals(bcKeys.integrityKey(false), jdkKeys.integrityKey(false));
		assertEquals(bcKeys.skD(), jdkKeys.skD());

		byte[] plaintext = new byte[1200];
		RANDOM.nextBytes(plaintext);
		IkeHeader header = IkeHeader.of(11, 22, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1);
		for (Choice sealer : Choice.values()) {
			Choice opener = sealer == Choice.BEST ? Choice.BOUNCY_CASTLE : Choice.BEST;
			CryptoProviders.use(sealer);
			byte[] message = SkProtection.seal(header, PayloadType.NONE, plaintext, jdkKeys, RANDOM);
			CryptoProviders.use(opener);
			assertArrayEquals(plaintext, SkProtection.open(message, IkeCodec.decode(message), jdkKeys),
					e + " sealed on " + sealer);
			byte[] tampered = message.clone();
			tampered[tampered.length - 40] ^= 1;
			assertThrows(IntegrityCheckException.class,
					() -> SkProtection.open(tampered, IkeCodec.decode(tampered), jdkKeys), e + " opened on " + opener);
		}
	}
}
