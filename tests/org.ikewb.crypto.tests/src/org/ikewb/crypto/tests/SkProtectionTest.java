package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seal → decode → open for every supported cipher suite, whole and fragmented, and tampering detected. */
class SkProtectionTest {

	private static final SecureRandom RANDOM = new SecureRandom();

	static Stream<Arguments> suites() {
		return Stream.of(
				Arguments.of(EncryptionAlgorithm.AES_GCM_16, 256, IntegrityAlgorithm.NONE, PrfAlgorithm.HMAC_SHA2_384),
				Arguments.of(EncryptionAlgorithm.AES_GCM_16, 128, IntegrityAlgorithm.NONE, PrfAlgorithm.HMAC_SHA2_256),
				Arguments.of(EncryptionAlgorithm.CHACHA20_POLY1305, 0, IntegrityAlgorithm.NONE, PrfAlgorithm.HMAC_SHA2_512),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, PrfAlgorithm.HMAC_SHA2_256),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA2_512_256, PrfAlgorithm.HMAC_SHA2_512),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 192, IntegrityAlgorithm.HMAC_SHA2_384_192, PrfAlgorithm.HMAC_SHA2_384),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 128, IntegrityAlgorithm.AES_XCBC_96, PrfAlgorithm.AES128_XCBC),
				Arguments.of(EncryptionAlgorithm.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, PrfAlgorithm.HMAC_SHA1));
	}

	private static IkeSaKeys keys(EncryptionAlgorithm e, int bits, IntegrityAlgorithm i, PrfAlgorithm p) {
		byte[] seed = new byte[32];
		RANDOM.nextBytes(seed);
		return KeySchedule.derive(0, Prf.of(p), e, bits, i, Octets.of(seed), Octets.of(new byte[32]),
				Octets.of(new byte[32]), 1, 2);
	}

	private static byte[] inner() {
		byte[] ke = new byte[1184];
		RANDOM.nextBytes(ke);
		return IkeCodec.encodeChain(List.of(new Payload.Ke(KeyExchangeMethod.ML_KEM_768, Octets.of(ke)),
				Payload.Notify.of(org.ikewb.protocol.NotifyType.ADDITIONAL_KEY_EXCHANGE, Octets.fromHex("01"))));
	}

	@ParameterizedTest
	@MethodSource("suites")
	void sealedMessagesOpenAndTamperingIsDetected(EncryptionAlgorithm e, int bits, IntegrityAlgorithm i,
			PrfAlgorithm p) throws Exception {
		IkeSaKeys keys = keys(e, bits, i, p);
		IkeHeader header = IkeHeader.of(11, 22, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1);
		byte[] plaintext = inner();
		byte[] message = SkProtection.seal(header, PayloadType.KE.value(), plaintext, keys, RANDOM);
		IkeMessage decoded = IkeCodec.decode(message);
		assertArrayEquals(plaintext, SkProtection.open(message, decoded, keys));
		assertEquals(2, IkeCodec.decodeInner(PayloadType.KE.value(), plaintext, 0).size());

		for (int at : new int[] { 5, 30, message.length / 2, message.length - 1 }) {
			byte[] tampered = message.clone();
			tampered[at] ^= 0x40;
			IkeMessage d;
			try {
				d = IkeCodec.decode(tampered);
			} catch (org.ikewb.protocol.MalformedMessageException malformed) {
				continue; // header damage is caught by the decoder already
			}
			IkeMessage fd = d;
			assertThrows(IntegrityCheckException.class, () -> SkProtection.open(tampered, fd, keys), "byte " + at);
		}
		// the responder's keys do not open the initiator's message
		IkeHeader response = IkeHeader.of(11, 22, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_RESPONSE, 1);
		IkeMessage wrongDirection = new IkeMessage(response, decoded.payloads());
		byte[] relabelled = IkeCodec.encode(wrongDirection);
		assertThrows(IntegrityCheckException.class, () -> SkProtection.open(relabelled, wrongDirection, keys));
	}

	@ParameterizedTest
	@MethodSource("suites")
	void fragmentsOpenOneByOneAndReassemble(EncryptionAlgorithm e, int bits, IntegrityAlgorithm i, PrfAlgorithm p)
			throws Exception {
		IkeSaKeys keys = keys(e, bits, i, p);
		IkeHeader header = IkeHeader.of(11, 22, ExchangeType.IKE_FOLLOWUP_KE, IkeHeader.FLAG_INITIATOR, 4);
		byte[] plaintext = inner();
		List<byte[]> fragments = SkProtection.sealFragments(header, PayloadType.KE.value(), plaintext, keys, 500, RANDOM);
		assertTrue(fragments.size() >= 3, fragments.size() + " fragments");
		FragmentAssembler assembler = new FragmentAssembler();
		Optional<FragmentAssembler.Assembled> whole = Optional.empty();
		for (int n = fragments.size() - 1; n >= 0; n--) { // last fragment first
			byte[] wire = fragments.get(n);
			assertTrue(wire.length <= 500, "fragment of " + wire.length + " octets");
			IkeMessage m = IkeCodec.decode(wire);
			Payload.EncryptedFragment skf = m.first(Payload.EncryptedFragment.class).orElseThrow();
			whole = assembler.add(m.header(), skf, Octets.of(SkProtection.open(wire, m, keys)));
		}
		assertEquals(PayloadType.KE.value(), whole.orElseThrow().firstInnerPayload());
		assertArrayEquals(plaintext, whole.get().plaintext().toByteArray());
	}
}
