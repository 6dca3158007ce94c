package org.ikewb.protocol;

import java.util.List;

/**
 * One datagram as the decoder read it: its octets (the IKE message, without a non-ESP marker), the
 * message, and the fields it found — the header's and every payload's, with their spans in
 * {@code bytes} (empty when decoded without fields).
 */
public record DecodedDatagram(Octets bytes, IkeMessage message, List<WireField> fields) {

	public DecodedDatagram {
		fields = List.copyOf(fields);
	}
}
