package org.ikewb.model.validation;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
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

	public static final String DIAGNOSTIC_SOURCE = PolicyValidator.DIAGNOSTIC_SOURCE;
	public static final int DUPLICATE_ALTERNATIVE_CODE = PolicyValidator.PROPOSAL__HAS_DISTINCT_ALTERNATIVES;

	private ProposalConstraints() {
	}

	/** The stable issue code of a diagnostic produced by this model's rules, or null. */
	public static String issueCode(Diagnostic diagnostic) {
		if (DIAGNOSTIC_SOURCE.equals(diagnostic.getSource()) && diagnostic.getCode() == DUPLICATE_ALTERNATIVE_CODE) {
			return DUPLICATE_ALTERNATIVE;
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

	private static String describe(TransformLine line) {
		String kind = line.getKind().getLiteral();
		return line.getRound() > 0 ? kind + " " + line.getRound() : kind;
	}
}
