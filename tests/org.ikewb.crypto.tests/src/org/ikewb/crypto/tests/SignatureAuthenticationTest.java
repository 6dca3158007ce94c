package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.ikewb.crypto.SignatureAuthentication;
import org.ikewb.crypto.SignatureScheme;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.Test;

/** RFC 7427 AUTH data: AlgorithmIdentifiers as the RFC's appendix lists them, sign and verify. */
class SignatureAuthenticationTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final Octets OCTETS = Octets.fromHex("0102030405060708090a0b0c0d0e0f");

	@Test
	void algorithmIdentifiersAreThoseOfRfc7427AppendixA() {
		HexFormat hex = HexFormat.of();
		assertEquals("300a06082a8648ce3d040302", hex.formatHex(SignatureScheme.ECDSA_P256_SHA256.algorithmIdentifier()));
		assertEquals("300a06082a8648ce3d040303", hex.formatHex(SignatureScheme.ECDSA_P384_SHA384.algorithmIdentifier()));
		assertEquals("300506032b6570", hex.formatHex(SignatureScheme.ED25519.algorithmIdentifier()));
		assertEquals("304106092a864886f70d01010a3034a00f300d0609608648016503040201"
				+ "0500a11c301a06092a864886f70d010108300d0609608648016503040201" + "0500a203020120",
				hex.formatHex(SignatureScheme.RSA_PSS_SHA256.algorithmIdentifier()));
	}

	private static AsymmetricCipherKeyPair ec(String curve) {
		X9ECParameters p = CustomNamedCurves.getByName(curve);
		ECKeyPairGenerator g = new ECKeyPairGenerator();
		g.init(new ECKeyGenerationParameters(new ECDomainParameters(p), RANDOM));
		return g.generateKeyPair();
	}

	private static void roundTrip(SignatureScheme scheme, AsymmetricCipherKeyPair pair, AsymmetricCipherKeyPair other) {
		Octets auth = SignatureAuthentication.sign(scheme, pair.getPrivate(), OCTETS);
		assertEquals(scheme.algorithmIdentifier().length, auth.get(0) & 0xff);
		assertNull(SignatureAuthentication.verify(auth, pair.getPublic(), OCTETS), scheme.toString());
		String wrongData = SignatureAuthentication.verify(auth, pair.getPublic(), Octets.fromHex("00"));
		assertTrue(wrongData != null && wrongData.contains("does not verify"), wrongData);
		String wrongKey = SignatureAuthentication.verify(auth, other.getPublic(), OCTETS);
		assertTrue(wrongKey != null, scheme + " verified with another key");
	}

	@Test
	void ecdsaEd25519AndRsaPssSignAndVerify() {
		roundTrip(SignatureScheme.ECDSA_P256_SHA256, ec("secp256r1"), ec("secp256r1"));
		roundTrip(SignatureScheme.ECDSA_P384_SHA384, ec("secp384r1"), ec("secp384r1"));
		// ecdsa-with-SHA512 over a P-256 key, as Libreswan 5.2 signs
		roundTrip(SignatureScheme.ECDSA_SHA512, ec("secp256r1"), ec("secp256r1"));
		roundTrip(SignatureScheme.ECDSA_SHA512, ec("secp521r1"), ec("secp521r1"));
		Ed25519KeyPairGenerator ed = new Ed25519KeyPairGenerator();
		ed.init(new Ed25519KeyGenerationParameters(RANDOM));
		roundTrip(SignatureScheme.ED25519, ed.generateKeyPair(), ed.generateKeyPair());
		RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
		rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, 2048, 100));
		roundTrip(SignatureScheme.RSA_PSS_SHA256, rsa.generateKeyPair(), rsa.generateKeyPair());
		roundTrip(SignatureScheme.RSA_PSS_SHA512, rsa.generateKeyPair(), rsa.generateKeyPair());
	}

	@Test
	void everyHashWeAnnounceHasAnEcdsaAndAnRsaSchemeThatVerifies() {
		// N(SIGNATURE_HASH_ALGORITHMS) announces SHA2-256/384/512 and Identity (RFC 7427 §4): a peer may
		// sign with any of them, so each must have a scheme for each key type
		for (org.ikewb.protocol.HashAlgorithm hash : List.of(org.ikewb.protocol.HashAlgorithm.SHA2_256,
				org.ikewb.protocol.HashAlgorithm.SHA2_384, org.ikewb.protocol.HashAlgorithm.SHA2_512)) {
			assertTrue(java.util.Arrays.stream(SignatureScheme.values())
					.anyMatch(s -> s.hash().equals(hash) && s.name().startsWith("ECDSA")), "ECDSA with " + hash);
			assertTrue(java.util.Arrays.stream(SignatureScheme.values())
					.anyMatch(s -> s.hash().equals(hash) && s.name().startsWith("RSA_PSS")), "RSA-PSS with " + hash);
		}
		assertEquals("300a06082a8648ce3d040304", HexFormat.of().formatHex(SignatureScheme.ECDSA_SHA512.algorithmIdentifier()));
	}

	@Test
	void malformedAuthDataIsRefusedWithAReason() {
		AsymmetricCipherKeyPair pair = ec("secp256r1");
		assertTrue(SignatureAuthentication.verify(Octets.EMPTY, pair.getPublic(), OCTETS).contains("too short"));
		assertTrue(SignatureAuthentication.verify(Octets.fromHex("0a0102"), pair.getPublic(), OCTETS).contains("too short"));
		assertTrue(SignatureAuthentication.verify(Octets.fromHex("0330010500"), pair.getPublic(), OCTETS)
				.contains("unsupported signature AlgorithmIdentifier"));
		Octets ed = SignatureAuthentication.sign(SignatureScheme.ECDSA_P256_SHA256, pair.getPrivate(), OCTETS);
		Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
		g.init(new Ed25519KeyGenerationParameters(RANDOM));
		assertTrue(SignatureAuthentication.verify(ed, g.generateKeyPair().getPublic(), OCTETS).contains("does not fit"));
	}
}
