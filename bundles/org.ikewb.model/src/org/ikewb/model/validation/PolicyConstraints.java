package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.policy.util.PolicyValidator;
import org.ikewb.model.targets.TargetProfile;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Payload;

/** Rules that need a whole policy: the post-quantum requirement and the declared targets. */
public final class PolicyConstraints {

	/** require post-quantum, but the responder may choose an outcome without a post-quantum method. */
	public static final String DOWNGRADE_POSSIBLE = "downgrade-possible";
	/** require post-quantum, but no round of the proposal offers a post-quantum method at all. */
	public static final String NO_POST_QUANTUM = "no-post-quantum";
	/** A declared target cannot do an algorithm, a round or a feature the policy uses. */
	public static final String UNSUPPORTED_BY_TARGET = "unsupported-by-target";

	private PolicyConstraints() {
	}

	/** The IKE proposals the policy's peers use, then any other proposal the policy defines, without repeats. */
	static Set<Proposal> proposalsInUse(Policy policy, ProposalProtocol protocol) {
		Set<Proposal> used = new LinkedHashSet<>();
		for (Peer peer : policy.getPeers()) {
			if (protocol == ProposalProtocol.IKE) {
				peer.getIkeProposals().stream().filter(p -> !p.eIsProxy()).forEach(used::add);
				peer.getRekeyIkeProposals().stream().filter(p -> !p.eIsProxy()).forEach(used::add);
			} else {
				for (ChildSa child : peer.getChildren()) {
					child.getEspProposals().stream().filter(p -> !p.eIsProxy()).forEach(used::add);
					child.getRekeyEspProposals().stream().filter(p -> !p.eIsProxy()).forEach(used::add);
				}
			}
		}
		policy.getProposals().stream().filter(p -> p.getProtocol() == protocol).forEach(used::add);
		return used;
	}

