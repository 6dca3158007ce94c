package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.ikewb.model.negotiation.Behaviour;
import org.ikewb.model.negotiation.Counterparts;
import org.ikewb.model.negotiation.NegotiationSimulator;
import org.ikewb.model.negotiation.PolicyParties;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.util.PolicyValidator;

/**
 * Whether an initiating peer and the responders of the same file that are meant for it would agree,
 * as the negotiation simulator predicts it: the finding the architect sees while typing, before any
 * device is touched. Responders are found through an index of their local identities built once per
 * validation run, so that fleet-size files are not walked once per peer.
 */
public final class NegotiationConstraints {

	public static final String COUNTERPART_DISAGREES = "counterpart-disagrees";

	private NegotiationConstraints() {
	}

	public static boolean agreesWithItsCounterparts(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		if (peer.getRole() == PeerRole.RESPONDER || peer.getIkeProposals().isEmpty()
				|| peer.getIkeProposals().stream().anyMatch(EObject::eIsProxy)) {
			return true;
		}
		boolean ok = true;
		for (Peer responder : responders(peer, context)) {
			if (!Counterparts.addressEachOther(peer, responder) || responder.getIkeProposals().isEmpty()
					|| responder.getIkeProposals().stream().anyMatch(EObject::eIsProxy)) {
				continue;
			}
			Prediction p = NegotiationSimulator.predict(PolicyParties.party(peer, behaviour(peer)),
					PolicyParties.party(responder, behaviour(responder)));
			if (p.agreed()) {
				continue;
			}
			ok = false;
			Behaviour answering = p.responder().behaviour();
			PolicyConstraints.add(diagnostics, Diagnostic.WARNING, PolicyValidator.PEER__AGREES_WITH_ITS_COUNTERPARTS,
					"Peer '" + peer.getName() + "' and its counterpart '" + responder.getName() + "'"
							+ (responder.eContainer() instanceof Policy other && other != peer.eContainer()
									? " (policy '" + other.getName() + "')" : "")
							+ " would not agree (" + answering.product() + " answering): "
							+ (p.failure().ikeUp() ? "the IKE SA comes up, but " : "") + p.failure().error().ianaName()
							+ " in " + p.failure().exchange() + " — " + p.failure().reason()
							+ " (see: ikewb negotiate FILE --peer " + peer.getName() + " --with FILE --peer "
							+ responder.getName() + ")",
					PolicyConstraints.at(peer, PolicyPackage.Literals.PEER__NAME), COUNTERPART_DISAGREES);
		}
		return ok;
	}

	static Behaviour behaviour(Peer peer) {
		return PolicyParties.behaviour(peer);
	}

	/** The index's key in a validation context: one per resource. */
	private record ResponderIndex(Resource resource) {
	}

	/** Responders of the peer's file whose local identity is what it asks for, plus those without one. */
	@SuppressWarnings("unchecked")
	private static List<Peer> responders(Peer peer, Map<Object, Object> context) {
		Resource resource = peer.eResource();
		if (resource == null) {
			return List.of();
		}
		Map<String, List<Peer>> index = context == null ? index(resource)
				: (Map<String, List<Peer>>) context.computeIfAbsent(new ResponderIndex(resource), k -> index(resource));
		String wanted = key(peer.getRemote());
		List<Peer> out = new ArrayList<>(index.getOrDefault("", List.of()));
		if (wanted != null) {
			out.addAll(index.getOrDefault(wanted, List.of()));
		} else {
			index.values().forEach(out::addAll); // the initiator names nobody: every responder is a candidate
		}
		out.remove(peer);
		return out.stream().distinct().toList();
	}

	/** Responding peers by local identity ("" without one). */
	private static Map<String, List<Peer>> index(Resource resource) {
		Map<String, List<Peer>> index = new HashMap<>();
		for (var it = resource.getAllContents(); it.hasNext();) {
			EObject o = it.next();
			if (o instanceof Peer p) {
				if (p.getRole() != PeerRole.INITIATOR) {
					String key = key(p.getLocal());
					index.computeIfAbsent(key == null ? "" : key, k -> new ArrayList<>()).add(p);
				}
				it.prune();
			}
		}
		return index;
	}

	private static String key(Endpoint e) {
		Identity id = e == null ? null : e.getIdentity();
		return id == null || id.getValue() == null ? null
				: id.getType() + ":" + id.getValue().toLowerCase(java.util.Locale.ROOT);
	}
}
