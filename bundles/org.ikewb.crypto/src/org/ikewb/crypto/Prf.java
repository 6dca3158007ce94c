package org.ikewb.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.PrfAlgorithm;

/** A negotiated pseudorandom function and prf+ (RFC 7296 §2.13). */
public final class Prf {

	private final PrfAlgorithm algorithm;

	private Prf(PrfAlgorithm algorithm) {
		this.algorithm = algorithm;
	}

	public static Prf of(PrfAlgorithm algorithm) {
		return switch (algorithm.value()) {
		case 1, 2, 4, 5, 6, 7 -> new Prf(algorithm);
		default -> throw new IllegalArgumentException("PRF " + algorithm + " is not implemented");
		};
	}

	public PrfAlgorithm algorithm() {
		return algorithm;
	}

	/** Octets of one output, and of SK_d, SK_pi and SK_pr. */
	public int outputLength() {
		return algorithm.outputLength();
	}

	/** Preferred key length (RFC 7296 §2.13): the output length; 16 for AES-XCBC-PRF-128. */
	public int keyLength() {
		return algorithm.outputLength();
	}

	/** This PRF keyed with {@code key}. */
	private KeyedMac keyed(byte[] key) {
		return switch (algorithm.value()) {
		case 1 -> KeyedMac.hmac("MD5", key);
		case 2 -> KeyedMac.hmac("SHA1", key);
		case 4 -> new KeyedMac.Bc(new AesXcbcMac(AesXcbcMac.prfKey(key), 16), null);
		case 5 -> KeyedMac.hmac("SHA256", key);
		case 6 -> KeyedMac.hmac("SHA384", key);
		case 7 -> KeyedMac.hmac("SHA512", key);
		default -> throw new IllegalStateException(algorithm.toString());
		};
	}

	/** prf(key, data[0] | data[1] | ...). */
	public byte[] compute(byte[] key, byte[]... data) {
		KeyedMac mac = keyed(key);
		for (byte[] d : data) {
			mac.update(d);
		}
		return mac.doFinal();
	}

	public Octets compute(Octets key, Octets... data) {
		byte[][] parts = new byte[data.length][];
		for (int i = 0; i < data.length; i++) {
			parts[i] = data[i].toByteArray();
		}
		return Octets.of(compute(key.toByteArray(), parts));
	}

	/** prf+(K, S) = T1 | T2 | ... truncated to {@code length} (at most 255 blocks). */
	public byte[] plus(byte[] key, byte[] seed, int length) {
		int blocks = (length + outputLength() - 1) / outputLength();
		if (blocks > 255) {
			throw new IllegalArgumentException("prf+ cannot produce " + length + " octets (255 blocks at most)");
		}
		byte[] out = new byte[length];
		byte[] t = new byte[0];
		int at = 0;
		KeyedMac mac = keyed(key); // keyed once: doFinal leaves it keyed for the next block
		byte[] counter = new byte[1];
		for (int n = 1; n <= blocks; n++) {
			mac.update(t);
			mac.update(seed);
			counter[0] = (byte) n;
			mac.update(counter);
			java.util.Arrays.fill(t, (byte) 0);
			t = mac.doFinal();
			int take = Math.min(t.length, length - at);
			System.arraycopy(t, 0, out, at, take);
			at += take;
		}
		java.util.Arrays.fill(t, (byte) 0);
		return out;
	}

	static Digest digestOf(PrfAlgorithm algorithm) {
		return switch (algorithm.value()) {
		case 2 -> new SHA1Digest();
		case 5 -> new SHA256Digest();
		case 6 -> new SHA384Digest();
		case 7 -> new SHA512Digest();
		default -> throw new IllegalArgumentException(algorithm + " has no digest");
		};
	}
}
