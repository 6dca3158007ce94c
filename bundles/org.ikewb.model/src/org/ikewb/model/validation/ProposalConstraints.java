package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
	/** A round number on a line other than addke. */
	public static final String ROUND_NOT_ALLOWED = "round-not-allowed";
	/** AEAD and non-AEAD ciphers in one proposal: they need different INTEG, so separate proposals. */
	public static final String MIXED_AEAD = "mixed-aead";
	/** INTEG next to AEAD ciphers only: the AEAD tag is the integrity check. */
	public static final String INTEGRITY_WITH_AEAD = "integrity-with-aead";
	/** NONE as the IKE SA's primary key exchange: IKE_SA_INIT needs a real one. */
	public static final String NONE_PRIMARY_KE = "none-primary-ke";
	/** ADDKE rounds in an ESP proposal without a KE (no PFS): RFC 9370 adds to a KE, never replaces it. */
	public static final String ADDKE_WITHOUT_KE = "addke-without-ke";

	/** A name that means nothing for its transform type (a typo, or a cipher in the prf line). */
	public static final String UNKNOWN_ALGORITHM = "unknown-algorithm";
	/** Two lines for one transform type (two prf lines, two addke 2 lines): write one line with alternatives. */
	public static final String DUPLICATE_TRANSFORM_LINE = "duplicate-transform-line";
	/** Lines not grouped in IANA transform type order, ADDKE rounds not ascending. */
	public static final String NON_CANONICAL_ORDER = "non-canonical-order";
	/** RFC 8247 MUST NOT (error) or SHOULD NOT (warning). */
	public static final String DEPRECATED_ALGORITHM = "deprecated-algorithm";
	/** An ML-KEM as the primary IKE KE: it travels in IKE_SA_INIT, which cannot be fragmented. */
	public static final String KEM_PRIMARY_KE = "kem-primary-ke";
	/** An ADDKE round outside 1..7. */
	public static final String INVALID_ROUND = "invalid-round";

	public static final String DIAGNOSTIC_SOURCE = PolicyValidator.DIAGNOSTIC_SOURCE;
	public static final int DUPLICATE_ALTERNATIVE_CODE = PolicyValidator.PROPOSAL__HAS_DISTINCT_ALTERNATIVES;
	public static final int KEY_EXCHANGE_SELECTION_CODE = PolicyValidator.PROPOSAL__HAS_SATISFIABLE_KEY_EXCHANGES;
	public static final int REQUIRED_TRANSFORMS_CODE = PolicyValidator.PROPOSAL__HAS_REQUIRED_TRANSFORMS;
	public static final int KNOWN_ALGORITHMS_CODE = PolicyValidator.PROPOSAL__HAS_KNOWN_ALGORITHMS;
	public static final int CANONICAL_ORDER_CODE = PolicyValidator.PROPOSAL__HAS_CANONICAL_ORDER;
	public static final int RECOMMENDED_ALGORITHMS_CODE = PolicyValidator.PROPOSAL__HAS_RECOMMENDED_ALGORITHMS;

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
	 * Every name must mean a transform of its line's type: {@code aes256gcm16} or
	 * {@code ENCR_AES_GCM_16 256} in an encryption line, {@code mlkem768} or {@code ML-KEM-768} in a
	 * ke/addke line. ADDKE rounds are 1..7 (transform types 6..12).
	 */
	public static boolean hasKnownAlgorithms(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ok = true;
		for (TransformLine line : proposal.getTransforms()) {
			if (line.getKind() != null && line.getKind() != TransformKind.ADDKE && line.isSetRound()) {
				// "encryption 3 aes256gcm16" would otherwise be read as aes256gcm16 with the 3 ignored
				ok = false;
				if (diagnostics != null) {
					diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, KNOWN_ALGORITHMS_CODE,
							"A round number belongs on addke lines only (RFC 9370 rounds 1 to 7); '"
									+ line.getKind().getLiteral() + " " + line.getRound() + "' has one: remove the "
									+ line.getRound() + ", or write 'addke " + line.getRound() + "' for an additional key exchange",
							new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ROUND, -1, ROUND_NOT_ALLOWED }));
				}
				continue;
			}
			if (line.getKind() == TransformKind.ADDKE && (line.getRound() < 1 || line.getRound() > 7)) {
				ok = false;
				if (diagnostics != null) {
					diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, KNOWN_ALGORITHMS_CODE,
							"ADDKE round " + line.getRound() + " does not exist: RFC 9370 defines rounds 1 to 7",
							new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ROUND, INVALID_ROUND }));
				}
				continue;
			}
			for (int i = 0; i < line.getAlgorithms().size(); i++) {
				String name = line.getAlgorithms().get(i);
				if (name == null || Transforms.resolve(line, name).isPresent()) {
					continue;
				}
				ok = false;
				if (diagnostics == null) {
					return false;
				}
				diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, KNOWN_ALGORITHMS_CODE,
						"Unknown " + kindNoun(line.getKind()) + " '" + name + "' in " + Transforms.label(line)
								+ " of proposal '" + proposal.getName() + "'" + suggestion(line),
						new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i, UNKNOWN_ALGORITHM }));
			}
		}
		return ok;
	}

	private static String kindNoun(TransformKind kind) {
		return switch (kind) {
		case ENCRYPTION -> "cipher";
		case PRF -> "PRF";
		case INTEGRITY -> "integrity algorithm";
		case KE, ADDKE -> "key exchange method";
		};
	}

	private static String suggestion(TransformLine line) {
		return switch (line.getKind()) {
		case ENCRYPTION -> ": write e.g. aes256gcm16, aes256, chacha20poly1305 or ENCR_AES_GCM_16 256 (AES needs its key length)";
		case PRF -> ": write e.g. prfsha256, prfsha384, prfsha512";
		case INTEGRITY -> ": write e.g. sha256, sha384, sha512";
		case KE, ADDKE -> ": write e.g. x25519, ecp384, modp3072, mlkem768, mlkem1024" + (line.getKind() == TransformKind.ADDKE ? ", none" : "");
		};
	}

	/**
	 * One line per transform type, and within a line no transform twice: {@code x25519, Curve25519}
	 * and {@code aes256, ENCR_AES_CBC 256} are duplicates (same IANA ID and attributes). A duplicate
	 * can never be chosen and usually hides a typo. The same method in two different ADDKE rounds is
	 * legal (alternatives); whether the rounds remain satisfiable is the selection rule's concern.
	 */
	public static boolean hasDistinctAlternatives(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ok = true;
		Map<String, TransformLine> lineOfType = new java.util.HashMap<>();
		for (TransformLine line : proposal.getTransforms()) {
			String type = Transforms.label(line);
			TransformLine earlier = lineOfType.putIfAbsent(type, line);
			if (earlier != null) {
				ok = false;
				if (diagnostics == null) {
					return false;
				}
				diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, DUPLICATE_ALTERNATIVE_CODE,
						"Proposal '" + proposal.getName() + "' has a second " + type
								+ " line: put all alternatives of one transform type on one line, in preference order",
						new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__KIND, DUPLICATE_TRANSFORM_LINE }));
			}
			Map<Payload.Transform, String> seen = new java.util.HashMap<>();
			for (int i = 0; i < line.getAlgorithms().size(); i++) {
				String algorithm = line.getAlgorithms().get(i);
				if (algorithm == null) {
					continue;
				}
				Optional<Payload.Transform> t = Transforms.resolve(line, algorithm);
				String first = t.isPresent() ? seen.putIfAbsent(t.get(), algorithm) : null;
				if (first == null) {
					continue;
				}
				ok = false;
				if (diagnostics == null) {
					return false;
				}
				String same = first.equalsIgnoreCase(algorithm) ? "'" + algorithm + "' is listed twice"
						: "'" + algorithm + "' is the same transform as '" + first + "'";
				diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, DUPLICATE_ALTERNATIVE_CODE,
						same + " in " + describe(line) + " of proposal '" + proposal.getName()
								+ "': remove the second one",
						new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i, DUPLICATE_ALTERNATIVE }));
			}
		}
		return ok;
	}

	/**
	 * Lines in IANA transform type order (encryption, prf, integrity, ke, addke 1..7): how RFC 7296
	 * proposals are usually listed, how every target's syntax reads, and what a reviewer expects.
	 * The order as written has no effect on the wire, so this is a warning naming the canonical order.
	 */
	public static boolean hasCanonicalOrder(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		List<TransformLine> lines = proposal.getTransforms();
		List<TransformLine> sorted = new ArrayList<>(lines);
		sorted.sort(Comparator.comparingInt(ProposalConstraints::rank));
		if (sorted.equals(lines)) {
			return true;
		}
		if (diagnostics != null) {
			TransformLine firstOut = null;
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i) != sorted.get(i)) {
					firstOut = lines.get(i);
					break;
				}
			}
			String order = String.join(", ", sorted.stream().map(Transforms::label).toList());
			diagnostics.add(new BasicDiagnostic(Diagnostic.WARNING, DIAGNOSTIC_SOURCE, CANONICAL_ORDER_CODE,
					"Proposal '" + proposal.getName() + "' lists its transform types out of order: write " + order,
					new Object[] { firstOut, PolicyPackage.Literals.TRANSFORM_LINE__KIND, NON_CANONICAL_ORDER }));
		}
		return true;
	}

	private static int rank(TransformLine line) {
		return switch (line.getKind()) {
		case ENCRYPTION -> 1;
		case PRF -> 2;
		case INTEGRITY -> 3;
		case KE -> 4;
		case ADDKE -> 5 + line.getRound();
		};
	}

	/**
	 * RFC 8247 (IKEv2 algorithm requirements): MUST NOT algorithms are errors, SHOULD NOT ones
	 * warnings, each naming a replacement. An ML-KEM as primary IKE KE is a warning: its
	 * encapsulation key (800 to 1568 octets) goes in IKE_SA_INIT, which RFC 7383 cannot fragment;
	 * put it in addke 1 (IKE_INTERMEDIATE, fragmentable) behind a classical KE.
	 */
	public static boolean hasRecommendedAlgorithms(Proposal proposal, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ok = true;
		for (TransformLine line : proposal.getTransforms()) {
			for (int i = 0; i < line.getAlgorithms().size(); i++) {
				String name = line.getAlgorithms().get(i);
				Optional<Payload.Transform> t = name == null ? Optional.empty() : Transforms.resolve(line, name);
				if (t.isEmpty()) {
					continue;
				}
				org.ikewb.protocol.AlgorithmStatus status = org.ikewb.protocol.TransformNames.status(t.get());
				boolean mustNot = status == org.ikewb.protocol.AlgorithmStatus.MUST_NOT;
				if (mustNot || status == org.ikewb.protocol.AlgorithmStatus.SHOULD_NOT) {
					ok &= !mustNot;
					if (diagnostics != null) {
						diagnostics.add(new BasicDiagnostic(mustNot ? Diagnostic.ERROR : Diagnostic.WARNING,
								DIAGNOSTIC_SOURCE, RECOMMENDED_ALGORITHMS_CODE,
								"RFC 8247 says " + status.text() + " to '" + name + "': replace it with "
										+ replacement(line.getKind()),
								new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i,
										DEPRECATED_ALGORITHM }));
					}
				}
				if (line.getKind() == TransformKind.KE && proposal.getProtocol() == ProposalProtocol.IKE
						&& org.ikewb.protocol.KeyExchangeMethod.of(t.get().id()).family().isKem() && diagnostics != null) {
					diagnostics.add(new BasicDiagnostic(Diagnostic.WARNING, DIAGNOSTIC_SOURCE,
							RECOMMENDED_ALGORITHMS_CODE,
							"'" + name + "' as the primary key exchange puts a "
									+ org.ikewb.protocol.KeyExchangeMethod.of(t.get().id()).initiatorValueLength()
									+ "-octet key into IKE_SA_INIT, which cannot be fragmented (RFC 7383): use a classical ke"
									+ " (x25519, ecp384) and move '" + name + "' to addke 1",
							new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i, KEM_PRIMARY_KE }));
				}
			}
		}
		return ok;
	}

	private static String replacement(TransformKind kind) {
		return switch (kind) {
		case ENCRYPTION -> "aes256gcm16 (or aes256 with an integrity algorithm)";
		case PRF -> "prfsha256 or stronger";
		case INTEGRITY -> "sha256 or stronger";
		case KE, ADDKE -> "x25519, ecp256 or modp3072 or stronger";
		};
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
			TransformLine last = lineOf.get(result.conflict().get(result.conflict().size() - 1));
			diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, DIAGNOSTIC_SOURCE, KEY_EXCHANGE_SELECTION_CODE,
					unsatisfiableMessage(proposal.getName(), result),
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
		String firstClassic = null; // named in the finding: the cipher that needs integrity, not the first one listed
		TransformLine encryption = first.get(TransformKind.ENCRYPTION);
		if (encryption != null) {
			for (String name : encryption.getAlgorithms()) {
				Optional<Payload.Transform> t = name == null ? Optional.empty() : Transforms.resolve(encryption, name);
				if (t.isPresent()) {
					if (EncryptionAlgorithm.of(t.get().id()).aead()) {
						aead++;
					} else {
						classic++;
						if (firstClassic == null) {
							firstClassic = name;
						}
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
			missing.add("integrity (" + firstClassic + " is not an AEAD cipher)");
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

	/**
	 * The explanation of {@link #UNSATISFIABLE_KEY_EXCHANGE} for a result that is not satisfiable;
	 * the command line gives the same for its --ike and --esp proposals.
	 */
	public static String unsatisfiableMessage(String proposalName, KeyExchangeSelection.Result result) {
		List<String> labels = result.conflict().stream().map(KeyExchangeSelection.Round::label).toList();
		return "Proposal '" + proposalName + "' cannot be accepted: " + String.join(", ", labels) + " together offer only "
				+ String.join(", ", result.conflictMethods()) + " (" + result.conflictMethods().size() + " method"
				+ (result.conflictMethods().size() == 1 ? "" : "s") + " for " + labels.size()
				+ " rounds), and RFC 9370 forbids choosing a method twice, so a responder must answer NO_PROPOSAL_CHOSEN."
				+ " Add a different method (or none) to " + labels.get(labels.size() - 1);
	}

	private static String describe(TransformLine line) {
		String kind = line.getKind().getLiteral();
		return line.getRound() > 0 ? kind + " " + line.getRound() : kind;
	}
}
