package org.ikewb.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * Protects and opens the Encrypted payload (RFC 7296 §3.14) and Encrypted Fragment payload (RFC 7383
 * §2.5): IV | ciphertext of (inner payloads | padding | pad length) | ICV. With AEAD the associated
 * data is the message from the IKE header through the SK/SKF header (RFC 5282 §5.1); otherwise the ICV
 * covers the message from the IKE header through the ciphertext.
 */
public final class SkProtection {

	private SkProtection() {
	}

	/** Octets an SK payload adds around {@code plaintextLength} octets of inner payloads. */
	static int overhead(IkeSaKeys keys, int plaintextLength) {
		EncryptionAlgorithm e = keys.encryption();
		int padded = paddedLength(e, plaintextLength);
		return 4 + e.ivLength() + (padded - plaintextLength) + icvLength(keys);
	}

	private static int icvLength(IkeSaKeys keys) {
		return org.ikewb.protocol.SkLayout.icvLength(keys.encryption(), keys.integrity());
	}

	private static int paddedLength(EncryptionAlgorithm e, int plaintextLength) {
		return org.ikewb.protocol.SkLayout.paddedLength(e, plaintextLength);
	}

	/**
	 * Decrypts the SK or SKF payload of {@code decoded} (the last payload), whose wire form is
	 * {@code message} (without the non-ESP marker), and returns the inner payloads' octets.
	 */
	public static byte[] open(byte[] message, IkeMessage decoded, IkeSaKeys keys) throws IntegrityCheckException {
		Payload last = decoded.payloads().isEmpty() ? null : decoded.payloads().get(decoded.payloads().size() - 1);
		int headerLength;
		int bodyLength;
		if (last instanceof Payload.Encrypted sk) {
			headerLength = 4;
			bodyLength = sk.body().length();
		} else if (last instanceof Payload.EncryptedFragment skf) {
			headerLength = 4 + Payload.EncryptedFragment.HEADER;
			bodyLength = skf.body().length();
		} else {
			throw new IllegalArgumentException("the message has no SK or SKF payload");
		}
		int bodyStart = message.length - bodyLength;
		boolean fromInitiator = decoded.header().fromInitiator();
		EncryptionAlgorithm e = keys.encryption();
		int iv = e.ivLength();
		int icv = icvLength(keys);
		if (bodyLength < iv + icv + (e.aead() ? 1 : e.blockSize())) {
			throw new IntegrityCheckException(decoded.header().exchangeType() + ": encrypted payload of " + bodyLength
					+ " octets cannot hold IV, one block and ICV");
		}
		byte[] padded;
		byte[] ivBytes = Arrays.copyOfRange(message, bodyStart, bodyStart + iv);
		byte[] key = keys.encryptionKey(fromInitiator).toByteArray();
		try {
			if (e.aead()) {
				byte[] aad = Arrays.copyOfRange(message, 0, bodyStart);
				try {
					padded = SkCipher.aead(e, false, key, ivBytes, aad, message, bodyStart + iv, bodyLength - iv);
				} catch (InvalidCipherTextException ex) {
					throw new IntegrityCheckException(decoded.header().exchangeType() + " "
							+ (decoded.header().isResponse() ? "response" : "request") + " "
							+ decoded.header().messageIdUnsigned() + ": AEAD tag does not verify with "
							+ (fromInitiator ? "SK_ei" : "SK_er") + " of key generation " + keys.generation());
				}
			} else {
				int cipherLength = bodyLength - iv - icv;
				if (cipherLength % e.blockSize() != 0) {
					throw new IntegrityCheckException("ciphertext of " + cipherLength + " octets is not a multiple of the "
							+ e.blockSize() + "-octet block");
				}
				byte[] expected = Integrity.icv(keys.integrity(), keys.integrityKey(fromInitiator).toByteArray(),
						message, 0, message.length - icv);
				byte[] received = Arrays.copyOfRange(message, message.length - icv, message.length);
				if (!java.security.MessageDigest.isEqual(expected, received)) {
					throw new IntegrityCheckException(decoded.header().exchangeType() + ": ICV does not verify with "
							+ (fromInitiator ? "SK_ai" : "SK_ar") + " of key generation " + keys.generation());
				}
				padded = SkCipher.cbc(false, key, ivBytes, message, bodyStart + iv, cipherLength);
			}
		} finally {
			Arrays.fill(key, (byte) 0);
		}
		int padLength = padded[padded.length - 1] & 0xff;
		if (padLength + 1 > padded.length) {
			throw new IntegrityCheckException("pad length " + padLength + " exceeds the " + padded.length
					+ " decrypted octets");
		}
		return Arrays.copyOf(padded, padded.length - padLength - 1);
	}

