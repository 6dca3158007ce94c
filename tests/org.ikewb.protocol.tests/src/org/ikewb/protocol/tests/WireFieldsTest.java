package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.TsType;
import org.ikewb.protocol.WireField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder's fields are where the octets are: for every payload type, each field's span holds
 * exactly the octets of the value it names, fields nest inside their structure, and the payloads
 * of a message tile it from the header to the last octet. The inspector highlights these spans and
 * parses nothing, so a wrong span is a wrong highlight.
 */
class WireFieldsTest {

	private static byte[] octets(byte[] wire, WireField f) {
		return Arrays.copyOfRange(wire, f.start(), f.end());
	}

	/** Top-level fields tile [0, length); children lie inside their parent, in order, without overlap. */
	static void assertTiles(List<WireField> top, int length) {
		int at = 0;
		for (WireField f : top) {
			assertEquals(at, f.start(), f.name() + " starts where the previous field ended");
			at = f.end();
			assertNested(f);
		}
		assertEquals(length, at, "the fields cover every octet");
	}

	private static void assertNested(WireField parent) {
		int at = parent.start();
		for (WireField c : parent.children()) {
			assertTrue(c.start() >= at && c.end() <= parent.end(),
					c.name() + " [" + c.start() + "," + c.end() + ") lies inside " + parent.name() + " [" + at + "," + parent.end() + ")");
			assertFalse(c.name().isBlank());
			at = c.end();
			assertNested(c);
		}
	}

	@ParameterizedTest
	@MethodSource("org.ikewb.protocol.tests.CodecRoundTripTest#payloads")
	void everyPayloadsFieldsHoldItsOctets(Payload payload) throws Exception {
		IkeMessage message = new IkeMessage(CodecRoundTripTest.HEADER, List.of(payload, new Payload.Nonce(CodecRoundTripTest.bytes(16, 1))));
		byte[] wire = IkeCodec.encode(message);
		DecodedDatagram d = IkeCodec.decodeDatagram(wire, true);
		assertEquals(IkeCodec.decode(wire), d.message(), "fields change nothing the decoder returns");
		assertTrue(IkeCodec.decodeDatagram(wire, false).fields().isEmpty());
		assertTiles(d.fields(), wire.length);
		assertEquals(List.of("IKE header", PayloadType.of(payload.type().value()).shortName(), "No"),
				d.fields().stream().map(WireField::name).toList());
		WireField length = WireField.find(d.fields(), "Length").orElseThrow();
		assertEquals(wire.length, java.nio.ByteBuffer.wrap(octets(wire, length)).getInt());
		WireField body = d.fields().get(1);
		assertFalse(body.value().isBlank(), "the payload row says what it holds");
		switch (payload) {
		case Payload.Ke k -> {
			assertArrayEquals(k.data().toByteArray(), octets(wire, WireField.find(List.of(body), "Key exchange data").orElseThrow()));
			assertEquals(k.method().value(), java.nio.ByteBuffer.wrap(octets(wire,
					WireField.find(List.of(body), "Key exchange method").orElseThrow())).getShort() & 0xffff);
		}
		case Payload.Ts t -> {
			for (int i = 0; i < t.selectors().size(); i++) {
				Payload.TrafficSelector s = t.selectors().get(i);
				WireField selector = WireField.find(List.of(body), "Traffic selector " + (i + 1)).orElseThrow();
				assertArrayEquals(s.start().toByteArray(),
						octets(wire, WireField.find(List.of(selector), "Starting address").orElseThrow()));
				if (s.end().length() > 0) {
					assertArrayEquals(s.end().toByteArray(),
							octets(wire, WireField.find(List.of(selector), "Ending address").orElseThrow()));
				}
			}
		}
		case Payload.Sa sa -> {
			for (Payload.Proposal p : sa.proposals()) {
				WireField proposal = WireField.find(List.of(body), "Proposal " + p.number()).orElseThrow();
				assertEquals(p.transforms().size(), proposal.children().stream().filter(c -> c.name().startsWith("Transform ")).count());
				if (p.spi().length() > 0) {
					assertArrayEquals(p.spi().toByteArray(), octets(wire, WireField.find(List.of(proposal), "SPI").orElseThrow()));
				}
			}
		}
		case Payload.Notify n -> {
			if (n.data().length() > 0) {
				assertArrayEquals(n.data().toByteArray(), octets(wire, WireField.find(List.of(body), "Notification data").orElseThrow()));
			}
			if (n.spi().length() > 0) {
				assertArrayEquals(n.spi().toByteArray(), octets(wire, WireField.find(List.of(body), "SPI").orElseThrow()));
			}
		}
		case Payload.Delete del -> {
			for (int i = 0; i < del.spis().size(); i++) {
				assertArrayEquals(del.spis().get(i).toByteArray(), octets(wire, WireField.find(List.of(body), "SPI " + (i + 1)).orElseThrow()));
			}
		}
		case Payload.Id id -> assertArrayEquals(id.data().toByteArray(),
				octets(wire, WireField.find(List.of(body), "Identification data").orElseThrow()));
		case Payload.Auth a -> assertArrayEquals(a.data().toByteArray(),
				octets(wire, WireField.find(List.of(body), "Authentication data").orElseThrow()));
		default -> {
			// the tiling above covers the rest
		}
		}
	}

	@Test
	void innerPayloadsGetSpansInThePlaintextAndTrafficSelectorsReadAsRanges() throws Exception {
		List<Payload> inner = List.of(
				new Payload.Ts(PayloadType.TSI, List.of(new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 6, 443, 443,
						Octets.fromHex("0a010000"), Octets.fromHex("0a0100ff")))),
				new Payload.Ts(PayloadType.TSR, List.of(new Payload.TrafficSelector(TsType.IPV6_ADDR_RANGE, 0, 0, 65535,
						Octets.fromHex("20010db8000000000000000000000000"), Octets.fromHex("20010db8ffffffffffffffffffffffff")))),
				new Payload.Ke(KeyExchangeMethod.ML_KEM_768, CodecRoundTripTest.bytes(1184, 2)));
		byte[] plaintext = IkeCodec.encodeChain(inner);
		IkeCodec.InnerPayloads decoded = IkeCodec.decodeInnerWithFields(PayloadType.TSI.value(), plaintext);
		assertEquals(inner, decoded.payloads());
		assertTiles(decoded.fields(), plaintext.length);
		assertEquals("TCP 10.1.0.0–10.1.0.255 port 443", decoded.fields().get(0).value());
		assertEquals("any 2001:db8:0:0:0:0:0:0–2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", decoded.fields().get(1).value());
		assertEquals("ML-KEM-768 (36), 1184 octets", decoded.fields().get(2).value());
	}

	@Test
	void aFragmentsFieldsNameItsNumberAndTotal() throws Exception {
		IkeHeader header = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1);
		byte[] wire = IkeCodec.encode(new IkeMessage(header, List.of(new Payload.EncryptedFragment(0, 2, 3,
				CodecRoundTripTest.bytes(60, 3)))));
		DecodedDatagram d = IkeCodec.decodeDatagram(wire, true);
		assertTiles(d.fields(), wire.length);
		WireField skf = d.fields().get(1);
		assertEquals("fragment 2 of 3, 60 octets", skf.value());
		assertEquals(List.of("Generic payload header", "Fragment number", "Total fragments", "Encrypted and authenticated data"),
				skf.children().stream().map(WireField::name).toList());
		assertEquals(60, skf.children().get(3).length());
	}
}
