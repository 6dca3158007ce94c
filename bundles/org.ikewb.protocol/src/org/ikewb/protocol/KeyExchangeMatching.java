package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A duplicate-free choice of key exchange methods across rounds (KE, ADDKE1..7), as RFC 9370
 * §2.2.2 requires: no method twice, NONE (ID 0) in any number of rounds. Decided exactly by
 * bipartite matching of rounds to methods (Kuhn's augmenting paths; at most eight rounds), not by a
 * greedy pass. The one implementation behind the responder's selection and the policy validator.
 */
public final class KeyExchangeMatching {

	/**
	 * @param choice   the method ID per round when a choice exists, else null
	 * @param conflict when none exists: indexes of rounds that together offer fewer distinct methods
	 *                 than their number (Hall's condition broken), ascending
	 */
	public record Outcome(int[] choice, List<Integer> conflict) {
		public boolean found() {
			return choice != null;
		}
	}

	private KeyExchangeMatching() {
	}

	/** {@code candidates.get(r)}: the method IDs round r may take, in preference order. */
	public static Outcome match(List<? extends List<Integer>> candidates) {
		int n = candidates.size();
		Map<Integer, Integer> methodIndex = new HashMap<>();
		int[][] edges = new int[n][];
		boolean[] allowsNone = new boolean[n];
		for (int r = 0; r < n; r++) {
			List<Integer> targets = new ArrayList<>();
			for (int id : candidates.get(r)) {
				if (id == KeyExchangeMethod.NONE.value()) {
					allowsNone[r] = true;
				} else {
					int m = methodIndex.computeIfAbsent(id, k -> methodIndex.size());
					if (!targets.contains(m)) {
						targets.add(m);
					}
				}
			}
			edges[r] = targets.stream().mapToInt(Integer::intValue).toArray();
		}
		int[] roundOfMethod = new int[methodIndex.size()];
		Arrays.fill(roundOfMethod, -1);
		int[] methodOfRound = new int[n];
		Arrays.fill(methodOfRound, -1);
		// Rounds that cannot fall back to NONE first: augmenting never unmatches a matched round, so
		// they all end matched exactly when some matching covers them all.
		for (int pass = 0; pass < 2; pass++) {
			for (int r = 0; r < n; r++) {
				if (allowsNone[r] != (pass == 1)) {
					continue;
				}
				boolean[] visited = new boolean[n];
				if (!augment(r, edges, roundOfMethod, methodOfRound, visited) && !allowsNone[r]) {
					List<Integer> conflict = new ArrayList<>();
					for (int j = 0; j < n; j++) {
						if (visited[j]) {
							conflict.add(j);
						}
					}
					return new Outcome(null, List.copyOf(conflict));
				}
			}
		}
		int[] ids = new int[methodIndex.size()];
		methodIndex.forEach((id, m) -> ids[m] = id);
		int[] choice = new int[n];
		for (int r = 0; r < n; r++) {
			choice[r] = methodOfRound[r] >= 0 ? ids[methodOfRound[r]] : KeyExchangeMethod.NONE.value();
		}
		return new Outcome(choice, List.of());
	}

	/** Kuhn's step: finds an augmenting path from round {@code r}; marks the rounds it visits. */
	private static boolean augment(int r, int[][] edges, int[] roundOfMethod, int[] methodOfRound, boolean[] visited) {
		visited[r] = true;
		for (int m : edges[r]) {
			int holder = roundOfMethod[m];
			if (holder < 0 || (!visited[holder] && augment(holder, edges, roundOfMethod, methodOfRound, visited))) {
				roundOfMethod[m] = r;
				methodOfRound[r] = m;
				return true;
			}
		}
		return false;
	}
}
