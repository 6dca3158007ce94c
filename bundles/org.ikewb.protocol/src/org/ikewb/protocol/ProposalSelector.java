package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;


/**
 * Proposal selection (RFC 7296 §2.7) with multiple key exchanges (RFC 9370 §2.2.1): the methods
 * chosen for KE and ADDKE1..7 together contain no method twice (NONE excepted). Where several
 * choices exist the first in the initiator's preference order wins, but a choice that leaves a
 * later round unsatisfiable is never taken: each tentative choice is checked with a bipartite
 * matching of the remaining rounds, so a duplicate-free selection is found whenever one exists
 * (a one-pass greedy responder, as strongSwan's, can miss it).
 */
public final class ProposalSelector {

	/** What selection gives: the chosen proposal, or why nothing matched. */
	public record Result(Payload.Proposal chosen, String reason) {
		public boolean matched() {
			return chosen != null;
		}
	}

	private static final TransformType[] KE_TYPES = { TransformType.KE, TransformType.ADDKE1, TransformType.ADDKE2,
			TransformType.ADDKE3, TransformType.ADDKE4, TransformType.ADDKE5, TransformType.ADDKE6, TransformType.ADDKE7 };

	private ProposalSelector() {
	}

	/** Selects from the initiator's {@code offered} proposals those that our {@code acceptable} ones allow. */
	public static Result select(List<Payload.Proposal> offered, List<Payload.Proposal> acceptable) {
		List<String> reasons = new ArrayList<>();
		for (Payload.Proposal o : offered) {
			for (Payload.Proposal a : acceptable) {
				if (!o.protocol().equals(a.protocol())) {
					continue;
				}
				List<String> why = new ArrayList<>();
				Payload.Proposal chosen = match(o, a, why);
				if (chosen != null) {
					return new Result(chosen, null);
				}
				reasons.add("proposal " + o.number() + " (" + ProposalSyntax.format(o) + ") against ours ("
						+ ProposalSyntax.format(a) + "): " + String.join("; ", why));
			}
		}
		return new Result(null, reasons.isEmpty() ? "no proposal for this protocol" : String.join(" | ", reasons));
	}

	private static Payload.Proposal match(Payload.Proposal offered, Payload.Proposal ours, List<String> why) {
		List<Payload.Transform> chosen = new ArrayList<>();
		Set<TransformType> types = new LinkedHashSet<>();
		offered.transforms().forEach(t -> types.add(t.transformType()));
		ours.transforms().forEach(t -> types.add(t.transformType()));
		for (TransformType type : types) {
			if (type.carriesKeyExchange()) {
				continue;
			}
			List<Payload.Transform> o = offered.transformsOf(type);
			List<Payload.Transform> a = ours.transformsOf(type);
			Payload.Transform pick = o.stream().filter(a::contains).findFirst().orElse(null);
			if (pick == null) {
				why.add(type.shortName() + ": offered " + names(o) + ", we accept " + names(a));
				return null;
			}
			chosen.add(pick);
		}
		List<Payload.Transform> keChoice = chooseKeyExchanges(offered, ours, why);
		if (keChoice == null) {
			return null;
		}
		chosen.addAll(keChoice);
		chosen.sort((x, y) -> Integer.compare(x.transformType().value(), y.transformType().value()));
		return new Payload.Proposal(offered.number(), offered.protocol(), offered.spi(), chosen);
	}

