package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The octet arithmetic of the Encrypted (SK, RFC 7296 §3.14) and Encrypted Fragment (SKF, RFC 7383
 * §2.5) payloads: how long a protected message is for a plaintext of a given length, and how a
 * plaintext splits into fragments under a message-size limit. Kept apart from the cipher so that the
 * crypto layer that seals messages and the negotiation simulator that predicts their sizes cannot
 * disagree.
 */
public final class SkLayout {

	private SkLayout() {
	}

	/** Octets of the integrity check value: the AEAD's tag, or the integrity algorithm's truncated output. */
	public static int icvLength(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity) {
		return encryption.aead() ? encryption.icvLength() : integrity == null ? 0 : integrity.icvLength();
	}

	/** Plaintext + padding + pad length octet, rounded up to the cipher's block. */
	public static int paddedLength(EncryptionAlgorithm encryption, int plaintextLength) {
		int block = encryption.aead() ? 1 : encryption.blockSize();
		int withPadLength = plaintextLength + 1;
		return (withPadLength + block - 1) / block * block;
	}

	/** The whole IKE message (header included, non-ESP marker not) carrying {@code plaintextLength} octets in one SK payload. */
	public static int messageLength(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, int plaintextLength) {
		return IkeHeader.SIZE + 4 + encryption.ivLength() + paddedLength(encryption, plaintextLength)
				+ icvLength(encryption, integrity);
	}

	/**
	 * The largest plaintext chunk one SKF fragment may carry so that the fragment's message stays within
	 * {@code maxMessage} octets; below 1 when the limit leaves no room.
	 */
	public static int fragmentChunk(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, int maxMessage) {
		int room = maxMessage - IkeHeader.SIZE - 4 - Payload.EncryptedFragment.HEADER;
		return room - encryption.ivLength() - icvLength(encryption, integrity)
				- (encryption.aead() ? 1 : encryption.blockSize());
	}

	/**
	 * The lengths of the messages that carry {@code plaintextLength} octets: one SK message when it fits
	 * in {@code maxMessage} or fragmentation is off, else the SKF fragments.
	 */
	public static List<Integer> messageLengths(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity,
			int plaintextLength, boolean fragmentation, int maxMessage) {
		int whole = messageLength(encryption, integrity, plaintextLength);
		if (!fragmentation || whole <= maxMessage) {
			return List.of(whole);
		}
		int chunk = fragmentChunk(encryption, integrity, maxMessage);
		if (chunk < 1) {
			throw new IllegalArgumentException("fragment size " + maxMessage + " leaves no room for data");
		}
		int total = Math.max(1, (plaintextLength + chunk - 1) / chunk);
		List<Integer> out = new ArrayList<>(total);
		for (int n = 1; n <= total; n++) {
			int length = Math.min(plaintextLength, n * chunk) - (n - 1) * chunk;
			out.add(IkeHeader.SIZE + 4 + Payload.EncryptedFragment.HEADER + encryption.ivLength()
					+ paddedLength(encryption, length) + icvLength(encryption, integrity));
		}
		return List.copyOf(out);
	}
}