	/**
	 * With {@code require post-quantum}, every outcome a responder may choose from an IKE proposal
	 * must include a post-quantum method. Decided exactly: keep only the classical alternatives (and
	 * none) of each round and ask whether a duplicate-free choice still exists — if so, an active
	 * attacker or a misconfigured peer can settle on it, so it is an error naming that outcome.
	 * ESP proposals are not checked: their keys derive from the IKE SA's SK_d, which this rule
	 * already protects.
	 */
	public static boolean meetsPostQuantumRequirement(Policy policy, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		if (!policy.isRequirePostQuantum()) {
			return true;
		}
		boolean ok = true;
		for (Proposal proposal : proposalsInUse(policy, ProposalProtocol.IKE)) {
			if (onlyWithRequiredPpk(policy, proposal)) {
				continue; // RFC 8784: a required PPK protects these IKE SAs whatever their key exchanges
			}
			List<TransformLine> lines = new ArrayList<>();
			for (TransformLine line : proposal.getTransforms()) {
				if ((line.getKind() == TransformKind.KE || line.getKind() == TransformKind.ADDKE)
						&& Transforms.typeOf(line) != null) {
					lines.add(line);
				}
			}
			lines.sort(java.util.Comparator.comparingInt(l -> l.getKind() == TransformKind.KE ? 0 : l.getRound()));
			boolean anyPq = lines.stream().flatMap(l -> Transforms.resolved(l).stream())
					.anyMatch(t -> KeyExchangeMethod.of(t.id()).postQuantum());
			if (!anyPq) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__MEETS_POST_QUANTUM_REQUIREMENT,
						"Policy '" + policy.getName() + "' requires post-quantum, but IKE proposal '" + proposal.getName()
								+ "' offers no post-quantum method: add 'addke 1 mlkem768' (or mlkem1024), or give the peers"
								+ " that use it a required PPK (ppk \"ID\" from file \"FILE\" required)",
						proposalAnchor(policy, proposal), NO_POST_QUANTUM);
				continue;
			}
			List<KeyExchangeSelection.Round> classical = new ArrayList<>();
			for (TransformLine line : lines) {
				List<String> names = new ArrayList<>();
				for (Payload.Transform t : Transforms.resolved(line)) {
					KeyExchangeMethod m = KeyExchangeMethod.of(t.id());
					if (!m.postQuantum()) {
						names.add(m.keyword());
					}
				}
				classical.add(new KeyExchangeSelection.Round(Transforms.label(line), names));
			}
			if (classical.stream().anyMatch(round -> round.alternatives().isEmpty())) {
				continue; // some round offers only post-quantum methods: every outcome includes one
			}
			KeyExchangeSelection.Result r = KeyExchangeSelection.analyse(classical);
			if (r.satisfiable()) {
				ok = false;
				List<String> optional = new ArrayList<>();
				for (int i = 0; i < lines.size(); i++) {
					if (lines.get(i).getKind() == TransformKind.ADDKE && r.choice().get(i).equals("none")) {
						optional.add(Transforms.label(lines.get(i)));
					}
				}
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__MEETS_POST_QUANTUM_REQUIREMENT,
						"Policy '" + policy.getName() + "' requires post-quantum, but a responder may accept IKE proposal '"
								+ proposal.getName() + "' with only classical key exchanges (" + String.join(", ", r.choice())
								+ "): a downgrade to classical is possible. "
								+ (optional.isEmpty() ? "Remove the classical alternatives from the ADDKE rounds"
										: "Make at least one round post-quantum only (remove none from " + String.join(" or ", optional) + ")"),
						proposalAnchor(policy, proposal), DOWNGRADE_POSSIBLE);
			}
		}
		return ok;
	}

	/**
	 * Each declared target must be able to negotiate every transform of every proposal in use, the
	 * rounds (at most what it supports), and IKE_FOLLOWUP_KE where a Child SA's ESP proposal has
	 * additional key exchanges (RFC 9370 §2.2.4: CREATE_CHILD_SA with ADDKE needs it).
	 */
	public static boolean fitsTargets(Policy policy, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		for (org.ikewb.model.policy.TargetDeclaration declaration : policy.getTargetDeclarations()) {
			Target target = declaration.getTarget();
			if (target == null) {
				continue;
			}
			TargetProfile profile;
			try {
				profile = TargetProfile.of(target, declaration.getVersion());
			} catch (IllegalArgumentException e) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS,
						"Target " + target.getLiteral() + ": " + e.getMessage(),
						at(declaration, PolicyPackage.Literals.TARGET_DECLARATION__VERSION), UNSUPPORTED_BY_TARGET);
				continue;
			}
			for (ProposalProtocol protocol : ProposalProtocol.values()) {
				for (Proposal proposal : proposalsInUse(policy, protocol)) {
					for (TransformLine line : proposal.getTransforms()) {
						for (int i = 0; i < line.getAlgorithms().size(); i++) {
							String name = line.getAlgorithms().get(i);
							var t = name == null ? java.util.Optional.<Payload.Transform>empty() : Transforms.resolve(line, name);
							if (t.isEmpty() || profile.supports(t.get())) {
								continue;
							}
							ok = false;
							boolean addke = t.get().transformType().isAdditionalKeyExchange();
							String why = addke && profile.maxRounds() == 0
									? profile.displayName() + " has no additional key exchanges (RFC 9370)"
									: addke && t.get().transformType().round() > profile.maxRounds()
									? profile.displayName() + " supports at most " + profile.maxRounds() + " additional rounds"
									: addke && profile.primaryKeyExchanges().contains(t.get().id())
											? profile.displayName() + " takes '" + name
													+ "' only as the primary KE, not in an additional key exchange round"
											: profile.displayName() + " cannot negotiate '" + name + "'";
							if (diagnostics != null) {
								diagnostics.add(new BasicDiagnostic(Diagnostic.ERROR, PolicyValidator.DIAGNOSTIC_SOURCE,
										PolicyValidator.POLICY__FITS_TARGETS,
										"Target " + target.getLiteral() + ": " + why + " (" + Transforms.label(line)
												+ " of proposal '" + proposal.getName() + "'): remove it or drop the target",
										new Object[] { line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS, i,
												UNSUPPORTED_BY_TARGET }));
							}
						}
					}
					boolean addke = proposal.getTransforms().stream().anyMatch(l -> l.getKind() == TransformKind.ADDKE
							&& l.getAlgorithms().stream().anyMatch(a -> a != null && !a.equalsIgnoreCase("none")));
					if (protocol == ProposalProtocol.ESP && addke && !profile.followupKe()) {
						ok = false;
						add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS,
								"Target " + target.getLiteral() + ": " + profile.displayName()
										+ " does not implement IKE_FOLLOWUP_KE, which ESP proposal '" + proposal.getName()
										+ "' needs for its additional key exchanges: remove the addke lines or the target",
								proposalAnchor(policy, proposal), UNSUPPORTED_BY_TARGET);
					}
				}
			}
			if (target == Target.FORTIOS) {
				ok &= FortiOsConstraints.check(policy, profile, diagnostics, context);
			}
			if (target != Target.IKEWB) {
				ok &= oneListForFirstAndRekeys(policy, profile, diagnostics);
			}
			ok &= PpkConstraints.fitsTarget(policy, profile, diagnostics);
		}
		return ok;
	}

	/**
	 * The device configs have one proposal list for an SA and its rekeys (strongSwan's proposals,
	 * Libreswan's ike=/esp=, FortiOS's phase1/phase2, Check Point's community): rekey proposals
	 * other than the first cannot be written for them.
	 */
	private static boolean oneListForFirstAndRekeys(Policy policy, TargetProfile profile, DiagnosticChain diagnostics) {
		boolean ok = true;
		for (Peer peer : policy.getPeers()) {
			ok &= sameForRekeys(peer.getIkeProposals(), peer.getRekeyIkeProposals(), profile, "an IKE SA",
					"peer '" + peer.getName() + "'", peer, PolicyPackage.Literals.PEER__REKEY_IKE_PROPOSALS, diagnostics);
			for (ChildSa child : peer.getChildren()) {
				ok &= sameForRekeys(child.getEspProposals(), child.getRekeyEspProposals(), profile, "a Child SA",
						"Child SA '" + child.getName() + "'", child, PolicyPackage.Literals.CHILD_SA__REKEY_ESP_PROPOSALS,
						diagnostics);
			}
		}
		return ok;
	}

	private static boolean sameForRekeys(List<Proposal> first, List<Proposal> rekey, TargetProfile profile, String sa,
			String who, EObject anchor, Object feature, DiagnosticChain diagnostics) {
		if (rekey.isEmpty() || rekey.equals(first)) {
			return true;
		}
		add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS, "Target " + profile.target().getLiteral()
				+ ": " + profile.displayName() + " has one proposal list for " + sa + " and its rekeys: " + who
				+ " rekeys with other proposals, which cannot be written for it (drop the target, or the rekey proposals)",
				at(anchor, feature), UNSUPPORTED_BY_TARGET);
		return false;
	}

	/** Where to report a proposal-wide finding: the proposal if it is in this file, else the policy's name. */
	private static Object[] proposalAnchor(Policy policy, Proposal proposal) {
		if (proposal.eResource() == policy.eResource()) {
			return new Object[] { proposal, PolicyPackage.Literals.PROPOSAL__NAME };
		}
		return new Object[] { policy, PolicyPackage.Literals.POLICY__NAME };
	}

	/** Every peer of the policy that uses {@code proposal} for its IKE SA requires an RFC 8784 PPK. */
	private static boolean onlyWithRequiredPpk(Policy policy, Proposal proposal) {
		List<Peer> users = policy.getPeers().stream()
				.filter(p -> p.getIkeProposals().contains(proposal) || p.getRekeyIkeProposals().contains(proposal)).toList();
		return !users.isEmpty() && users.stream().allMatch(p -> p.isPpkRequired() && !p.getPpks().isEmpty());
	}

	static void add(DiagnosticChain diagnostics, int severity, int code, String message, Object[] anchor,
			String issueCode) {
		if (diagnostics == null) {
			return;
		}
		Object[] data = java.util.Arrays.copyOf(anchor, anchor.length + 1);
		data[anchor.length] = issueCode;
		diagnostics.add(new BasicDiagnostic(severity, PolicyValidator.DIAGNOSTIC_SOURCE, code, message, data));
	}

	static Object[] at(EObject object, Object feature) {
		return new Object[] { object, feature };
	}
}
