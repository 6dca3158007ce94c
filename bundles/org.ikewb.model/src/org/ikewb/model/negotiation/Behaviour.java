package org.ikewb.model.negotiation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.TransformType;

/**
 * How one implementation offers and chooses proposals: which key exchange an initiator sends
 * first, how it re-offers after INVALID_KE_PAYLOAD, and how a responder picks a proposal and one
 * transform of each type (RFC 7296 §2.7 leaves the preference to the responder; RFC 9370 §2.2.2
 * forbids a method twice across KE and ADDKE rounds). Each constant names where its rules come
 * from: our own selector, the source of strongSwan and Libreswan (checked against the running
 * daemons by the interop suite), or a vendor's documentation (not measured).
 */
public enum Behaviour {

	/**
	 * This workbench's engine ({@link ProposalSelector}): the initiator's order of proposals and of
	 * transforms; ADDKE rounds by bipartite matching, so a duplicate-free choice is found whenever one
	 * exists. The initiator sends the first KE of its first proposal and re-offers unchanged.
	 */
	OURS("ours", "IKEv2 Workbench engine", Basis.IMPLEMENTED,
			"org.ikewb.protocol.ProposalSelector: initiator's preference, exact RFC 9370 matching"),

	/**
	 * strongSwan 6.1 with its default {@code prefer_configured_proposals = yes}
	 * (libstrongswan proposal.c, charon ike_init.c and child_create.c): the responder walks its own
	 * configured proposals and, for each, the received ones; the first pair that matches wins and
	 * carries the received proposal's number. Per transform type (ENCR, INTEG, PRF, KE, ESN,
	 * ADDKE1..7 in that order) its own order is preferred; a KE method taken by an earlier round is
	 * skipped in later ones, in one pass (no backtracking). A round missing on one side matches only
	 * when the other side allows NONE. The responder answers INVALID_KE_PAYLOAD naming the selected
	 * proposal's KE whenever the KE payload differs from it, even if the sent method was acceptable.
	 * The initiator sends the first KE method of its first proposal; after INVALID_KE_PAYLOAD it moves
	 * the requested method to the front of every proposal holding it and the others to the back.
	 */
	STRONGSWAN("strongswan", "strongSwan 6.1", Basis.SOURCE_AND_MEASURED,
			"strongSwan 6.1 source (proposal_select, select_algos, ike_init); compared with charon by the interop suite"),

	/**
	 * Libreswan 5.2 (pluto ikev2_proposals.c, ikev2_parent.c): the responder looks for the best (first)
	 * of its own proposals that any received proposal matches completely; within it, per type, the
	 * earliest of its own transforms that the received proposal holds; KE methods already matched are
	 * skipped without backtracking; a type it lists with NONE is optional. INVALID_KE_PAYLOAD names the
	 * selected proposal's KE when the KE payload differs. The initiator sends the first KE of its first
	 * proposal and re-offers the same proposals with the requested method.
	 */
	LIBRESWAN("libreswan", "Libreswan 5.2", Basis.SOURCE_AND_MEASURED,
			"Libreswan 5.2 source (process_transforms, v2_accept_ke_for_proposal); compared with pluto by the interop suite"),

	/**
	 * FortiOS 7.6 as Fortinet documents it ("the initiator always begins by using the first group in the
	 * list … the order they appear in the configuration is the order in which they are negotiated",
	 * FortiOS 5.2.1 release notes, unchanged since): the FortiGate's own order of groups and proposals
	 * decides, as a responder too; rounds taken in one pass. Documented, not measured.
	 */
	FORTIOS("fortios", "FortiOS 7.6", Basis.DOCUMENTED,
			"Fortinet documentation (DH group priority: own configured order); not measured"),

	/**
	 * Check Point R82: its documentation says nothing about the order its responder prefers. This
	 * strategy assumes the initiator's order (the common reading of RFC 7296 §2.7) with ADDKE rounds
	 * taken in one pass. Assumed, not measured.
	 */
	CHECKPOINT("checkpoint", "Check Point R82", Basis.DOCUMENTED,
			"documentation silent on order: initiator's preference assumed, one pass; not measured");

