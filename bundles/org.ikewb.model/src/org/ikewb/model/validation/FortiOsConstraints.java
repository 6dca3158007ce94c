package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.policy.util.PolicyValidator;
import org.ikewb.model.targets.TargetProfile;
import org.ikewb.protocol.Payload;

/**
 * What a FortiGate cannot express of a policy, beyond the algorithms of {@link TargetProfile#FORTIOS}:
 * an interface-mode phase1 name longer than 15 characters (Fortinet's administration guide), a
 * remote IKE port other than 500 (phase1-interface has no per-tunnel remote port), and several
 * proposals of one peer or Child SA whose merge into FortiOS's single list per transform type would
 * let a peer negotiate a combination no proposal allows.
 */
public final class FortiOsConstraints {

	/** FortiOS limits the name of an interface-mode phase1 (it becomes an interface) to 15 characters. */
	public static final int MAX_PHASE1_NAME = 15;

	/** More combinations than this are not enumerated: the merge is reported as widening. */
	private static final int MAX_COMBINATIONS = 200_000;

	private FortiOsConstraints() {
	}

	/**
	 * The phase1-interface name the FortiOS generator writes for a peer: its name, or POLICY-PEER
	 * when another policy of the same file has a peer of that name.
	 */
	public static String phase1Name(Peer peer) {
		return phase1Name(peer, peerNames(peer));
	}

	/** The phase1-interface name of every peer of {@code file}, with the file's peer names counted once. */
	public static Map<Peer, String> phase1Names(PolicyFile file) {
		Map<Peer, String> names = new java.util.LinkedHashMap<>();
		Map<String, Integer> peerNames = null;
		for (Policy p : file.getPolicies()) {
			for (Peer peer : p.getPeers()) {
				if (peerNames == null) {
					peerNames = peerNames(peer);
				}
				names.put(peer, phase1Name(peer, peerNames));
			}
		}
		return names;
	}

	/** As {@link #phase1Name(Peer)}, with how often each peer name occurs in the file counted once. */
	private static String phase1Name(Peer peer, Map<String, Integer> peerNames) {
		int same = peer.getName() == null ? 0 : peerNames.getOrDefault(peer.getName(), 0);
		return same > 1 ? ((Policy) peer.eContainer()).getName() + "-" + peer.getName() : peer.getName();
	}

	/** How many peers of the file (all its policies) have each name. */
	private static Map<String, Integer> peerNames(Peer peer) {
		Map<String, Integer> names = new java.util.HashMap<>();
		if (peer.eContainer() != null && peer.eContainer().eContainer() instanceof PolicyFile file) {
			for (Policy p : file.getPolicies()) {
				for (Peer x : p.getPeers()) {
					if (x.getName() != null) {
						names.merge(x.getName(), 1, Integer::sum);
					}
				}
			}
		}
		return names;
	}

