package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;

/**
 * The crypto floor of one IKE SA with one Child SA, both sides together: the primitives RFC 7296,
 * 9242 and 9370 make a PSK handshake with {@code aes256gcm16-prfsha384-x25519[-ke1_mlkem768]} do,
 * called directly on the fastest Java implementation of each (Bouncy Castle X25519; the JDK's
 * ML-KEM, HMAC-SHA-384 and AES-GCM), without any protocol code: CPU of this thread per handshake.
 * What {@link HandshakeRate} compares our engine's CPU with.
 * <p>
 * Per handshake: X25519 key pair on each side and the agreement on each side; with ML-KEM-768 a
 * key pair (initiator), encapsulation (responder), decapsulation (initiator). HMAC-SHA-384, per
 * side: SKEYSEED and prf+ of 216 bytes of SK_* (5 blocks) per key generation (2 with ML-KEM),
 * IntAuth_i and IntAuth_r per IKE_INTERMEDIATE, the PSK AUTH of each side built or checked (prf of
 * the pad, of the signed octets, and of the ID payload: 3 each, 6 per side), the Child SA's
 * KEYMAT (72 bytes: 2 blocks). AES-256-GCM: each message of IKE_INTERMEDIATE (the ML-KEM public key
 * and ciphertext) and IKE_AUTH sealed by its sender and opened by its receiver.
 */
final class CryptoFloor {

	private static final SecureRandom RANDOM = new SecureRandom();

	private CryptoFloor() {
	}

	/** Microseconds of CPU per handshake, median of {@code rounds} rounds after warming up the JIT. */
	static double micros(boolean mlKem, int rounds) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < 3000; i++) {
			handshake(mlKem);
		}
		double[] perRound = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			int n = 500;
			long t0 = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) {
				handshake(mlKem);
			}
			perRound[r] = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / n;
		}
		return HandshakeRate.median(perRound);
	}

	private static long sink;

	static void handshake(boolean mlKem) throws Exception {
		// IKE_SA_INIT: X25519 on both sides
		AsymmetricCipherKeyPair i = x25519();
		AsymmetricCipherKeyPair r = x25519();
		byte[] sharedR = agree(r, i);
		byte[] sharedI = agree(i, r);
		int generations = 1;
		Mac hmac = Mac.getInstance("HmacSHA384");
		for (byte[] shared : new byte[][] { sharedI, sharedR }) {
			keys(hmac, shared); // SKEYSEED + prf+, each side
		}
		if (mlKem) {
			// IKE_INTERMEDIATE: the initiator's public key out, the ciphertext back, both sealed and opened
			KeyPairGenerator g = KeyPairGenerator.getInstance("ML-KEM");
			g.initialize(new NamedParameterSpec("ML-KEM-768"));
			KeyPair pair = g.generateKeyPair();
			byte[] publicKey = pair.getPublic().getEncoded();
			aead(publicKey.length + 40);
			KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(pair.getPublic()).encapsulate();
			aead(enc.encapsulation().length + 40);
			byte[] secretI = KEM.getInstance("ML-KEM").newDecapsulator(pair.getPrivate()).decapsulate(enc.encapsulation())
					.getEncoded();
			sink += secretI[0] + enc.key().getEncoded()[0];
			for (int side = 0; side < 2; side++) {
				prf(hmac, 2); // IntAuth_i, IntAuth_r
				keys(hmac, secretI); // SKEYSEED(2) + prf+
			}
			generations++;
		}
		// IKE_AUTH with PSK: each side builds its AUTH and checks the other's; then the Child SA's KEYMAT
		aead(300);
		aead(250);
		for (int side = 0; side < 2; side++) {
			prf(hmac, 6);
			prf(hmac, 2);
		}
		sink += generations;
	}

	private static AsymmetricCipherKeyPair x25519() {
		X25519KeyPairGenerator g = new X25519KeyPairGenerator();
		g.init(new X25519KeyGenerationParameters(RANDOM));
		return g.generateKeyPair();
	}

	private static byte[] agree(AsymmetricCipherKeyPair mine, AsymmetricCipherKeyPair theirs) {
		X25519Agreement a = new X25519Agreement();
		a.init(mine.getPrivate());
		byte[] secret = new byte[a.getAgreementSize()];
		a.calculateAgreement(theirs.getPublic(), secret, 0);
		return secret;
	}

	/** SKEYSEED, then prf+ for SK_d, SK_ei/er (32 + 4 bytes each), SK_pi/pr: 216 bytes, 5 blocks of 48. */
	private static void keys(Mac hmac, byte[] shared) throws Exception {
		hmac.init(new SecretKeySpec(new byte[64], "HmacSHA384")); // Ni | Nr
		byte[] skeyseed = hmac.doFinal(shared);
		hmac.init(new SecretKeySpec(skeyseed, "HmacSHA384"));
		byte[] t = new byte[0];
		for (byte n = 1; n <= 5; n++) {
			hmac.update(t);
			hmac.update(new byte[80]); // Ni | Nr | SPIi | SPIr
			hmac.update(n);
			t = hmac.doFinal();
		}
		sink += t[0];
	}

	private static void prf(Mac hmac, int times) throws Exception {
		hmac.init(new SecretKeySpec(new byte[48], "HmacSHA384"));
		for (int k = 0; k < times; k++) {
			sink += hmac.doFinal(new byte[200])[0];
		}
	}

	/** One message sealed by its sender and opened by its receiver (AES-256-GCM, 16-byte ICV). */
	private static void aead(int length) throws Exception {
		SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(nonce);
		Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
		seal.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
		seal.updateAAD(new byte[32]);
		byte[] sealed = seal.doFinal(new byte[length]);
		Cipher open = Cipher.getInstance("AES/GCM/NoPadding");
		open.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
		open.updateAAD(new byte[32]);
		sink += open.doFinal(sealed).length;
	}

	public static void main(String[] args) throws Exception {
		System.out.printf("crypto floor per handshake, both sides: x25519+ML-KEM-768 %.0f µs, x25519 %.0f µs%n",
				micros(true, 9), micros(false, 9));
	}
}
