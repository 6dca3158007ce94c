package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ikewb.protocol.KeyExchangeMatching;
import org.ikewb.protocol.KeyExchangeMethod;

/**
 * Whether the key exchange rounds of one proposal (the primary KE, then ADDKE1..7) admit a choice
 * that uses every method at most once, as RFC 9370 §2.2.2 requires of the responder ("NONE" may be
 * chosen in any number of rounds). Plain Java over alternatives as the user wrote them, so that
 * the model's validator, the command line and tests share one answer.
 *
 * <p>Existence is decided exactly by {@link KeyExchangeMatching}, the responder's own algorithm.
 * Separately, the selection of a greedy responder is simulated:
 * strongSwan and Libreswan walk the rounds in order and take the first alternative that is not used
 * yet, so a satisfiable proposal can still fail against them when an early round takes a method a
 * later round needs. For that case {@link Result#workingOrder()} gives alternatives reordered so that
 * the greedy pass succeeds, keeping each round's other alternatives in the order written.
 */
public final class KeyExchangeSelection {

	/** One round: its label as users write it ({@code ke}, {@code addke 2}) and its alternatives in order. */
	public record Round(String label, List<String> alternatives) {
		public Round {
			alternatives = List.copyOf(alternatives);
		}
	}

	/**
	 * The answer.
	 *
	 * @param satisfiable  a duplicate-free choice exists
	 * @param choice       one such choice, one alternative per round (empty when not satisfiable)
	 * @param greedyChoice what a greedy responder picks; shorter than the rounds when it gets stuck
	 * @param conflict     when not satisfiable: rounds that together offer fewer distinct methods than
	 *                     their number (Hall's condition broken), in round order
	 * @param conflictMethods the distinct methods those rounds offer
	 */
	public record Result(List<Round> rounds, boolean satisfiable, List<String> choice, List<String> greedyChoice,
			List<Round> conflict, List<String> conflictMethods) {

		/** A greedy responder finds a choice too. */
		public boolean greedySucceeds() {
			return greedyChoice.size() == rounds.size();
		}

		/** The round at which the greedy responder finds nothing left, if it does. */
		public Optional<Round> greedyStuckAt() {
			return greedySucceeds() ? Optional.empty() : Optional.of(rounds.get(greedyChoice.size()));
		}

		/** The rounds with the chosen alternative moved first: an order a greedy responder succeeds with. */
		public List<Round> workingOrder() {
			if (!satisfiable) {
				return List.of();
			}
			List<Round> reordered = new ArrayList<>();
			for (int i = 0; i < rounds.size(); i++) {
				Round r = rounds.get(i);
				List<String> alternatives = new ArrayList<>();
				alternatives.add(choice.get(i));
				boolean skipped = false;
				for (String a : r.alternatives()) {
					if (!skipped && a.equals(choice.get(i))) {
						skipped = true;
					} else {
						alternatives.add(a);
					}
				}
				reordered.add(new Round(r.label(), alternatives));
			}
			return reordered;
		}
	}

	private KeyExchangeSelection() {
	}

	/** Decides the rounds of one proposal. Rounds without alternatives are ignored (another rule reports them). */
	public static Result analyse(List<Round> input) {
		List<Round> rounds = input.stream().filter(r -> !r.alternatives().isEmpty()).toList();
		Map<String, Integer> unknown = new HashMap<>();
		List<List<Integer>> candidates = rounds.stream()
				.map(r -> r.alternatives().stream().map(a -> identity(a, unknown)).toList()).toList();
		KeyExchangeMatching.Outcome outcome = KeyExchangeMatching.match(candidates);
		List<String> choice = new ArrayList<>();
		List<Round> conflict = new ArrayList<>();
		Map<Integer, String> offered = new LinkedHashMap<>();
		if (outcome.found()) {
			for (int r = 0; r < rounds.size(); r++) {
				choice.add(rounds.get(r).alternatives().get(candidates.get(r).indexOf(outcome.choice()[r])));
			}
		} else {
			for (int r : outcome.conflict()) {
				conflict.add(rounds.get(r));
				for (int i = 0; i < candidates.get(r).size(); i++) {
					offered.putIfAbsent(candidates.get(r).get(i), rounds.get(r).alternatives().get(i));
				}
			}
		}
		return new Result(rounds, outcome.found(), List.copyOf(choice), greedy(rounds, candidates), List.copyOf(conflict),
				List.copyOf(offered.values()));
	}

	/** A method's IANA ID, so that "x25519" and "Curve25519" are one; negative numbers for unknown names. */
	private static int identity(String name, Map<String, Integer> unknown) {
		return KeyExchangeMethod.byName(name).map(KeyExchangeMethod::value)
				.orElseGet(() -> unknown.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> -1 - unknown.size()));
	}

	/** The first alternative of each round not used by an earlier round; stops where none is left. */
	private static List<String> greedy(List<Round> rounds, List<List<Integer>> candidates) {
		Set<Integer> used = new HashSet<>();
		List<String> picked = new ArrayList<>();
		for (int r = 0; r < rounds.size(); r++) {
			String pick = null;
			for (int i = 0; i < candidates.get(r).size(); i++) {
				int id = candidates.get(r).get(i);
				if (id == KeyExchangeMethod.NONE.value() || used.add(id)) {
					pick = rounds.get(r).alternatives().get(i);
					break;
				}
			}
			if (pick == null) {
				break;
			}
			picked.add(pick);
		}
		return List.copyOf(picked);
	}
}
