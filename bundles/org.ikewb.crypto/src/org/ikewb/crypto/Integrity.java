package org.ikewb.crypto;

import org.ikewb.protocol.IntegrityAlgorithm;

/** A negotiated integrity algorithm: a MAC truncated to the ICV length (RFC 4868, RFC 3566). */
final class Integrity {

	private Integrity() {
	}

	static boolean supported(IntegrityAlgorithm algorithm) {
		return switch (algorithm.value()) {
		case 2, 5, 12, 13, 14 -> true;
		default -> false;
		};
	}

	/** The truncated ICV over data[offset, offset+length). */
	static byte[] icv(IntegrityAlgorithm algorithm, byte[] key, byte[] data, int offset, int length) {
		KeyedMac mac = switch (algorithm.value()) {
		case 2 -> KeyedMac.hmac("SHA1", key);
		case 5 -> new KeyedMac.Bc(new AesXcbcMac(key, 16), null);
		case 12 -> KeyedMac.hmac("SHA256", key);
		case 13 -> KeyedMac.hmac("SHA384", key);
		case 14 -> KeyedMac.hmac("SHA512", key);
		default -> throw new IllegalArgumentException("integrity algorithm " + algorithm + " is not implemented");
		};
		mac.update(data, offset, length);
		byte[] full = mac.doFinal();
		byte[] icv = new byte[algorithm.icvLength()];
		System.arraycopy(full, 0, icv, 0, icv.length);
		return icv;
	}
}
