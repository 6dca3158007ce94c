package org.ikewb.model.negotiation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.KeyExchangeMatching;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.TransformType;

/**
 * Why two proposal lists have nothing in common, in the architect's terms: for the closest pair of
 * proposals, which transform types have no overlap and what each side lists; or, when every type
 * overlaps, that the key exchange rounds admit no duplicate-free choice, or only one the responder's
 * one-pass selection misses.
 */
final class Overlap {

	private Overlap() {
	}

	static String explain(List<Payload.Proposal> offered, List<Payload.Proposal> configured, Behaviour responder) {
		String best = null;
		int fewest = Integer.MAX_VALUE;
		for (Payload.Proposal o : offered) {
			for (Payload.Proposal c : configured) {
				if (!o.protocol().equals(c.protocol())) {
					continue;
				}
				List<String> gaps = gaps(o, c);
				String text;
				if (gaps.isEmpty()) {
					text = keyExchangeConflict(o, c, responder);
				} else {
					text = String.join("; ", gaps);
				}
				if (gaps.size() < fewest) {
					fewest = gaps.size();
					best = (offered.size() > 1 || configured.size() > 1
							? "offered proposal " + o.number() + " against accepted proposal " + c.number() + ": " : "") + text;
				}
			}
		}
		return best == null ? "no proposal of the same protocol" : best;
	}

	/** The types where the two proposals share no transform (and no NONE makes the round optional). */
	static List<String> gaps(Payload.Proposal offered, Payload.Proposal configured) {
		Set<TransformType> types = new LinkedHashSet<>();
		offered.transforms().forEach(t -> types.add(t.transformType()));
		configured.transforms().forEach(t -> types.add(t.transformType()));
		boolean aead = offered.transformsOf(TransformType.ENCR).stream().anyMatch(
				t -> EncryptionAlgorithm.of(t.id()).aead() && configured.transformsOf(TransformType.ENCR).contains(t));
		List<String> gaps = new ArrayList<>();
		for (TransformType type : types.stream().sorted((a, b) -> Integer.compare(a.value(), b.value())).toList()) {
			if (type.equals(TransformType.INTEG) && aead) {
				continue;
			}
			List<Payload.Transform> o = offered.transformsOf(type);
			List<Payload.Transform> c = configured.transformsOf(type);
			boolean none = type.carriesKeyExchange() && (o.isEmpty() && c.stream().anyMatch(t -> t.id() == 0)
					|| c.isEmpty() && o.stream().anyMatch(t -> t.id() == 0));
			if (none || o.stream().anyMatch(c::contains)) {
				continue;
			}
			gaps.add(type.shortName() + ": offered " + names(type, o) + ", accepted " + names(type, c));
		}
		return gaps;
	}

	private static String keyExchangeConflict(Payload.Proposal o, Payload.Proposal c, Behaviour responder) {
		List<List<Integer>> rounds = new ArrayList<>();
		for (int r = 0; r <= 7; r++) {
			TransformType type = r == 0 ? TransformType.KE : TransformType.additionalKeyExchange(r);
			List<Payload.Transform> a = o.transformsOf(type);
			List<Payload.Transform> b = c.transformsOf(type);
			if (a.isEmpty() && b.isEmpty()) {
				continue;
			}
			rounds.add(a.stream().filter(b::contains).map(Payload.Transform::id).distinct().toList());
		}
		boolean exists = KeyExchangeMatching.match(rounds).found();
		return exists ? "every type overlaps, but " + responder.product() + " takes the rounds in one pass and a method "
				+ "an earlier round took is missing in a later one (RFC 9370 forbids a method twice); reorder the "
				+ "alternatives so each round's first shared method is distinct"
				: "every type overlaps, but no choice uses each key exchange method at most once (RFC 9370 §2.2.2)";
	}

	private static String names(TransformType type, List<Payload.Transform> ts) {
		if (ts.isEmpty()) {
			return "nothing";
		}
		return ts.stream().map(t -> one(type, t)).collect(Collectors.joining(", "));
	}

	private static String one(TransformType type, Payload.Transform t) {
		if (t.transformType().carriesKeyExchange()) {
			return Behaviour.name(t.id());
		}
		try {
			String s = ProposalSyntax.format(new Payload.Proposal(1, org.ikewb.protocol.ProtocolId.ESP,
					org.ikewb.protocol.Octets.EMPTY, List.of(t)));
			return s.isEmpty() ? t.toString() : s;
		} catch (RuntimeException e) {
			return t.toString();
		}
	}
}
