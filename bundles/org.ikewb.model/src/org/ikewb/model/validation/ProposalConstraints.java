package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.policy.util.PolicyValidator;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;

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

	/** A transform type the protocol requires is absent (IKE: ENCR, PRF, KE; INTEG for non-AEAD ciphers). */
	public static final String MISSING_TRANSFORM = "missing-transform";
	/** AEAD and non-AEAD ciphers in one proposal: they need different INTEG, so separate proposals. */
	public static final String MIXED_AEAD = "mixed-aead";
	/** INTEG next to AEAD ciphers only: the AEAD tag is the integrity check. */
	public static final String INTEGRITY_WITH_AEAD = "integrity-with-aead";
	/** NONE as the IKE SA's primary key exchange: IKE_SA_INIT needs a real one. */
	public static final String NONE_PRIMARY_KE = "none-primary-ke";
	/** ADDKE rounds in an ESP proposal without a KE (no PFS): RFC 9370 adds to a KE, never replaces it. */
	public static final String ADDKE_WITHOUT_KE = "addke-without-ke";

	public static final String DIAGNOSTIC_SOURCE = PolicyValidator.DIAGNOSTIC_SOURCE;
	public static final int DUPLICATE_ALTERNATIVE_CODE = PolicyValidator.PROPOSAL__HAS_DISTINCT_ALTERNATIVES;
	public static final int KEY_EXCHANGE_SELECTION_CODE = PolicyValidator.PROPOSAL__HAS_SATISFIABLE_KEY_EXCHANGES;
	public static final int REQUIRED_TRANSFORMS_CODE = PolicyValidator.PROPOSAL__HAS_REQUIRED_TRANSFORMS;

	private ProposalConstraints() {
	}

	/** The stable issue code of a diagnostic produced by this model's rules, or null. */
	public static String issueCode(Diagnostic diagnostic) {
		if (!DIAGNOSTIC_SOURCE.equals(diagnostic.getSource())) {
			return null;
		}
		// EMF's int code names the invariant; the stable string code travels as the last datum.
		List<?> data = diagnostic.getData();
		if (!data.isEmpty() && data.get(data.size() - 1) instanceof String code) {
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

	/**
	 * RFC 7296 §3.3.3 and RFC 9370 §2.2.1: which transform types a proposal must (and must not)
	 * carry. Algorithm names this code does not know are left to the name-resolution rule.
	 */
	public static boolean hasRequiredTransforms(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ike = proposal.getProtocol() == ProposalProtocol.IKE;
		Map<TransformKind, TransformLine> first = new java.util.EnumMap<>(TransformKind.class);
		for (TransformLine line : proposal.getTransforms()) {
			first.putIfAbsent(line.getKind(), line);
		}
		List<BasicDiagnostic> found = new ArrayList<>();
		String where = "proposal '" + proposal.getName() + "'";
		int aead = 0;
		int classic = 0;
		TransformLine encryption = first.get(TransformKind.ENCRYPTION);
		if (encryption != null) {
			for (String name : encryption.getAlgorithms()) {
				Optional<Payload.Transform> t = name == null ? Optional.empty() : ProposalSyntax.encryptionByKeyword(name);
				if (t.isPresent()) {
					if (EncryptionAlgorithm.of(t.get().id()).aead()) {
						aead++;
					} else {
						classic++;
					}
				}
			}
		}
		List<String> missing = new ArrayList<>();
		if (encryption == null) {
			missing.add("encryption");
		}
		if (ike && !first.containsKey(TransformKind.PRF)) {
			missing.add("prf");
		}
		if (ike && !first.containsKey(TransformKind.KE)) {
			missing.add("ke");
		}
		if (classic > 0 && !first.containsKey(TransformKind.INTEGRITY)) {
			missing.add("integrity (" + encryption.getAlgorithms().get(0) + " is not an AEAD cipher)");
		}
		if (!missing.isEmpty()) {
			found.add(diagnostic(Diagnostic.ERROR, "The " + (ike ? "IKE" : "ESP") + " " + where + " lacks "
					+ String.join(", ", missing) + ": add " + (missing.size() == 1 ? "it" : "them"), proposal,
					PolicyPackage.Literals.PROPOSAL__NAME, MISSING_TRANSFORM));
		}
		if (aead > 0 && classic > 0) {
			found.add(diagnostic(Diagnostic.ERROR, "The encryption line of " + where
					+ " mixes AEAD and non-AEAD ciphers: put them in two proposals (the AEAD one without integrity)",
					encryption, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, MIXED_AEAD));
		} else if (aead > 0 && first.containsKey(TransformKind.INTEGRITY)) {
			TransformLine integrity = first.get(TransformKind.INTEGRITY);
			boolean onlyNone = integrity.getAlgorithms().stream().allMatch(a -> "none".equalsIgnoreCase(a));
			if (!onlyNone) {
				found.add(diagnostic(Diagnostic.ERROR, where.substring(0, 1).toUpperCase(Locale.ROOT) + where.substring(1)
						+ " uses only AEAD ciphers, whose tag already protects integrity: remove the integrity line",
						integrity, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, INTEGRITY_WITH_AEAD));
			}
		}
		TransformLine ke = first.get(TransformKind.KE);
		if (ike && ke != null && ke.getAlgorithms().stream().anyMatch(a -> "none".equalsIgnoreCase(a))) {
			found.add(diagnostic(Diagnostic.ERROR, "The IKE " + where
					+ " offers none as its key exchange: IKE_SA_INIT always needs one; remove none from ke", ke,
					PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, NONE_PRIMARY_KE));
		}
		TransformLine addke = first.get(TransformKind.ADDKE);
		if (!ike && addke != null
				&& (ke == null || ke.getAlgorithms().stream().allMatch(a -> "none".equalsIgnoreCase(a)))) {
			found.add(diagnostic(Diagnostic.ERROR, "The ESP " + where
					+ " has additional key exchanges but no key exchange (ke): RFC 9370 adds rounds to a KE, so add a ke line",
					addke, PolicyPackage.Literals.TRANSFORM_LINE__KIND, ADDKE_WITHOUT_KE));
		}
		if (diagnostics != null) {
			found.forEach(diagnostics::add);
		}
		return found.stream().noneMatch(d -> d.getSeverity() == Diagnostic.ERROR);
	}

	private static BasicDiagnostic diagnostic(int severity, String message, Object object, Object feature,
			String code) {
		return new BasicDiagnostic(severity, DIAGNOSTIC_SOURCE, REQUIRED_TRANSFORMS_CODE, message,
				new Object[] { object, feature, code });
	}

	private static String describe(TransformLine line) {
		String kind = line.getKind().getLiteral();
		return line.getRound() > 0 ? kind + " " + line.getRound() : kind;
	}
}