	/** Where a behaviour's rules come from. */
	public enum Basis {
		/** our own code */
		IMPLEMENTED,
		/** read from the implementation's source and compared with the running daemon */
		SOURCE_AND_MEASURED,
		/** from the vendor's documentation (or its silence); never run */
		DOCUMENTED
	}

	private final String keyword;
	private final String product;
	private final Basis basis;
	private final String source;

	Behaviour(String keyword, String product, Basis basis, String source) {
		this.keyword = keyword;
		this.product = product;
		this.basis = basis;
		this.source = source;
	}

	public String keyword() {
		return keyword;
	}

	public String product() {
		return product;
	}

	public Basis basis() {
		return basis;
	}

	public String source() {
		return source;
	}

	/** What the implementation can negotiate at all (the validator's target profile). */
	public org.ikewb.model.targets.TargetProfile profile() {
		return switch (this) {
		case OURS -> org.ikewb.model.targets.TargetProfile.IKEWB;
		case STRONGSWAN -> org.ikewb.model.targets.TargetProfile.STRONGSWAN;
		case LIBRESWAN -> org.ikewb.model.targets.TargetProfile.LIBRESWAN;
		case FORTIOS -> org.ikewb.model.targets.TargetProfile.FORTIOS;
		case CHECKPOINT -> org.ikewb.model.targets.TargetProfile.CHECKPOINT;
		};
	}

	public static Optional<Behaviour> byKeyword(String name) {
		String n = name.toLowerCase(Locale.ROOT).replace("-", "");
		for (Behaviour b : values()) {
			if (b.keyword.equals(n) || b.name().toLowerCase(Locale.ROOT).equals(n)) {
				return Optional.of(b);
			}
		}
		return switch (n) {
		case "charon", "swanctl" -> Optional.of(STRONGSWAN);
		case "pluto" -> Optional.of(LIBRESWAN);
		case "ikewb", "engine" -> Optional.of(OURS);
		case "fortigate" -> Optional.of(FORTIOS);
		default -> Optional.empty();
		};
	}

	/** What a responder selects: the proposal it answers with (transforms in type order), or null. */
	public Payload.Proposal select(List<Payload.Proposal> offered, List<Payload.Proposal> configured, boolean ignoreKe) {
		List<Payload.Proposal> o = ignoreKe ? withoutKe(offered) : offered;
		List<Payload.Proposal> c = ignoreKe ? withoutKe(configured) : configured;
		Payload.Proposal chosen = switch (this) {
		case OURS -> ProposalSelector.select(o, c).chosen();
		case STRONGSWAN, FORTIOS -> preferConfigured(o, c);
		case LIBRESWAN -> bestLocal(o, c);
		case CHECKPOINT -> preferOffered(o, c);
		};
		return chosen == null ? null : sorted(chosen);
	}

	/** The KE method an initiator sends first: the first one of its first proposal that has one (all five agree). */
	public int firstKe(List<Payload.Proposal> own) {
		for (Payload.Proposal p : own) {
			List<Payload.Transform> ke = p.transformsOf(TransformType.KE);
			for (Payload.Transform t : ke) {
				if (t.id() != 0) {
					return t.id();
				}
			}
		}
		return 0;
	}

	/** The proposals an initiator sends with a KE payload of {@code method}. */
	public List<Payload.Proposal> offer(List<Payload.Proposal> own, int method) {
		if (this != STRONGSWAN) {
			return own;
		}
		// ike_init.c: the method moves to the front of each proposal holding it; proposals without it go last
		List<Payload.Proposal> with = new ArrayList<>();
		List<Payload.Proposal> without = new ArrayList<>();
		for (Payload.Proposal p : own) {
			Optional<Payload.Transform> hit = p.transformsOf(TransformType.KE).stream().filter(t -> t.id() == method)
					.findFirst();
			if (hit.isEmpty()) {
				without.add(p);
				continue;
			}
			List<Payload.Transform> ts = new ArrayList<>();
			boolean placed = false;
			for (Payload.Transform t : p.transforms()) {
				if (t.transformType().equals(TransformType.KE)) {
					if (!placed) {
						ts.add(hit.get());
						placed = true;
					}
					if (t.id() != method) {
						ts.add(t);
					}
				} else {
					ts.add(t);
				}
			}
			with.add(new Payload.Proposal(p.number(), p.protocol(), p.spi(), ts));
		}
		with.addAll(without);
		return List.copyOf(with);
	}

