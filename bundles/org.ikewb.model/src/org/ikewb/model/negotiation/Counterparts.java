package org.ikewb.model.negotiation;

import java.util.Locale;
import java.util.regex.Pattern;

import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;

/**
 * Whether two peers of a fleet's policies are meant for each other: the initiator can start, the
 * responder can answer, and what each expects of the other (address and identity, with the
 * responder's wildcards such as {@code *@example.net} and {@code any}) is what the other is. Unset
 * values match anything, so a sparse policy errs towards checking a pair rather than skipping it.
 */
public final class Counterparts {

	private Counterparts() {
	}

	public static boolean addressEachOther(Peer initiator, Peer responder) {
		if (initiator == responder || initiator.getRole() == PeerRole.RESPONDER || responder.getRole() == PeerRole.INITIATOR) {
			return false;
		}
		return expects(initiator.getRemote(), responder.getLocal()) && expects(responder.getRemote(), initiator.getLocal());
	}

	/** What {@code wanted} asks for of a peer, against what {@code actual} says that peer is. */
	private static boolean expects(Endpoint wanted, Endpoint actual) {
		if (wanted == null || actual == null) {
			return true;
		}
		String a = wanted.getAddress();
		String b = actual.getAddress();
		if (a != null && b != null && !"any".equals(a) && !"any".equals(b) && !a.equals(b)
				&& !(a.contains("/") && org.ikewb.model.validation.Addresses.isAddress(b) && within(b, a))) {
			return false;
		}
		return identity(wanted.getIdentity(), actual.getIdentity());
	}

	private static boolean within(String address, String prefix) {
		var p = org.ikewb.model.validation.Addresses.parsePrefix(prefix);
		var q = org.ikewb.model.validation.Addresses.parsePrefix(address);
		if (p.isEmpty() || q.isEmpty() || p.get().octets().length != q.get().octets().length) {
			return false;
		}
		byte[] x = p.get().octets();
		byte[] y = q.get().octets();
		for (int bit = 0; bit < p.get().length(); bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

	private static boolean identity(Identity wanted, Identity actual) {
		if (wanted == null || actual == null || wanted.getValue() == null || actual.getValue() == null) {
			return true;
		}
		if (wanted.getType() != actual.getType()) {
			return false;
		}
		String pattern = wanted.getValue().toLowerCase(Locale.ROOT);
		String value = actual.getValue().toLowerCase(Locale.ROOT);
		if (!pattern.contains("*")) {
			return pattern.equals(value);
		}
		return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(value).matches();
	}
}
