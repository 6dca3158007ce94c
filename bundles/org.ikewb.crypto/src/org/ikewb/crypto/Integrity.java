package org.ikewb.crypto;

import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
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
		Mac mac = switch (algorithm.value()) {
		case 2 -> new HMac(new SHA1Digest());
		case 5 -> new AesXcbcMac(key, 16);
		case 12 -> new HMac(new SHA256Digest());
		case 13 -> new HMac(new SHA384Digest());
		case 14 -> new HMac(new SHA512Digest());
		default -> throw new IllegalArgumentException("integrity algorithm " + algorithm + " is not implemented");
		};
		if (mac instanceof HMac) {
			mac.init(new KeyParameter(key));
		}
		mac.update(data, offset, length);
		byte[] full = new byte[mac.getMacSize()];
		mac.doFinal(full, 0);
		byte[] icv = new byte[algorithm.icvLength()];
		System.arraycopy(full, 0, icv, 0, icv.length);
		return icv;
	}
}
