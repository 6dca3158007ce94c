package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.UnsupportedCriticalPayloadException;
import org.junit.jupiter.api.Test;

/** A corpus of hostile inputs, each with the specific error it must produce. */
class MalformedMessageTest {

	private static final IkeHeader HEADER = IkeHeader.of(0x1122334455667788L, 0, ExchangeType.IKE_SA_INIT,
			IkeHeader.FLAG_INITIATOR, 0);

	/** SA (one proposal, two transforms) | KE | Nonce. */
	private static byte[] valid() {
		Payload.Sa sa = new Payload.Sa(List.of(new Payload.Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
				new Payload.Transform(TransformType.ENCR, 20, List.of(Payload.Attribute.keyLength(256))),
				Payload.Transform.of(TransformType.KE, 31)))));
		return IkeCodec.encode(new IkeMessage(HEADER, List.of(sa,
				new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(new byte[32])),
				new Payload.Nonce(Octets.of(new byte[32])))));
	}

	// SA payload at 28: generic header 28..31, proposal 32..39, transform 1 at 40 (8 + 4 attribute), transform 2 at 52
	private static final int SA = 28;
	private static final int PROPOSAL = 32;
	private static final int TRANSFORM1 = 40;

	private static byte[] mutate(Consumer<byte[]> change) {
		byte[] b = valid();
		change.accept(b);
		return b;
	}

	private static void setU16(byte[] b, int at, int v) {
		b[at] = (byte) (v >> 8);
		b[at + 1] = (byte) v;
	}

	private static MalformedMessageException rejects(byte[] datagram, int offset, String rule) {
		MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> IkeCodec.decode(datagram));
		assertTrue(e.rule().contains(rule), () -> "expected '" + rule + "' in: " + e.getMessage());
		assertEquals(offset, e.offset(), () -> "offset of: " + e.getMessage());
		return e;
	}

	@Test
	void theBaseMessageIsValid() throws Exception {
		assertEquals(3, IkeCodec.decode(valid()).payloads().size());
	}

	@Test
	void truncatedHeadersAreDroppedSilently() {
		assertNull(rejects(new byte[0], 0, "shorter than the 28-octet IKE header").answer());
		assertNull(rejects(Arrays.copyOf(valid(), 27), 0, "shorter than the 28-octet IKE header").answer());
	}

	@Test
	void majorVersionOtherThanTwo() {
		MalformedMessageException e = rejects(mutate(b -> b[17] = 0x30), 17, "major version 3 is not 2");
		assertEquals(NotifyType.INVALID_MAJOR_VERSION, e.answer());
	}

	@Test
	void headerLengthDisagreeingWithTheDatagram() {
		byte[] b = valid();
		assertEquals(NotifyType.INVALID_SYNTAX, rejects(Arrays.copyOf(b, b.length - 1), 24, "does not match").answer());
		rejects(Arrays.copyOf(b, b.length + 1), 24, "does not match");
	}

	@Test
	void payloadLengthsBelowTheGenericHeaderOrPastTheEnd() {
		rejects(mutate(b -> setU16(b, SA + 2, 0)), SA + 2, "is below the 4-octet generic header");
		rejects(mutate(b -> setU16(b, SA + 2, 3)), SA + 2, "is below the 4-octet generic header");
		rejects(mutate(b -> setU16(b, SA + 2, 4000)), SA + 2, "overruns the message");
	}

	@Test
	void aChainOfEmptyPayloadsEndsWithAnError() {
		// header names a Nonce, then 4-octet payloads whose next payload keeps pointing at a Nonce
		byte[] b = new byte[28 + 400];
		HEADER.withNextPayload(PayloadType.NONCE.value()).withLength(b.length).writeTo(b, 0);
		for (int at = 28; at < b.length; at += 4) {
			b[at] = (byte) PayloadType.NONCE.value();
			b[at + 3] = 4;
		}
		rejects(b, b.length, "header needs 4 octets, 0 remain");
	}

	@Test
	void bytesAfterTheLastPayload() {
		byte[] b = Arrays.copyOf(valid(), valid().length + 3);
		setU16(b, 26, b.length);
		rejects(b, b.length - 3, "3 octets follow the last payload");
	}

	@Test
	void encryptedPayloadRules() throws Exception {
		IkeHeader h = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1);
		byte[] sk = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.Encrypted(0, Octets.of(new byte[40])))));
		// SK followed by a payload: make its length shorter than what remains
		byte[] notLast = Arrays.copyOf(sk, sk.length);
		setU16(notLast, 30, 20);
		rejects(notLast, 48, "SK must be the last payload");
		// SK inside SK (in decrypted payloads)
		byte[] inner = new byte[] { 0, 0, 0, 8, 1, 2, 3, 4 };
		MalformedMessageException e = assertThrows(MalformedMessageException.class,
				() -> IkeCodec.decodeInner(PayloadType.SK.value(), inner, 100));
		assertTrue(e.rule().contains("SK inside an encrypted payload"), e.getMessage());
		assertEquals(100, e.offset());
	}

	private static byte[] fragment(int number, int total, int next) {
		IkeHeader h = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1);
		byte[] b = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.EncryptedFragment(0, 1, 1,
				Octets.of(new byte[40])))));
		b[28] = (byte) next;
		setU16(b, 32, number);
		setU16(b, 34, total);
		return b;
	}

	@Test
	void fragmentNumbering() throws Exception {
		rejects(fragment(0, 3, 0), 32, "SKF fragment number 0 is outside 1..3");
		rejects(fragment(4, 3, 0), 32, "SKF fragment number 4 is outside 1..3");
		rejects(fragment(1, 0, 0), 34, "SKF total fragments is 0");
		rejects(fragment(2, 3, PayloadType.KE.value()), 28, "only fragment 1 may");
		assertInstanceOf(Payload.EncryptedFragment.class, IkeCodec.decode(fragment(3, 3, 0)).payloads().get(0));
	}

	@Test
	void fragmentMustBeTheOnlyPayload() {
		IkeHeader h = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1);
		byte[] b = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.Nonce(Octets.of(new byte[16])),
				new Payload.EncryptedFragment(PayloadType.KE.value(), 1, 2, Octets.of(new byte[40])))));
		rejects(b, 48, "SKF must be the only payload");
	}

	@Test
	void transformAndProposalStructure() {
		// attribute TLV length past the end of its transform
		rejects(mutate(b -> {
			b[TRANSFORM1 + 8] = 0x00; // clear the TV bit: TLV form, "length" = value 256
		}), TRANSFORM1 + 10, "attribute length 256 runs past the end of the transform");
		rejects(mutate(b -> b[PROPOSAL + 7] = 3), PROPOSAL + 8 + 20, "announces 3 transforms but holds 2");
		rejects(mutate(b -> setU16(b, PROPOSAL + 2, 200)), PROPOSAL + 2, "proposal length 200 overruns the SA payload");
		rejects(mutate(b -> b[PROPOSAL] = 1), PROPOSAL, "last-substructure field is 1");
		rejects(mutate(b -> b[TRANSFORM1] = 2), TRANSFORM1, "transform's last-substructure field is 2");
		rejects(mutate(b -> setU16(b, TRANSFORM1 + 2, 7)), TRANSFORM1 + 2, "transform length 7 is below its 8-octet header");
		rejects(mutate(b -> b[PROPOSAL + 6] = 100), PROPOSAL + 6, "SPI size 100 overruns the proposal");
	}

	@Test
	void fixedPartsOfPayloadBodies() {
		IkeHeader h = HEADER;
		byte[] ke = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.Nonce(Octets.of(new byte[2])))));
		ke[16] = (byte) PayloadType.KE.value();
		rejects(ke, 32, "KE body of 2 octets is shorter than its 4-octet fixed part");

		byte[] notify = IkeCodec.encode(new IkeMessage(h, List.of(Payload.Notify.of(NotifyType.COOKIE,
				Octets.of(new byte[8])))));
		notify[33] = 20; // SPI size
		rejects(notify, 33, "notify SPI size 20 overruns the payload");

		byte[] delete = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.Delete(ProtocolId.ESP, 4,
				List.of(Octets.of(new byte[4]))))));
		setU16(delete, 34, 2);
		rejects(delete, 34, "2 SPIs of 4 octets do not fill the 4 octets");

		byte[] ts = IkeCodec.encode(new IkeMessage(h, List.of(new Payload.Ts(PayloadType.TSI, List.of(
				new Payload.TrafficSelector(org.ikewb.protocol.TsType.IPV4_ADDR_RANGE, 0, 0, 65535,
						Octets.of(new byte[4]), Octets.of(new byte[4])))))));
		ts[28 + 4 + 4] = 8; // claims IPv6 while holding 8 octets of addresses
		rejects(ts, 38, "TS_IPV6_ADDR_RANGE selector length 16 is not 40");
	}

	@Test
	void unknownPayloadsDependOnTheCriticalBit() throws Exception {
		byte[] b = IkeCodec.encode(new IkeMessage(HEADER, List.of(new Payload.Unknown(222, false,
				Octets.of(new byte[6])), new Payload.Nonce(Octets.of(new byte[16])))));
		assertEquals(2, IkeCodec.decode(b).payloads().size());
		b[29] = (byte) 0x80;
		MalformedMessageException e = rejects(b, 28, "unknown payload type 222 is marked critical");
		assertEquals(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, e.answer());
		assertEquals(222, ((UnsupportedCriticalPayloadException) e).payloadType());
	}

	@Test
	void natTDatagramsNeedTheMarker() {
		MalformedMessageException e = assertThrows(MalformedMessageException.class,
				() -> IkeCodec.decodeNatT(new byte[] { 0, 0, 0 }));
		assertNull(e.answer());
		assertThrows(MalformedMessageException.class, () -> IkeCodec.decodeNatT(valid()));
	}

	/** Random damage never yields anything but a message or MalformedMessageException. */
	@Test
	void randomMutationsAreHandledTotally() {
		Random random = new Random(7296);
		byte[] base = valid();
		int rejected = 0;
		for (int round = 0; round < 20_000; round++) {
			byte[] b = random.nextInt(10) == 0 ? Arrays.copyOf(base, random.nextInt(base.length + 1)) : base.clone();
			int flips = 1 + random.nextInt(4);
			for (int i = 0; i < flips && b.length > 0; i++) {
				b[random.nextInt(b.length)] = (byte) random.nextInt(256);
			}
			try {
				IkeCodec.decode(b);
			} catch (MalformedMessageException expected) {
				rejected++;
			} catch (RuntimeException bug) {
				fail("input " + Octets.of(b).hex() + " threw " + bug, bug);
			}
		}
		assertTrue(rejected > 1000, "most random damage is detected: " + rejected);
	}
}
