package org.ikewb.engine;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.protocol.Octets;

/**
 * Finished rekeys of one IKE SA and of its Child SAs, and what happens after them (RFC 7296 §2.8):
 * normally the rekey's initiator deletes the old SA; when both sides rekeyed the same SA at once, the
 * new SA of the exchange with the lowest of the four nonces is redundant and deleted by its creator.
 * The CREATE_CHILD_SA task reports here; nothing else decides about collisions.
 */
final class RekeyCollisions {

	private final IkeSa sa;

	RekeyCollisions(IkeSa sa) {
		this.sa = sa;
	}

	/** A finished rekey of a Child SA: the old one, the new one, the exchange's nonces, who started it. */
	private record ChildRekey(EstablishedSa.Child old, EstablishedSa.Child fresh, Octets ni, Octets nr,
			boolean weInitiated) {
		Octets lowestNonce() {
			return lower(ni, nr);
		}
	}

	private final List<ChildRekey> childRekeys = new ArrayList<>();

	private static Octets lower(Octets a, Octets b) {
		return java.util.Arrays.compareUnsigned(a.toByteArray(), b.toByteArray()) <= 0 ? a : b;
	}

	/**
	 * A Child SA was rekeyed. Normally its initiator deletes the old Child SA. When both sides rekeyed
	 * it at once (RFC 7296 §2.8.1), two new Child SAs exist: the one made by the exchange holding the
	 * lowest of the four nonces is redundant and deleted by the side that made it.
	 */
	void childRekeyed(EstablishedSa.Child old, EstablishedSa.Child fresh, Octets ni, Octets nr, boolean weInitiated) {
		ChildRekey done = new ChildRekey(old, fresh, ni, nr, weInitiated);
		ChildRekey other = childRekeys.stream().filter(r -> r.old().equals(old)).findFirst().orElse(null);
		if (other == null) {
			childRekeys.add(done);
			if (childRekeys.size() > 16) {
				childRekeys.remove(0);
			}
			if (weInitiated) {
				sa.deleteChild(old);
			}
			return;
		}
		childRekeys.remove(other);
		Octets lowest = lower(done.lowestNonce(), other.lowestNonce());
		ChildRekey redundant = done.lowestNonce().equals(lowest) ? done : other;
		sa.report("simultaneous rekey of Child SA " + old.inboundSpi()
				+ ": the one with the lowest nonce (" + redundant.fresh().inboundSpi() + ") is redundant");
		if (redundant.weInitiated()) {
			sa.deleteChild(redundant.fresh());
		}
		sa.dropChild(old);
	}

	/** A finished rekey of this IKE SA: the new IKE SA, the exchange's nonces, who started it. */
	private record IkeRekey(IkeSa fresh, Octets ni, Octets nr, boolean weInitiated) {
		Octets lowestNonce() {
			return lower(ni, nr);
		}
	}

	private final List<IkeRekey> ikeRekeys = new ArrayList<>();
	/** The peer started an IKE SA rekey while ours was in flight (RFC 7296 §2.8.2). */
	private boolean simultaneousIkeRekey;

	/** The peer asks to rekey this IKE SA: if ours is in flight too, both are resolved once done (RFC 7296 §2.8.2). */
	void peerRekeysIkeSa() {
		if (sa.state() == IkeSaState.REKEYING) {
			simultaneousIkeRekey = true;
		}
	}

	/**
	 * This IKE SA was rekeyed. Normally the rekey's initiator deletes it. When both sides rekeyed it at
	 * once, the new IKE SA of the exchange with the lowest of the four nonces is redundant: its creator
	 * deletes it, its Child SAs move to the survivor, and the survivor's initiator deletes this one.
	 */
	void ikeRekeyed(IkeSa fresh, Octets ni, Octets nr, boolean weInitiated) {
		ikeRekeys.add(new IkeRekey(fresh, ni, nr, weInitiated));
		if (ikeRekeys.size() == 1) {
			if (weInitiated && !simultaneousIkeRekey) {
				sa.delete(); // RFC 7296 §2.18
			}
			return;
		}
		IkeRekey first = ikeRekeys.get(0);
		IkeRekey second = ikeRekeys.get(1);
		IkeRekey redundant = lower(first.lowestNonce(), second.lowestNonce()).equals(first.lowestNonce()) ? first
				: second;
		IkeRekey survivor = redundant == first ? second : first;
		sa.report("simultaneous rekey of the IKE SA: "
				+ Long.toHexString(redundant.fresh().initiatorSpi()) + " (lowest nonce) is redundant");
		survivor.fresh().adoptChildren(redundant.fresh());
		if (redundant.weInitiated()) {
			redundant.fresh().delete();
		}
		if (survivor.weInitiated()) {
			sa.delete();
		}
	}

	/** Our IKE SA rekey failed: if the peer's went through, its result stands alone. */
	void ikeRekeyFailed() {
		if (simultaneousIkeRekey && ikeRekeys.size() == 1 && ikeRekeys.get(0).weInitiated()) {
			sa.delete();
		}
	}

}
