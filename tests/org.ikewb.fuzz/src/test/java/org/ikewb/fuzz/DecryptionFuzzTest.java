package org.ikewb.fuzz;

import java.util.Arrays;
import java.util.List;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkCipher;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The decryption path with keys the receiver really holds: (1) any datagram opened with valid keys
 * of AES-GCM and of AES-CBC + HMAC — refused with the decoder's or the integrity check's exception,
 * nothing else; (2) hostile plaintext — inner payloads, padding, pad length — sealed correctly
 * under valid keys, so that everything after the integrity check is reached: it opens, and its inner
 * payloads decode or are refused by the decoder, never anything else.
 */
class DecryptionFuzzTest {

	private static final long SPI_I = 0x1122334455667788L;
	private static final long SPI_R = 0x0102030405060708L;

	private static IkeSaKeys keys(EncryptionAlgorithm e, int bits, IntegrityAlgorithm i) {
		Octets fixed = Octets.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
		return KeySchedule.derive(0, Prf.of(PrfAlgorithm.HMAC_SHA2_384), e, bits, i, fixed, fixed, fixed, SPI_I, SPI_R);
	}

	private static final List<IkeSaKeys> SUITES = List.of(keys(EncryptionAlgorithm.AES_GCM_16, 256, IntegrityAlgorithm.NONE),
			keys(EncryptionAlgorithm.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128));

	@FuzzTest(maxDuration = "30s")
	void openDatagram(byte[] datagram) {
		IkeMessage message;
		try {
			message = IkeCodec.decode(datagram);
		} catch (MalformedMessageException expected) {
			return;
		}
		Payload last = message.payloads().isEmpty() ? null : message.payloads().get(message.payloads().size() - 1);
		if (!(last instanceof Payload.Encrypted sk)) {
			return;
		}
		for (IkeSaKeys k : SUITES) {
			try {
				byte[] plaintext = SkProtection.open(datagram, message, k);
				IkeCodec.decodeInner(sk.firstInnerPayload(), plaintext, 0);
			} catch (IntegrityCheckException | MalformedMessageException expected) {
				// refused, saying why
			}
		}
	}

	/**
	 * {@code IV(8) | first inner payload type(1) | plaintext with its own padding and pad length},
	 * sealed with AES-GCM-16 under the responder's real keys.
	 */
	@FuzzTest(maxDuration = "30s")
	void openHostilePlaintext(FuzzedDataProvider data) {
		IkeSaKeys k = SUITES.get(0);
		byte[] iv = data.consumeBytes(8);
		if (iv.length < 8) {
			return;
		}
		int first = data.consumeInt(0, 255);
		byte[] padded = data.consumeRemainingAsBytes();
		if (padded.length == 0) {
			return;
		}
		int icv = k.encryption().icvLength();
		int skLength = 4 + iv.length + padded.length + icv;
		if (IkeHeader.SIZE + skLength > 65535) {
			return;
		}
		byte[] message = new byte[IkeHeader.SIZE + skLength];
		IkeHeader.of(SPI_I, SPI_R, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1)
				.withNextPayload(PayloadType.SK.value()).withLength(message.length).writeTo(message, 0);
		message[IkeHeader.SIZE] = (byte) first;
		message[IkeHeader.SIZE + 2] = (byte) (skLength >>> 8);
		message[IkeHeader.SIZE + 3] = (byte) skLength;
		System.arraycopy(iv, 0, message, IkeHeader.SIZE + 4, iv.length);
		byte[] sealed;
		try {
			sealed = SkCipher.aead(k.encryption(), true, k.encryptionKey(true).toByteArray(), iv,
					Arrays.copyOf(message, IkeHeader.SIZE + 4), padded, 0, padded.length);
		} catch (InvalidCipherTextException e) {
			throw new AssertionError("sealing cannot fail", e);
		}
		System.arraycopy(sealed, 0, message, IkeHeader.SIZE + 4 + iv.length, sealed.length);
		IkeMessage decoded;
		try {
			decoded = IkeCodec.decode(message);
		} catch (MalformedMessageException e) {
			return; // e.g. a first inner type the header cannot carry
		}
		byte[] plaintext;
		try {
			plaintext = SkProtection.open(message, decoded, k);
		} catch (IntegrityCheckException e) {
			// sealed correctly, so only the padding can be refused: a pad length beyond the plaintext
			if (!e.getMessage().contains("pad")) {
				throw new AssertionError("a correctly sealed message failed its integrity check: " + e.getMessage(), e);
			}
			return;
		}
		try {
			IkeCodec.decodeInner(first, plaintext, 0);
		} catch (MalformedMessageException expected) {
			// hostile inner payloads refused, saying where
		}
	}
}
