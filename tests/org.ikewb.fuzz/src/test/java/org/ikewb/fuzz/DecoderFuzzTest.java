package org.ikewb.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The message decoder on any datagram, with or without the non-ESP marker: it returns a message or
 * throws one of the decoder's own exceptions (which say where and why) — nothing else; and what it
 * decodes re-encodes into bytes that decode to the same message. With fields (what the trace and
 * the inspector use) it decodes the same message, and the fields tile the message: each starts
 * where the one before ended, lies inside its parent, and the last ends at the last octet. Seeds:
 * the 20 datagrams of the recorded strongSwan 6.1 exchange.
 */
class DecoderFuzzTest {

	@FuzzTest(maxDuration = "30s")
	void decodeDatagram(byte[] datagram) {
		IkeMessage message;
		try {
			boolean marker = datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0
					&& datagram[3] == 0;
			message = marker ? IkeCodec.decodeNatT(datagram) : IkeCodec.decode(datagram);
		} catch (MalformedMessageException expected) { // also UnsupportedCriticalPayloadException {
			return;
		}
		if (message == null) {
			return; // the non-ESP marker path may hand a datagram to ESP
		}
		byte[] ike = datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0
				? java.util.Arrays.copyOfRange(datagram, 4, datagram.length) : datagram;
		org.ikewb.protocol.DecodedDatagram withFields;
		try {
			withFields = IkeCodec.decodeDatagram(ike, true);
		} catch (MalformedMessageException e) {
			throw new AssertionError("decodes without fields, refused with fields: " + e, e);
		}
		assertEquals(message, withFields.message(), "fields change nothing the decoder returns");
		int at = 0;
		for (org.ikewb.protocol.WireField f : withFields.fields()) {
			assertEquals(at, f.start(), f.name() + " starts where the previous field ended");
			nested(f);
			at = f.end();
		}
		assertEquals(ike.length, at, "the fields cover the message");
		byte[] again = IkeCodec.encode(message);
		try {
			assertEquals(message, IkeCodec.decode(again), "decode(encode(m)) == m");
		} catch (MalformedMessageException e) {
			throw new AssertionError("a decoded message re-encodes into bytes the decoder refuses: " + e, e);
		}
	}

	private static void nested(org.ikewb.protocol.WireField parent) {
		for (org.ikewb.protocol.WireField c : parent.children()) {
			if (c.start() < parent.start() || c.end() > parent.end()) {
				throw new AssertionError(c.name() + " lies outside " + parent.name());
			}
			nested(c);
		}
	}
}
