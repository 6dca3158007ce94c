package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ikewb.protocol.KeyExchangeMethod;

/**
 * Whether the key exchange rounds of one proposal (the primary KE, then ADDKE1..7) admit a choice
 * that uses every method at most once, as RFC 9370 §2.2.2 requires of the responder ("NONE" may be
 * chosen in any number of rounds). Plain Java over alternatives as the user wrote them, so that
 * the model's validator, the command line and tests share one answer.
 *
 * <p>Existence is decided exactly, by bipartite matching of rounds to methods (Kuhn's augmenting
 * paths; at most eight rounds). Separately, the selection of a greedy responder is simulated:
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
		int n = rounds.size();
		// Methods by identity: IANA ID when the name is known, so "x25519" and "Curve25519" are one.
		Map<String, Integer> methodIndex = new HashMap<>();
		int[][] edges = new int[n][];
		boolean[] allowsNone = new boolean[n];
		for (int i = 0; i < n; i++) {
			Set<Integer> targets = new LinkedHashSet<>();
			for (String a : rounds.get(i).alternatives()) {
				String key = identity(a);
				if (key.equals(NONE_KEY)) {
					allowsNone[i] = true;
				} else {
					targets.add(methodIndex.computeIfAbsent(key, k -> methodIndex.size()));
				}
			}
			edges[i] = targets.stream().mapToInt(Integer::intValue).toArray();
		}
		int[] roundOfMethod = new int[methodIndex.size()];
		Arrays.fill(roundOfMethod, -1);
		int[] methodOfRound = new int[n];
		Arrays.fill(methodOfRound, -1);
		// Rounds that cannot fall back to NONE first: augmenting never unmatches a matched round, so
		// they all end matched exactly when some matching covers them all.
		List<Round> conflict = List.of();
		List<String> conflictMethods = List.of();
		for (int pass = 0; pass < 2; pass++) {
			for (int i = 0; i < n; i++) {
				if (allowsNone[i] != (pass == 1)) {
					continue;
				}
				boolean[] visited = new boolean[n];
				if (!augment(i, edges, roundOfMethod, methodOfRound, visited) && !allowsNone[i] && conflict.isEmpty()) {
					List<Round> c = new ArrayList<>();
					Map<String, String> offered = new java.util.LinkedHashMap<>();
					for (int j = 0; j < n; j++) {
						if (visited[j]) {
							c.add(rounds.get(j));
							rounds.get(j).alternatives().forEach(a -> offered.putIfAbsent(identity(a), a));
						}
					}
					conflict = c;
					conflictMethods = List.copyOf(offered.values());
				}
			}
		}
		boolean satisfiable = conflict.isEmpty();
		List<String> choice = new ArrayList<>();
		if (satisfiable) {
			for (int i = 0; i < n; i++) {
				choice.add(methodOfRound[i] >= 0 ? alternativeFor(rounds.get(i), methodOfRound[i], methodIndex)
						: noneAlternative(rounds.get(i)));
			}
		}
		return new Result(rounds, satisfiable, List.copyOf(choice), greedy(rounds), conflict, conflictMethods);
	}

	private static final String NONE_KEY = "#0";

	private static String identity(String name) {
		return KeyExchangeMethod.byName(name).map(m -> "#" + m.value()).orElse(name.toLowerCase(Locale.ROOT));
	}

	/** Kuhn's step: finds an augmenting path from round {@code i}; marks the rounds it visits. */
	private static boolean augment(int i, int[][] edges, int[] roundOfMethod, int[] methodOfRound, boolean[] visited) {
		visited[i] = true;
		for (int m : edges[i]) {
			int holder = roundOfMethod[m];
			if (holder < 0 || (!visited[holder] && augment(holder, edges, roundOfMethod, methodOfRound, visited))) {
				roundOfMethod[m] = i;
				methodOfRound[i] = m;
				return true;
			}
		}
		return false;
	}

	private static String alternativeFor(Round round, int method, Map<String, Integer> methodIndex) {
		for (String a : round.alternatives()) {
			Integer index = methodIndex.get(identity(a));
			if (index != null && index == method) {
				return a;
			}
		}
		throw new IllegalStateException("matched method not among the round's alternatives");
	}

	private static String noneAlternative(Round round) {
		return round.alternatives().stream().filter(a -> identity(a).equals(NONE_KEY)).findFirst().orElseThrow();
	}

	/** The first alternative of each round not used by an earlier round; stops where none is left. */
	private static List<String> greedy(List<Round> rounds) {
		Set<String> used = new java.util.HashSet<>();
		List<String> picked = new ArrayList<>();
		for (Round r : rounds) {
			String pick = null;
			for (String a : r.alternatives()) {
				String key = identity(a);
				if (key.equals(NONE_KEY) || !used.contains(key)) {
					pick = a;
					used.add(key);
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
