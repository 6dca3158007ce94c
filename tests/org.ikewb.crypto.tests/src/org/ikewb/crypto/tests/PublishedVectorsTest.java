package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkCipher;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.PrfAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * Published test vectors: RFC 7748 (X25519, X448), RFC 5903 (ECP-256), RFC 4231 (HMAC-SHA2),
 * RFC 3566 / RFC 4434 (AES-XCBC), the GCM specification (AES-GCM). Private keys are fed to the key
 * exchanges as the "random" bytes their generators draw.
 */
class PublishedVectorsTest {

	private static final HexFormat HEX = HexFormat.of();

	private static byte[] hex(String s) {
		return HEX.parseHex(s.replaceAll("\\s", ""));
	}

	private static void keyExchange(KeyExchangeMethod method, String i, String gi, String r, String gr, String gir)
			throws Exception {
		KeyExchange initiator = KeyExchange.start(method, new FixedSecureRandom(hex(i)));
		assertEquals(gi, HEX.formatHex(initiator.publicValue()), method + " g^i");
		KeyExchange.Response response = KeyExchange.respond(method, hex(gi), new FixedSecureRandom(hex(r)));
		assertEquals(gr, HEX.formatHex(response.publicValue()), method + " g^r");
		assertEquals(gir, HEX.formatHex(response.sharedSecret()), method + " g^ir at the responder");
		assertEquals(gir, HEX.formatHex(initiator.complete(hex(gr))), method + " g^ir at the initiator");
	}

	@Test
	void rfc7748X25519() throws Exception {
		keyExchange(KeyExchangeMethod.CURVE25519,
				"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
				"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
				"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
				"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
				"4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	}

	@Test
	void rfc7748X448() throws Exception {
		keyExchange(KeyExchangeMethod.CURVE448,
				"9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
				"9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
				"1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
				"3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
				"07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
	}

	@Test
	void rfc5903Ecp256() throws Exception {
		keyExchange(KeyExchangeMethod.ECP_256,
				"c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
				"dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
						+ "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
				"c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
				"d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
						+ "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
				"d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
	}

	@Test
	void rfc4231HmacSha2() {
		byte[] key1 = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
		byte[] hiThere = "Hi There".getBytes(StandardCharsets.US_ASCII);
		assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
				HEX.formatHex(Prf.of(PrfAlgorithm.HMAC_SHA2_256).compute(key1, hiThere)));
		assertEquals("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
				+ "faea9ea9076ede7f4af152e8b2fa9cb6",
				HEX.formatHex(Prf.of(PrfAlgorithm.HMAC_SHA2_384).compute(key1, hiThere)));
		assertEquals("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
				+ "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
				HEX.formatHex(Prf.of(PrfAlgorithm.HMAC_SHA2_512).compute(key1, hiThere)));
		// test case 2: data split over two arguments is the same as one
		byte[] jefe = "Jefe".getBytes(StandardCharsets.US_ASCII);
		assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
				HEX.formatHex(Prf.of(PrfAlgorithm.HMAC_SHA2_256).compute(jefe,
						"what do ya want ".getBytes(StandardCharsets.US_ASCII),
						"for nothing?".getBytes(StandardCharsets.US_ASCII))));
	}

	@Test
	void rfc3566AndRfc4434AesXcbc() {
		Prf xcbc = Prf.of(PrfAlgorithm.AES128_XCBC);
		byte[] key = hex("000102030405060708090a0b0c0d0e0f");
		assertEquals("75f0251d528ac01c4573dfd584d79f29", HEX.formatHex(xcbc.compute(key, new byte[0])));
		assertEquals("5b376580ae2f19afe7219ceef172756f", HEX.formatHex(xcbc.compute(key, hex("000102"))));
		assertEquals("d2a246fa349b68a79998a4394ff7a263",
				HEX.formatHex(xcbc.compute(key, hex("000102030405060708090a0b0c0d0e0f"))));
		assertEquals("47f51b4564966215b8985c63055ed308",
				HEX.formatHex(xcbc.compute(key, hex("000102030405060708090a0b0c0d0e0f10111213"))));
		assertEquals("f54f0ec8d2b9f3d36807734bd5283fd4", HEX.formatHex(xcbc.compute(key,
				hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))));
		// RFC 4434: keys shorter and longer than 16 octets
		byte[] message = hex("000102030405060708090a0b0c0d0e0f10111213");
		assertEquals("0fa087af7d866e7653434e602fdde835",
				HEX.formatHex(xcbc.compute(hex("00010203040506070809"), message)));
		assertEquals("8cd3c93ae598a9803006ffb67c40e9e4",
				HEX.formatHex(xcbc.compute(hex("000102030405060708090a0b0c0d0e0fedcb"), message)));
	}

	@Test
	void gcmSpecificationTestCase3() throws Exception {
		// K | salt (the first 4 octets of the 12-octet IV), then the 8-octet IV as IKE carries it
		byte[] keyAndSalt = hex("feffe9928665731c6d6a8f9467308308" + "cafebabe");
		byte[] iv = hex("facedbaddecaf888");
		byte[] plaintext = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
				+ "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
		String expected = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
				+ "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985" + "4d5c2af327cd64a62cf35abd2ba6fab4";
		byte[] sealed = SkCipher.aead(EncryptionAlgorithm.AES_GCM_16, true, keyAndSalt, iv, new byte[0], plaintext, 0,
				plaintext.length);
		assertEquals(expected, HEX.formatHex(sealed));
		assertEquals(HEX.formatHex(plaintext), HEX.formatHex(SkCipher.aead(EncryptionAlgorithm.AES_GCM_16, false,
				keyAndSalt, iv, new byte[0], sealed, 0, sealed.length)));
		sealed[3] ^= 1;
		assertThrows(InvalidCipherTextException.class, () -> SkCipher.aead(EncryptionAlgorithm.AES_GCM_16, false,
				keyAndSalt, iv, new byte[0], sealed, 0, sealed.length));
	}

	@Test
	void prfPlusChainsBlocksWithACounter() {
		// prf+ of RFC 7296 §2.13, against its definition spelled out
		Prf prf = Prf.of(PrfAlgorithm.HMAC_SHA2_256);
		byte[] k = hex("01020304");
		byte[] s = hex("a0a1a2");
		byte[] t1 = prf.compute(k, s, new byte[] { 1 });
		byte[] t2 = prf.compute(k, t1, s, new byte[] { 2 });
		byte[] plus = prf.plus(k, s, 40);
		assertEquals(HEX.formatHex(t1) + HEX.formatHex(t2).substring(0, 16), HEX.formatHex(plus));
	}
}
