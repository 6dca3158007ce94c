package org.ikewb.protocol;

import java.util.List;

/**
 * An IKE message as it went over the wire, decoded once: every datagram it took (all SKF
 * fragments, in order) with its fields; for a message protected by SK/SKF the exact decrypted
 * octets (the fragments' plaintexts joined), the inner payloads, and their fields with spans in
 * {@code plaintext}. What a trace, a pcap, a diagram and an inspector need, so none of them decodes
 * again.
 */
public record DecodedMessage(List<DecodedDatagram> datagrams, Octets plaintext, List<Payload> inner,
		List<WireField> innerFields) {

	public DecodedMessage {
		datagrams = List.copyOf(datagrams);
		inner = List.copyOf(inner);
		innerFields = List.copyOf(innerFields);
		if (datagrams.isEmpty()) {
			throw new IllegalArgumentException("a message takes at least one datagram");
		}
	}

	/** A message sent in the clear (IKE_SA_INIT, or an answer before keys exist). */
	public static DecodedMessage plain(DecodedDatagram datagram) {
		return new DecodedMessage(List.of(datagram), Octets.EMPTY, List.of(), List.of());
	}

	/** The outer message of the first datagram: the header, and the payloads before SK (or the first SKF). */
	public IkeMessage message() {
		return datagrams.get(0).message();
	}

	/** The octets of each datagram. */
	public List<Octets> datagramOctets() {
		return datagrams.stream().map(DecodedDatagram::bytes).toList();
	}
}
