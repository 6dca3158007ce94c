package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.util.List;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * An IKE SA once IKE_AUTH completed: SPIs, the chosen proposal, the final key generation, the
 * number of IKE_INTERMEDIATE exchanges, the Child SAs, and the identity of the RFC 8784 PPK mixed into
 * the keys (null: none). Nothing is installed in a kernel: the keys are derived so that they can be
 * inspected and compared.
 */
public record EstablishedSa(long initiatorSpi, long responderSpi, boolean initiator, InetSocketAddress peer,
		Payload.Proposal proposal, IkeSaKeys keys, int intermediateExchanges, List<Child> children, Payload.Id peerId,
		Octets ppkId) {

	/** A Child SA: SPIs (ours inbound, the peer's), the chosen ESP proposal, its keys, tunnel or transport mode. */
	public record Child(Octets inboundSpi, Octets outboundSpi, Payload.Proposal proposal, ChildSaKeys keys,
			List<Payload.TrafficSelector> localTs, List<Payload.TrafficSelector> remoteTs, boolean transport) {
	}
}
