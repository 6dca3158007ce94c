package org.ikewb.model.validation;

import static org.ikewb.model.validation.PolicyConstraints.add;
import static org.ikewb.model.validation.PolicyConstraints.at;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.PostQuantumKey;
import org.ikewb.model.policy.util.PolicyValidator;

/**
 * Rules of RFC 8784 post-quantum preshared keys: each PPK can be read, is long enough to be worth
 * it, has an identity of its own; and where a file describes both ends of a connection, a PPK one
 * end requires is one the other end has.
 */
public final class PpkConstraints {

	public static final String PPK_TOO_SHORT = "ppk-too-short";
	public static final String PPK_ID = "ppk-id";
	public static final String PPK_MISMATCH = "ppk-mismatch";

	/** RFC 8784 §3: "the PPK ... SHOULD have at least 256 bits of entropy". */
	public static final int MIN_BITS = 256;

	private PpkConstraints() {
	}

	public static boolean hasUsablePpks(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		Set<String> seen = new HashSet<>();
		for (PostQuantumKey ppk : peer.getPpks()) {
			String id = ppk.getId();
			if (id == null || id.isEmpty() || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_USABLE_PPKS, "PPK identity '"
						+ Printable.of(String.valueOf(id)) + "' cannot be configured on every peer: use printable ASCII without "
						+ "spaces (Libreswan reads spaces as separators; strongSwan and FortiOS take one word)",
						at(ppk, PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PPK_ID);
				ok = false;
			} else if (!seen.add(id)) {
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_USABLE_PPKS, "Peer '" + peer.getName()
						+ "' names PPK '" + id + "' twice: a responder could not tell which value the initiator used",
						at(ppk, PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PPK_ID);
				ok = false;
			}
			ok &= PeerConstraints.secret(ppk.getSecret(), "PPK '" + id + "'", context, diagnostics);
			Integer bits = bits(ppk, context);
			if (bits != null && bits < MIN_BITS) {
				add(diagnostics, Diagnostic.WARNING, PolicyValidator.PEER__HAS_USABLE_PPKS, "PPK '" + id + "' has "
						+ bits + " bits; RFC 8784 asks for at least " + MIN_BITS
						+ " bits of entropy (e.g. 'openssl rand -hex 32', written as 0x followed by the hex digits)",
						at(ppk, PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PPK_TOO_SHORT);
			}
		}
		return ok;
	}

	/**
	 * The counterparts of {@code peer} in its file (the peers whose local identity is this one's
	 * remote identity and the other way round): a PPK required on one end must be one the other end
	 * has — the initiator offers its first PPK, and a responder without it refuses (or, when no
	 * side requires one, both go on without a PPK: a warning, the policy asked for one).
	 */
	public static boolean agreesOnPpksWithItsCounterpart(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		if (peer.getPpks().isEmpty()) {
			return true; // what this side lacks, the counterpart's own check reports
		}
		for (Peer other : counterparts(peer, context)) {
			String them = "its counterpart '" + other.getName() + "'" + where(other);
			if (peer.isPpkRequired() && other.getPpks().isEmpty() && !peer.getPpks().isEmpty()) {
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__AGREES_ON_PPKS_WITH_ITS_COUNTERPART, "Peer '"
						+ peer.getName() + "' requires a PPK, but " + them + " has none: the IKE SA would be refused",
						at(peer.getPpks().get(0), PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PPK_MISMATCH);
				ok = false;
				continue;
			}
			if (peer.getRole() == PeerRole.RESPONDER || other.getRole() == PeerRole.INITIATOR || peer.getPpks().isEmpty()
					|| other.getPpks().isEmpty()) {
				continue; // this side never offers, or there is nothing to compare
			}
			String offered = peer.getPpks().get(0).getId();
			if (other.getPpks().stream().noneMatch(p -> Objects.equals(p.getId(), offered))) {
				boolean required = peer.isPpkRequired() || other.isPpkRequired();
				add(diagnostics, required ? Diagnostic.ERROR : Diagnostic.WARNING,
						PolicyValidator.PEER__AGREES_ON_PPKS_WITH_ITS_COUNTERPART, "Peer '" + peer.getName() + "' offers PPK '"
								+ offered + "' (its first), which " + them + " does not have: "
								+ (required ? "a PPK is required, so the IKE SA would be refused"
										: "both would go on without a PPK (NO_PPK_AUTH)"),
						at(peer.getPpks().get(0), PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PPK_MISMATCH);
				ok &= !required;
			}
		}
		return ok;
	}

	private static String where(Peer other) {
		return other.eContainer() instanceof org.ikewb.model.policy.Policy p ? " (policy '" + p.getName() + "')" : "";
	}

	/**
	 * The peers of the same file whose identities mirror {@code peer}'s. The file's peers are indexed
	 * by their pair of identities once per validation run (in {@code context}), so that a fleet of
	 * thousands of peers is not walked once per peer.
	 */
	@SuppressWarnings("unchecked")
	private static List<Peer> counterparts(Peer peer, Map<Object, Object> context) {
		org.eclipse.emf.ecore.resource.Resource resource = peer.eResource();
		String mine = key(peer.getLocal());
		String theirs = key(peer.getRemote());
		if (resource == null || mine == null || theirs == null) {
			return List.of();
		}
		Map<String, List<Peer>> index = context == null ? index(resource)
				: (Map<String, List<Peer>>) context.computeIfAbsent(new IdentityIndex(resource), k -> index(resource));
		List<Peer> out = new ArrayList<>(index.getOrDefault(theirs + '\0' + mine, List.of()));
		out.remove(peer);
		return out;
	}

	/** The key of the identity-pair index of one resource in a validation context. */
	private record IdentityIndex(org.eclipse.emf.ecore.resource.Resource resource) {
	}

	/** Peers by local identity, NUL, remote identity. */
	private static Map<String, List<Peer>> index(org.eclipse.emf.ecore.resource.Resource resource) {
		Map<String, List<Peer>> index = new java.util.HashMap<>();
		for (var it = resource.getAllContents(); it.hasNext();) {
			EObject o = it.next();
			if (o instanceof Peer p) {
				String local = key(p.getLocal());
				String remote = key(p.getRemote());
				if (local != null && remote != null) {
					index.computeIfAbsent(local + '\0' + remote, k -> new ArrayList<>()).add(p);
				}
				it.prune(); // nothing inside a peer is a peer
			}
		}
		return index;
	}

	/** An endpoint's identity as type and value, or null without one. */
	private static String key(Endpoint e) {
		Identity id = e == null ? null : e.getIdentity();
		return id == null || id.getValue() == null ? null : id.getType() + ":" + id.getValue();
	}

	/** The PPK's length in bits when its value can be read here; null when it cannot (another finding says so). */
	private static Integer bits(PostQuantumKey ppk, Map<Object, Object> context) {
		byte[] value = value(PeerConstraints.secretText(ppk.getSecret(), context));
		return value == null ? null : value.length * 8;
	}

	/**
	 * A PPK as strongSwan and Libreswan write secrets: {@code 0x} and hex digits, or the text itself
	 * (its UTF-8 octets); null when there is nothing, or {@code 0x} is followed by no valid hex.
	 */
	public static byte[] value(String text) {
		String t = text == null ? "" : text.strip();
		if (t.isEmpty()) {
			return null;
		}
		if (t.startsWith("0x") || t.startsWith("0X")) {
			String hex = t.substring(2);
			if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+")) {
				return null;
			}
			return java.util.HexFormat.of().parseHex(hex);
		}
		return t.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What a target cannot write: Check Point's management API has no PPK and no childless setting;
	 * FortiOS holds one PPK identity per phase1-interface; Libreswan's ipsec.conf cannot start an IKE
	 * SA without a Child SA (as responder it accepts one). Part of the target check generators run.
	 */
	public static boolean fitsTarget(org.ikewb.model.policy.Policy policy, org.ikewb.model.targets.TargetProfile profile,
			DiagnosticChain diagnostics) {
		boolean ok = true;
		String target = "Target " + profile.target().getLiteral() + ": ";
		for (Peer peer : policy.getPeers()) {
			if (!peer.getPpks().isEmpty()) {
				String why = switch (profile.target()) {
				case CHECKPOINT -> profile.displayName() + "'s management API (check_point.mgmt) has no post-quantum "
						+ "preshared key setting: configure the PPK on the gateway by hand, or drop the target";
				case FORTIOS -> peer.getPpks().size() > 1 ? profile.displayName()
						+ " takes one ppk-identity per phase1-interface: keep one PPK for peer '" + peer.getName() + "'" : null;
				default -> null;
				};
				if (why != null) {
					ok = false;
					PostQuantumKey at = peer.getPpks().get(profile.target() == org.ikewb.model.policy.Target.FORTIOS ? 1 : 0);
					add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS, target + why,
							at(at, PolicyPackage.Literals.POST_QUANTUM_KEY__ID), PolicyConstraints.UNSUPPORTED_BY_TARGET);
				}
			}
			if (peer.isChildless() && peer.getRole() != PeerRole.RESPONDER) {
				String why = switch (profile.target()) {
				case LIBRESWAN -> profile.displayName() + "'s ipsec.conf has no setting to start an IKE SA without a Child SA"
						+ " (as responder it accepts one): make peer '" + peer.getName() + "' a responder, or drop 'childless'";
				case CHECKPOINT -> profile.displayName() + "'s management API has no childless IKE SA setting";
				default -> null;
				};
				if (why != null) {
					ok = false;
					add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY__FITS_TARGETS, target + why,
							at(peer, PolicyPackage.Literals.PEER__CHILDLESS), PolicyConstraints.UNSUPPORTED_BY_TARGET);
				}
			}
		}
		return ok;
	}
}
