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

	/**
	 * This side as its implementation can run it: transforms its target profile cannot negotiate are
	 * left out (a proposal that loses every transform of a type it had is left out whole, the rest
	 * renumbered), each omission said in {@code notes}.
	 */
	public Party limited(List<String> notes) {
		org.ikewb.model.targets.TargetProfile profile = behaviour.profile();
		return new Party(name, behaviour, limit(ike, "IKE", profile, notes), limit(esp, "ESP", profile, notes),
				rekeyIke == null ? null : limit(rekeyIke, "IKE rekey", profile, notes),
				rekeyEsp == null ? null : limit(rekeyEsp, "ESP rekey", profile, notes), fragmentation, maxMessage, id,
				remoteId, localTs, remoteTs);
	}

	private List<Payload.Proposal> limit(List<Payload.Proposal> proposals, String what,
			org.ikewb.model.targets.TargetProfile profile, List<String> notes) {
		List<Payload.Proposal> out = new java.util.ArrayList<>();
		for (Payload.Proposal p : proposals) {
			List<Payload.Transform> kept = p.transforms().stream().filter(profile::supports).toList();
			List<Payload.Transform> dropped = p.transforms().stream().filter(t -> !profile.supports(t)).toList();
			if (dropped.isEmpty()) {
				out.add(new Payload.Proposal(out.size() + 1, p.protocol(), p.spi(), p.transforms()));
				continue;
			}
			String names = String.join(", ", dropped.stream().map(Party::describe).toList());
			boolean typeLost = dropped.stream().map(Payload.Transform::transformType).distinct()
					.anyMatch(type -> kept.stream().noneMatch(t -> t.transformType().equals(type)));
			notes.add(name + ": " + profile.displayName() + " cannot negotiate " + names + " (" + what + " proposal "
					+ p.number() + ")" + (typeLost ? ": the proposal is left out" : ": left out of it"));
			if (!typeLost) {
				out.add(new Payload.Proposal(out.size() + 1, p.protocol(), p.spi(), kept));
			}
		}
		return List.copyOf(out);
	}

	private static String describe(Payload.Transform t) {
		if (t.transformType().carriesKeyExchange()) {
			return (t.transformType().isAdditionalKeyExchange() ? "ke" + t.transformType().round() + "_" : "")
					+ org.ikewb.protocol.KeyExchangeMethod.of(t.id()).keyword();
		}
		String s = org.ikewb.protocol.ProposalSyntax.format(new Payload.Proposal(1, org.ikewb.protocol.ProtocolId.ESP,
				org.ikewb.protocol.Octets.EMPTY, List.of(t)));
		return s.isEmpty() ? t.toString() : s;
	}

	List<Payload.Proposal> ikeForRekey() {
		return rekeyIke == null ? ike : rekeyIke;
	}

	List<Payload.Proposal> espForRekey() {
		return rekeyEsp == null ? esp : rekeyEsp;
	}
}
