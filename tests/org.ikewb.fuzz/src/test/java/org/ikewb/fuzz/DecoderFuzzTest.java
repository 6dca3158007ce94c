package org.ikewb.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The message decoder on any datagram, with or without the non-ESP marker: it returns a message or
 * throws one of the decoder's own exceptions (which say where and why) — nothing else; and what it
 * decodes re-encodes into bytes that decode to the same message. Seeds: the 20 datagrams of the
 * recorded strongSwan 6.1 exchange.
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
		byte[] again = IkeCodec.encode(message);
		try {
			assertEquals(message, IkeCodec.decode(again), "decode(encode(m)) == m");
		} catch (MalformedMessageException e) {
			throw new AssertionError("a decoded message re-encodes into bytes the decoder refuses: " + e, e);
		}
	}
}