	// ------------------------------------------------------------------ strongSwan and FortiOS

	/** Transform types in the order strongSwan's select_algos walks them (INTEG before PRF). */
	private static final List<TransformType> SWAN_ORDER = List.of(TransformType.ENCR, TransformType.INTEG,
			TransformType.PRF, TransformType.KE, TransformType.ESN, TransformType.ADDKE1, TransformType.ADDKE2,
			TransformType.ADDKE3, TransformType.ADDKE4, TransformType.ADDKE5, TransformType.ADDKE6, TransformType.ADDKE7);

	private static Payload.Proposal preferConfigured(List<Payload.Proposal> offered, List<Payload.Proposal> configured) {
		for (Payload.Proposal mine : configured) {
			for (Payload.Proposal theirs : offered) {
				if (!mine.protocol().equals(theirs.protocol())) {
					continue;
				}
				List<Payload.Transform> picks = onePass(mine, theirs);
				if (picks != null) {
					return new Payload.Proposal(theirs.number(), theirs.protocol(), theirs.spi(), picks);
				}
			}
		}
		return null;
	}

	private static Payload.Proposal preferOffered(List<Payload.Proposal> offered, List<Payload.Proposal> configured) {
		for (Payload.Proposal theirs : offered) {
			for (Payload.Proposal mine : configured) {
				if (!mine.protocol().equals(theirs.protocol())) {
					continue;
				}
				List<Payload.Transform> picks = onePass(theirs, mine);
				if (picks != null) {
					return new Payload.Proposal(theirs.number(), theirs.protocol(), theirs.spi(), picks);
				}
			}
		}
		return null;
	}

	/**
	 * One transform per type in one pass, {@code preferred}'s order first (strongSwan's select_algos);
	 * null when a type has no match.
	 */
	private static List<Payload.Transform> onePass(Payload.Proposal preferred, Payload.Proposal other) {
		boolean esp = !preferred.protocol().equals(org.ikewb.protocol.ProtocolId.IKE);
		Set<Integer> methods = new HashSet<>();
		List<Payload.Transform> picks = new ArrayList<>();
		boolean skipIntegrity = false;
		for (TransformType type : SWAN_ORDER) {
			List<Payload.Transform> first = preferred.transformsOf(type);
			List<Payload.Transform> second = other.transformsOf(type);
			if (type.equals(TransformType.INTEG) && skipIntegrity) {
				continue;
			}
			boolean ke = type.carriesKeyExchange();
			boolean optional = ke && (esp || !type.equals(TransformType.KE));
			Payload.Transform pick = null;
			boolean found = false;
			if (first.isEmpty()) {
				found = second.isEmpty() || optional && second.stream().anyMatch(t -> t.id() == 0);
			} else if (second.isEmpty()) {
				found = optional && first.stream().anyMatch(t -> t.id() == 0);
			}
			for (int i = 0; !found && i < first.size(); i++) {
				Payload.Transform a = first.get(i);
				if (ke && methods.contains(a.id())) {
					continue;
				}
				if (second.contains(a)) {
					pick = a;
					found = true;
				}
			}
			if (!found) {
				return null;
			}
			if (pick == null || pick.id() == 0 && !type.equals(TransformType.ESN)) {
				continue; // NONE (or a type neither side has) is left out of the answer
			}
			picks.add(pick);
			if (ke) {
				methods.add(pick.id());
			}
			if (type.equals(TransformType.ENCR) && EncryptionAlgorithm.of(pick.id()).aead()) {
				skipIntegrity = true;
			}
		}
		return picks;
	}