	static boolean check(Policy policy, TargetProfile profile, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		String prefix = "Target fortios: " + profile.displayName();
		Map<String, Integer> peerNames = policy.getPeers().isEmpty() ? Map.of() : peerNames(policy.getPeers().get(0));
		for (Peer peer : policy.getPeers()) {
			String name = phase1Name(peer, peerNames);
			if (name != null && name.length() > MAX_PHASE1_NAME) {
				ok = false;
				PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS,
						prefix + " limits a phase1-interface name to " + MAX_PHASE1_NAME + " characters; '" + name + "' has "
								+ name.length() + ": choose a shorter peer name",
						PolicyConstraints.at(peer, PolicyPackage.Literals.PEER__NAME), PolicyConstraints.UNSUPPORTED_BY_TARGET);
			}
			if (peer.getRemote() != null && peer.getRemote().getPort() != 0 && peer.getRemote().getPort() != 500) {
				ok = false;
				PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS,
						prefix + " has no remote IKE port per tunnel: the peer's port " + peer.getRemote().getPort()
								+ " cannot be written (FortiOS sends to 500, then 4500 after NAT detection)",
						PolicyConstraints.at(peer.getRemote(), PolicyPackage.Literals.ENDPOINT__PORT),
						PolicyConstraints.UNSUPPORTED_BY_TARGET);
			}
			ok &= notWidened(peer.getIkeProposals(), prefix, "phase1", "IKE proposals of peer '" + peer.getName() + "'",
					"the peer one IKE proposal", peer, PolicyPackage.Literals.PEER__IKE_PROPOSALS, diagnostics);
			for (ChildSa child : peer.getChildren()) {
				ok &= notWidened(child.getEspProposals(), prefix, "phase2", "ESP proposals of Child SA '" + child.getName() + "'",
						"the Child SA one ESP proposal", child, PolicyPackage.Literals.CHILD_SA__ESP_PROPOSALS, diagnostics);
			}
		}
		return ok;
	}

	/** Reports proposals whose merge into one FortiOS list per transform type widens what is negotiated. */
	private static boolean notWidened(List<Proposal> proposals, String prefix, String phase, String whose, String fix,
			org.eclipse.emf.ecore.EObject anchor, Object feature, DiagnosticChain diagnostics) {
		String widened = widening(proposals);
		if (widened == null) {
			return true;
		}
		PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS,
				prefix + " keeps one list per transform type for a " + phase + ": merging the " + whose
						+ " would also accept " + widened + ", which no proposal allows: give " + fix + " for this target",
				PolicyConstraints.at(anchor, feature), PolicyConstraints.UNSUPPORTED_BY_TARGET);
		return false;
	}

	/**
	 * The dimensions FortiOS lists separately: the cipher pairs of a proposal (encryption with PRF
	 * or integrity, which FortiOS writes as pairs), the KE, and each ADDKE round.
	 */
	private static List<Set<String>> dimensions(Proposal p) {
		List<Set<String>> dims = new ArrayList<>();
		Set<String> pairs = new LinkedHashSet<>();
		List<String> enc = names(p, TransformKind.ENCRYPTION, 0);
		List<String> prf = names(p, TransformKind.PRF, 0);
		List<String> integ = names(p, TransformKind.INTEGRITY, 0);
		for (String e : enc) {
			for (String f : prf) {
				for (String i : integ) {
					pairs.add(e + "-" + f + "-" + i);
				}
			}
		}
		dims.add(pairs);
		dims.add(new LinkedHashSet<>(names(p, TransformKind.KE, 0)));
		for (int r = 1; r <= 7; r++) {
			dims.add(new LinkedHashSet<>(names(p, TransformKind.ADDKE, r)));
		}
		return dims;
	}

	/** The alternatives of one line; a missing line is one alternative, "-" (nothing is sent). */
	private static List<String> names(Proposal p, TransformKind kind, int round) {
		for (TransformLine line : p.getTransforms()) {
			if (line.getKind() == kind && (kind != TransformKind.ADDKE || line.getRound() == round)) {
				List<String> out = new ArrayList<>();
				for (Payload.Transform t : Transforms.resolved(line)) {
					out.add(t.transformType().value() + ":" + t.id() + (t.keyLength() > 0 ? "/" + t.keyLength() : ""));
				}
				return out.isEmpty() ? List.of("-") : out;
			}
		}
		return List.of("-");
	}

	/**
	 * Null when the merged lists accept exactly what the proposals together accept; otherwise a
	 * description of one combination the merge adds.
	 */
	static String widening(List<Proposal> proposals) {
		List<Proposal> real = proposals.stream().filter(p -> !p.eIsProxy()).toList();
		if (real.size() < 2) {
			return null;
		}
		List<List<Set<String>>> each = real.stream().map(FortiOsConstraints::dimensions).toList();
		int n = each.get(0).size();
		List<List<String>> merged = new ArrayList<>();
		long combinations = 1;
		for (int d = 0; d < n; d++) {
			Set<String> union = new LinkedHashSet<>();
			for (List<Set<String>> dims : each) {
				union.addAll(dims.get(d));
			}
			merged.add(new ArrayList<>(union));
			combinations *= union.size();
		}
		if (combinations > MAX_COMBINATIONS) {
			return "more combinations than can be checked (" + combinations + ")";
		}
		String[] tuple = new String[n];
		return firstUncovered(merged, each, tuple, 0);
	}

	private static String firstUncovered(List<List<String>> merged, List<List<Set<String>>> each, String[] tuple, int d) {
		if (d == merged.size()) {
			for (List<Set<String>> dims : each) {
				boolean inside = true;
				for (int i = 0; i < tuple.length && inside; i++) {
					inside = dims.get(i).contains(tuple[i]);
				}
				if (inside) {
					return null;
				}
			}
			return describe(tuple);
		}
		for (String value : merged.get(d)) {
			tuple[d] = value;
			String found = firstUncovered(merged, each, tuple, d + 1);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private static String describe(String[] tuple) {
		List<String> parts = new ArrayList<>();
		for (int i = 1; i < tuple.length; i++) {
			String v = tuple[i];
			String label = i == 1 ? "KE" : "ADDKE" + (i - 1);
			if (v.equals("-")) {
				if (i == 1) {
					parts.add("no KE");
				}
				continue;
			}
			String[] typeAndId = v.split(":");
			int id = Integer.parseInt(typeAndId[1].split("/")[0]);
			parts.add(label + " " + org.ikewb.protocol.KeyExchangeMethod.of(id).ianaName());
		}
		return String.join(" + ", parts);
	}
}
