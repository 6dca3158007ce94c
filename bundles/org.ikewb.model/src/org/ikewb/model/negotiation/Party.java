package org.ikewb.model.negotiation;

import java.util.List;

import org.ikewb.protocol.Payload;

/**
 * One side of a predicted negotiation: what it offers or accepts, as the wire carries it, and how
 * it behaves.
 *
 * @param name          as the user knows it ({@code branch_to_hq/hq})
 * @param behaviour     whose selection rules it follows
 * @param ike           IKE proposals, numbered 1..n, in preference order
 * @param esp           ESP proposals of the first Child SA (their KE transforms apply to rekeys); empty for childless
 * @param rekeyIke      proposals for IKE SA rekeys, or null for {@code ike}
 * @param rekeyEsp      proposals for Child SA rekeys, or null for {@code esp}
 * @param fragmentation announces RFC 7383 fragmentation
 * @param maxMessage    largest IKE message it sends before fragmenting (octets, IKE header included)
 * @param id            its ID payload (IDi or IDr), or null for an address identity of 4 octets
 * @param remoteId      the identity it asks of the peer (an initiator sends it as IDr), or null
 * @param localTs       its traffic selectors
 * @param remoteTs      the peer's traffic selectors as it asks for them
 */
public record Party(String name, Behaviour behaviour, List<Payload.Proposal> ike, List<Payload.Proposal> esp,
		List<Payload.Proposal> rekeyIke, List<Payload.Proposal> rekeyEsp, boolean fragmentation, int maxMessage,
		Payload.Id id, Payload.Id remoteId, List<Payload.TrafficSelector> localTs, List<Payload.TrafficSelector> remoteTs) {

	public Party {
		ike = List.copyOf(ike);
		esp = List.copyOf(esp);
		rekeyIke = rekeyIke == null ? null : List.copyOf(rekeyIke);
		rekeyEsp = rekeyEsp == null ? null : List.copyOf(rekeyEsp);
		localTs = List.copyOf(localTs);
		remoteTs = List.copyOf(remoteTs);
	}

	/** A side from proposal lists alone (addresses and identities left at their defaults). */
	public static Party of(String name, Behaviour behaviour, List<Payload.Proposal> ike, List<Payload.Proposal> esp) {
		return new Party(name, behaviour, ike, esp, null, null, true, 1280, null, null, List.of(), List.of());
	}

	public Party as(Behaviour other) {
		return new Party(name, other, ike, esp, rekeyIke, rekeyEsp, fragmentation, maxMessage, id, remoteId, localTs, remoteTs);
	}

	public Party withMaxMessage(int octets) {
		return new Party(name, behaviour, ike, esp, rekeyIke, rekeyEsp, fragmentation, octets, id, remoteId, localTs, remoteTs);
	}

	List<Payload.Proposal> ikeForRekey() {
		return rekeyIke == null ? ike : rekeyIke;
	}

	List<Payload.Proposal> espForRekey() {
		return rekeyEsp == null ? esp : rekeyEsp;
	}
}