	/** Builds a whole message: {@code header} and one SK payload around {@code plaintext}. */
	public static byte[] seal(IkeHeader header, int firstInner, byte[] plaintext, IkeSaKeys keys, SecureRandom random) {
		return seal(header, firstInner, plaintext, 0, plaintext.length, 0, 0, keys, random);
	}

	/**
	 * Builds the messages of a fragmented message (RFC 7383 §2.5): each at most {@code maxMessage}
	 * octets (IKE header included, non-ESP marker and UDP/IP headers not), each fragment protected on
	 * its own; only fragment 1 names the first inner payload. One fragment if it all fits.
	 */
	public static List<byte[]> sealFragments(IkeHeader header, int firstInner, byte[] plaintext, IkeSaKeys keys,
			int maxMessage, SecureRandom random) {
		// the largest chunk whose protected form still fits
		int chunk = org.ikewb.protocol.SkLayout.fragmentChunk(keys.encryption(), keys.integrity(), maxMessage);
		if (chunk < 1) {
			throw new IllegalArgumentException("fragment size " + maxMessage + " leaves no room for data");
		}
		int total = Math.max(1, (plaintext.length + chunk - 1) / chunk);
		if (total > 0xffff) {
			throw new IllegalArgumentException("message needs " + total + " fragments");
		}
		List<byte[]> out = new ArrayList<>(total);
		for (int n = 1; n <= total; n++) {
			int from = (n - 1) * chunk;
			int to = Math.min(plaintext.length, from + chunk);
			out.add(seal(header, n == 1 ? firstInner : PayloadType.NONE, plaintext, from, to - from, n, total, keys,
					random));
		}
		return out;
	}

	private static byte[] seal(IkeHeader header, int firstInner, byte[] plaintext, int offset, int length,
			int fragment, int total, IkeSaKeys keys, SecureRandom random) {
		EncryptionAlgorithm e = keys.encryption();
		boolean fromInitiator = header.fromInitiator();
		int skHeader = fragment == 0 ? 4 : 4 + Payload.EncryptedFragment.HEADER;
		int padded = paddedLength(e, length);
		int icv = icvLength(keys);
		int iv = e.ivLength();
		int cipherLength = e.aead() ? padded + icv : padded;
		int messageLength = IkeHeader.SIZE + skHeader + iv + cipherLength + (e.aead() ? 0 : icv);
		byte[] message = new byte[messageLength];
		header.withNextPayload(fragment == 0 ? PayloadType.SK.value() : PayloadType.SKF.value())
				.withLength(messageLength).writeTo(message, 0);
		int at = IkeHeader.SIZE;
		message[at] = (byte) firstInner;
		message[at + 2] = (byte) ((messageLength - IkeHeader.SIZE) >>> 8);
		message[at + 3] = (byte) (messageLength - IkeHeader.SIZE);
		if (fragment != 0) {
			message[at + 4] = (byte) (fragment >>> 8);
			message[at + 5] = (byte) fragment;
			message[at + 6] = (byte) (total >>> 8);
			message[at + 7] = (byte) total;
		}
		int bodyStart = at + skHeader;
		byte[] ivBytes = new byte[iv];
		random.nextBytes(ivBytes);
		System.arraycopy(ivBytes, 0, message, bodyStart, iv);
		byte[] input = new byte[padded];
		System.arraycopy(plaintext, offset, input, 0, length);
		input[padded - 1] = (byte) (padded - length - 1);
		byte[] key = keys.encryptionKey(fromInitiator).toByteArray();
		try {
			byte[] sealed;
			if (e.aead()) {
				byte[] aad = Arrays.copyOf(message, bodyStart);
				sealed = SkCipher.aead(e, true, key, ivBytes, aad, input, 0, input.length);
			} else {
				sealed = SkCipher.cbc(true, key, ivBytes, input, 0, input.length);
			}
			System.arraycopy(sealed, 0, message, bodyStart + iv, sealed.length);
			if (!e.aead()) {
				byte[] mac = Integrity.icv(keys.integrity(), keys.integrityKey(fromInitiator).toByteArray(), message, 0,
						messageLength - icv);
				System.arraycopy(mac, 0, message, messageLength - icv, icv);
			}
		} catch (InvalidCipherTextException ex) {
			throw new IllegalStateException("encryption cannot fail", ex);
		} finally {
			Arrays.fill(key, (byte) 0);
			Arrays.fill(input, (byte) 0);
		}
		return message;
	}
}