	/** The chosen transform of each KE-carrying type, or null with the reason in {@code why}. */
	private static List<Payload.Transform> chooseKeyExchanges(Payload.Proposal offered, Payload.Proposal ours,
			List<String> why) {
		List<TransformType> rounds = new ArrayList<>();
		List<List<Integer>> candidates = new ArrayList<>();
		for (TransformType type : KE_TYPES) {
			List<Payload.Transform> o = offered.transformsOf(type);
			List<Payload.Transform> a = ours.transformsOf(type);
			if (o.isEmpty() && a.isEmpty()) {
				continue;
			}
			List<Integer> ids = new ArrayList<>();
			if (o.isEmpty()) {
				// the initiator skips this round: fine if we allow NONE for it
				if (a.stream().noneMatch(t -> t.id() == 0)) {
					why.add(type.shortName() + ": not offered, we require " + names(a));
					return null;
				}
				continue;
			}
			for (Payload.Transform t : o) {
				boolean accepted = a.isEmpty() ? t.id() == 0 : a.contains(t);
				if (accepted && !ids.contains(t.id())) {
					ids.add(t.id());
				}
			}
			if (ids.isEmpty()) {
				why.add(type.shortName() + ": offered " + names(o) + ", we accept " + (a.isEmpty() ? "NONE" : names(a)));
				return null;
			}
			rounds.add(type);
			candidates.add(ids);
		}
		int[] choice = new int[rounds.size()];
		Set<Integer> used = new HashSet<>();
		for (int r = 0; r < rounds.size(); r++) {
			boolean found = false;
			for (int id : candidates.get(r)) {
				if (id != 0 && used.contains(id)) {
					continue;
				}
				if (id != 0) {
					used.add(id);
				}
				if (completable(candidates, r + 1, used)) {
					choice[r] = id;
					found = true;
					break;
				}
				used.remove(id);
			}
			if (!found) {
				why.add("no duplicate-free choice of key exchange methods across " + rounds
						+ " (RFC 9370 forbids the same method in two rounds)");
				return null;
			}
		}
		List<Payload.Transform> out = new ArrayList<>();
		for (int r = 0; r < rounds.size(); r++) {
			// an ADDKE round chosen as NONE is left out of the answer, as strongSwan 6.1 answers (observed
			// on the wire); the initiator accepts it either way
			if (choice[r] != 0 || !rounds.get(r).isAdditionalKeyExchange()) {
				out.add(Payload.Transform.of(rounds.get(r), choice[r]));
			}
		}
		return out;
	}

	/** Whether rounds {@code from..} can each get a method not in {@code used} and not shared. */
	private static boolean completable(List<List<Integer>> candidates, int from, Set<Integer> used) {
		List<List<Integer>> rest = new ArrayList<>();
		for (int r = from; r < candidates.size(); r++) {
			rest.add(candidates.get(r).stream().filter(id -> id == 0 || !used.contains(id)).toList());
		}
		return KeyExchangeMatching.match(rest).found();
	}

	/**
	 * The initiator's check of the responder's choice: one transform of every type it offered, each
	 * one it offered, KE methods without duplicates. Null when the choice is acceptable.
	 */
	public static String checkChoice(Payload.Proposal chosen, List<Payload.Proposal> offered) {
		Payload.Proposal mine = offered.stream().filter(p -> p.number() == chosen.number()).findFirst().orElse(null);
		if (mine == null) {
			return "the responder chose proposal " + chosen.number() + ", which was not offered";
		}
		Set<TransformType> offeredTypes = new LinkedHashSet<>();
		mine.transforms().forEach(t -> offeredTypes.add(t.transformType()));
		Set<Integer> methods = new HashSet<>();
		for (TransformType type : offeredTypes) {
			List<Payload.Transform> picked = chosen.transformsOf(type);
			if (picked.isEmpty() && type.isAdditionalKeyExchange()
					&& mine.transformsOf(type).stream().anyMatch(t -> t.id() == 0)) {
				continue; // NONE chosen and left out of the answer (strongSwan does so)
			}
			if (picked.size() != 1) {
				return "the responder chose " + picked.size() + " transforms of type " + type.shortName();
			}
			if (!mine.transforms().contains(picked.get(0))) {
				return "the responder chose " + picked.get(0) + ", which was not offered";
			}
			if (type.carriesKeyExchange() && picked.get(0).id() != 0 && !methods.add(picked.get(0).id())) {
				return "the responder chose " + KeyExchangeMethod.of(picked.get(0).id()).ianaName()
						+ " for two rounds (RFC 9370 forbids it)";
			}
		}
		for (Payload.Transform t : chosen.transforms()) {
			if (!offeredTypes.contains(t.transformType())) {
				return "the responder chose a transform of type " + t.transformType().shortName() + ", which was not offered";
			}
		}
		return null;
	}

	private static String names(List<Payload.Transform> transforms) {
		return transforms.isEmpty() ? "none" : Arrays.toString(transforms.stream().map(Payload.Transform::toString).toArray());
	}
}