	// ------------------------------------------------------------------ Libreswan

	private static Payload.Proposal bestLocal(List<Payload.Proposal> offered, List<Payload.Proposal> configured) {
		int bound = configured.size();
		Payload.Proposal best = null;
		for (Payload.Proposal remote : offered) {
			for (int l = 0; l < bound; l++) {
				Payload.Proposal local = configured.get(l);
				if (!local.protocol().equals(remote.protocol())) {
					continue;
				}
				List<Payload.Transform> picks = localPreference(local, remote);
				if (picks != null) {
					bound = l;
					best = new Payload.Proposal(remote.number(), remote.protocol(), remote.spi(), picks);
					break;
				}
			}
		}
		return best;
	}

	/**
	 * pluto's process_transforms for one local proposal: the remote transforms in wire order, each
	 * improving its type's match to an earlier local transform; KE methods already matched are skipped.
	 */
	private static List<Payload.Transform> localPreference(Payload.Proposal local, Payload.Proposal remote) {
		java.util.Map<TransformType, Integer> match = new java.util.LinkedHashMap<>();
		Set<Integer> methods = new HashSet<>();
		Set<TransformType> proposed = new java.util.LinkedHashSet<>();
		for (Payload.Transform r : remote.transforms()) {
			TransformType type = r.transformType();
			proposed.add(type);
			List<Payload.Transform> mine = local.transformsOf(type);
			int limit = match.getOrDefault(type, mine.size());
			boolean ke = type.carriesKeyExchange();
			for (int i = 0; i < limit; i++) {
				if (!mine.get(i).equals(r)) {
					continue;
				}
				if (ke && r.id() != 0 && methods.contains(r.id())) {
					continue;
				}
				if (ke) {
					Integer old = match.get(type);
					if (old != null) {
						methods.remove(mine.get(old).id());
					}
					methods.add(r.id());
				}
				match.put(type, i);
				break;
			}
		}
		// every proposed type matched, every local type matched unless it lists NONE (optional)
		for (TransformType type : proposed) {
			if (!match.containsKey(type)) {
				return null;
			}
		}
		List<Payload.Transform> picks = new ArrayList<>();
		for (Payload.Transform t : local.transforms()) {
			TransformType type = t.transformType();
			if (picks.stream().anyMatch(p -> p.transformType().equals(type))) {
				continue;
			}
			Integer at = match.get(type);
			if (at == null) {
				boolean optional = (type.carriesKeyExchange() || type.equals(TransformType.INTEG))
						&& local.transformsOf(type).stream().anyMatch(x -> x.id() == 0);
				if (!optional) {
					return null;
				}
				continue; // NONE implied
			}
			Payload.Transform pick = local.transformsOf(type).get(at);
			if (pick.id() != 0 || !type.isAdditionalKeyExchange()) {
				picks.add(pick);
			}
		}
		return picks;
	}

	// ------------------------------------------------------------------ helpers

	/** The proposals without KE and ADDKE transforms (the first Child SA in IKE_AUTH negotiates none). */
	static List<Payload.Proposal> withoutKe(List<Payload.Proposal> proposals) {
		return proposals.stream().map(p -> new Payload.Proposal(p.number(), p.protocol(), p.spi(),
				p.transforms().stream().filter(t -> !t.transformType().carriesKeyExchange()).toList())).toList();
	}

	private static Payload.Proposal sorted(Payload.Proposal p) {
		List<Payload.Transform> ts = new ArrayList<>(p.transforms());
		ts.sort((x, y) -> Integer.compare(x.transformType().value(), y.transformType().value()));
		return new Payload.Proposal(p.number(), p.protocol(), p.spi(), List.copyOf(ts));
	}

	/** The KE method ID a selected proposal carries for {@code type}, 0 for NONE or absent. */
	static int method(Payload.Proposal p, TransformType type) {
		return p.transformsOf(type).stream().mapToInt(Payload.Transform::id).findFirst().orElse(0);
	}

	static String name(int method) {
		return KeyExchangeMethod.of(method).keyword();
	}
}
