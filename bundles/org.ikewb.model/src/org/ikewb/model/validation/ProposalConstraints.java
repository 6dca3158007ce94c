package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.policy.util.PolicyValidator;

/**
 * Hand-written bodies of the model's invariants. EMF generates {@link PolicyValidator} and
 * registers it for {@link PolicyPackage}, so {@code Diagnostician} applies these rules to any
 * model: parsed from a .ikewb file, loaded from XMI, or built in code. The generated invariant
 * operations delegate here; nothing under src-gen/ is edited by hand.
 */
public final class ProposalConstraints {

	/** Stable issue code (EMF diagnostics carry an int code; the language maps it to this). */
	public static final String DUPLICATE_ALTERNATIVE = "duplicate-alternative";

	/** No duplicate-free choice of methods across KE and ADDKE rounds: the responder must refuse. */
	public static final String UNSATISFIABLE_KEY_EXCHANGE = "unsatisfiable-key-exchange";
	/** A choice exists, but a responder that picks round by round (strongSwan, Libreswan) misses it. */
	public static final String GREEDY_SELECTION_FAILS = "greedy-selection-fails";

	public static final String DIAGNOSTIC_SOURCE = PolicyValidator.DIAGNOSTIC_SOURCE;
	public static final int DUPLICATE_ALTERNATIVE_CODE = PolicyValidator.PROPOSAL__HAS_DISTINCT_ALTERNATIVES;
	public static final int KEY_EXCHANGE_SELECTION_CODE = PolicyValidator.PROPOSAL__HAS_SATISFIABLE_KEY_EXCHANGES;

	private ProposalConstraints() {
	}

	/** The stable issue code of a diagnostic produced by this model's rules, or null. */
	public static String issueCode(Diagnostic diagnostic) {
		if (!DIAGNOSTIC_SOURCE.equals(diagnostic.getSource())) {
			return null;
		}
		// EMF's int code names the invariant; the stable string code travels as the last datum.
		List<?> data = diagnostic.getData();
		if ((diagnostic.getCode() == DUPLICATE_ALTERNATIVE_CODE || diagnostic.getCode() == KEY_EXCHANGE_SELECTION_CODE)
				&& !data.isEmpty() && data.get(data.size() - 1) instanceof String code) {
			return code;
		}
		return null;
	}

	/**
	 * A transform line must not list the same algorithm twice ({@code addke 1 mlkem768, mlkem768}):
	 * the duplicate can never be chosen and hides a typo. Names are compared case-insensitively
	 * here; comparison by IANA ID and attributes arrives with the algorithm registry.
	 */
	public static boolean hasDistinctAlternatives(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ok = true;
		for (TransformLine line : proposal.getTransforms()) {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < line.getAlgorithms().size(); i++) {
				String algorithm = line.getAlgorithms().get(i);
				if (algorithm != null && !seen.add(algorithm.toLowerCase(Locale.ROOT))) {
					ok = false;
					if (diagnostics == null) {
						return false;
					}
					diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE,
							DUPLICATE_ALTERNATIVE_CODE,
							"'" + algorithm + "' is listed twice in " + describe(line) + " of proposal '"
									+ proposal.getName() + "': remove the second one",
							new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i,
									DUPLICATE_ALTERNATIVE }));
				}
			}
		}
		return ok;
	}

	/**
	 * RFC 9370 §2.2.2: the responder picks one method per round and never the same method twice
	 * (NONE excepted). Rounds whose alternatives leave no such choice are an error — any responder
	 * must answer NO_PROPOSAL_CHOSEN; a choice that a greedy responder misses is a warning that names
	 * an order of alternatives that works. Decided exactly by {@link KeyExchangeSelection}.
	 */
	public static boolean hasSatisfiableKeyExchanges(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		List<TransformLine> lines = new ArrayList<>();
		for (TransformLine line : proposal.getTransforms()) {
			if (line.getKind() == TransformKind.KE || line.getKind() == TransformKind.ADDKE) {
				lines.add(line);
			}
		}
		// KE first, then ADDKE rounds ascending: the order in which a responder selects.
		lines.sort(Comparator.comparingInt(l -> l.getKind() == TransformKind.KE ? 0 : l.getRound()));
		List<KeyExchangeSelection.Round> rounds = new ArrayList<>();
		Map<KeyExchangeSelection.Round, TransformLine> lineOf = new IdentityHashMap<>();
		for (TransformLine line : lines) {
			KeyExchangeSelection.Round round = new KeyExchangeSelection.Round(describe(line),
					line.getAlgorithms().stream().filter(a -> a != null && !a.isBlank()).toList());
			rounds.add(round);
			lineOf.put(round, line);
		}
		if (rounds.size() < 2) {
			return true; // one round can always choose its first alternative
		}
		KeyExchangeSelection.Result result = KeyExchangeSelection.analyse(rounds);
		if (result.satisfiable() && result.greedySucceeds()) {
			return true;
		}
		if (diagnostics == null) {
			return false;
		}
		if (!result.satisfiable()) {
			List<String> labels = result.conflict().stream().map(KeyExchangeSelection.Round::label).toList();
			TransformLine last = lineOf.get(result.conflict().get(result.conflict().size() - 1));
			diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, KEY_EXCHANGE_SELECTION_CODE,
					"Proposal '" + proposal.getName() + "' cannot be accepted: " + String.join(", ", labels)
							+ " together offer only " + String.join(", ", result.conflictMethods()) + " ("
							+ result.conflictMethods().size() + " method" + (result.conflictMethods().size() == 1 ? "" : "s")
							+ " for " + labels.size() + " rounds), and RFC 9370 forbids choosing a method twice, so a"
							+ " responder must answer NO_PROPOSAL_CHOSEN. Add a different method (or none) to "
							+ labels.get(labels.size() - 1),
					new Object[] { last, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, UNSATISFIABLE_KEY_EXCHANGE }));
			return false;
		}
		KeyExchangeSelection.Round stuck = result.greedyStuckAt().orElseThrow();
		StringBuilder order = new StringBuilder();
		for (KeyExchangeSelection.Round r : result.workingOrder()) {
			if (order.length() > 0) {
				order.append("; ");
			}
			order.append(r.label()).append(' ').append(String.join(", ", r.alternatives()));
		}
		diagnostics.add(new BasicDiagnostic(Diagnostic.WARNING, DIAGNOSTIC_SOURCE, KEY_EXCHANGE_SELECTION_CODE,
				"Proposal '" + proposal.getName() + "' has a valid choice (" + String.join(", ", result.choice())
						+ "), but a responder that takes the first unused alternative round by round (strongSwan,"
						+ " Libreswan) finds nothing left for " + stuck.label() + " after choosing "
						+ String.join(", ", result.greedyChoice()) + ". Reorder to: " + order,
				new Object[] { lineOf.get(stuck), PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS,
						GREEDY_SELECTION_FAILS }));
		return true;
	}

	private static String describe(TransformLine line) {
		String kind = line.getKind().getLiteral();
		return line.getRound() > 0 ? kind + " " + line.getRound() : kind;
	}
}
