package org.ikewb.model.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.Addresses;
import org.ikewb.model.validation.Transforms;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.TsType;

/**
 * A policy's peers as the wire sees them: proposals numbered and in type order, traffic selectors,
 * identities. The one translation behind the engine's launch bridge and the negotiation simulator,
 * so that what is predicted is what is run.
 */
public final class PolicyParties {

	private PolicyParties() {
	}

	/** A peer as one side of a predicted negotiation. */
	public static Party party(Peer peer, Behaviour behaviour) {
		String policy = peer.eContainer() instanceof org.ikewb.model.policy.Policy p ? p.getName() + "/" : "";
		ChildSa child = peer.getChildren().isEmpty() || peer.isChildless() ? null : peer.getChildren().get(0);
		// as the launch bridge runs it: a peer without a child still creates one (default ESP, any to any)
		// unless it is childless (RFC 6023)
		List<Payload.Proposal> esp = peer.isChildless() ? List.of()
				: child == null || child.getEspProposals().isEmpty() ? List.of(defaultEsp())
						: proposals(child.getEspProposals(), ProtocolId.ESP);
		Endpoint local = peer.getLocal();
		Endpoint remote = peer.getRemote();
		Payload.Id id = local == null || local.getIdentity() == null ? null : id(local.getIdentity());
		return new Party(policy + peer.getName(), behaviour, proposals(peer.getIkeProposals(), ProtocolId.IKE), esp,
				peer.getRekeyIkeProposals().isEmpty() ? null : proposals(peer.getRekeyIkeProposals(), ProtocolId.IKE),
				child == null || child.getRekeyEspProposals().isEmpty() ? null
						: proposals(child.getRekeyEspProposals(), ProtocolId.ESP),
				true, peer.isFragmentation() ? 1280 : 65000, id,
				remote == null || remote.getIdentity() == null || remote.getIdentity().getValue() == null
						|| remote.getIdentity().getValue().contains("*") ? null : id(remote.getIdentity()),
				child == null ? List.of() : selectors(child.getLocalSelectors(), local),
				child == null ? List.of() : selectors(child.getRemoteSelectors(), remote));
	}

	/** The selection rules a peer follows: its policy's only target, else the workbench's own. */
	public static Behaviour behaviour(Peer peer) {
		List<org.ikewb.model.policy.Target> targets = peer.eContainer() instanceof org.ikewb.model.policy.Policy policy
				? policy.getTargets() : List.of();
		if (targets.size() != 1) {
			return Behaviour.OURS;
		}
		return switch (targets.get(0)) {
		case STRONGSWAN -> Behaviour.STRONGSWAN;
		case LIBRESWAN -> Behaviour.LIBRESWAN;
		case FORTIOS -> Behaviour.FORTIOS;
		case CHECKPOINT -> Behaviour.CHECKPOINT;
		default -> Behaviour.OURS;
		};
	}

	/** What the engine offers for a Child SA without ESP proposals: AES-256-GCM-16, no ESN. */
	public static Payload.Proposal defaultEsp() {
		return new Payload.Proposal(1, ProtocolId.ESP, Octets.EMPTY,
				List.of(new Payload.Transform(TransformType.ENCR, 20, List.of(Payload.Attribute.keyLength(256))),
						Payload.Transform.of(TransformType.ESN, 0)));
	}

	/** Proposals numbered 1..n, transforms in type order, as {@code Transforms} resolves them. */
	public static List<Payload.Proposal> proposals(List<Proposal> proposals, ProtocolId protocol) {
		List<Payload.Proposal> out = new ArrayList<>();
		for (Proposal p : proposals) {
			if (p == null || p.eIsProxy()) {
				continue; // an unresolved reference: the validator reports it
			}
			out.add(proposal(p, protocol, out.size() + 1));
		}
		return out;
	}

	public static Payload.Proposal proposal(Proposal p, ProtocolId protocol, int number) {
		List<Payload.Transform> transforms = new ArrayList<>();
		for (TransformKind kind : new TransformKind[] { TransformKind.ENCRYPTION, TransformKind.PRF, TransformKind.INTEGRITY,
				TransformKind.KE }) {
			for (TransformLine line : p.getTransforms()) {
				if (line.getKind() == kind) {
					transforms.addAll(Transforms.resolved(line));
				}
			}
		}
		if (p.getProtocol() == ProposalProtocol.ESP) {
			transforms.add(Payload.Transform.of(TransformType.ESN, 0));
		}
		for (int round = 1; round <= 7; round++) {
			for (TransformLine line : p.getTransforms()) {
				if (line.getKind() == TransformKind.ADDKE && line.getRound() == round) {
					transforms.addAll(Transforms.resolved(line));
				}
			}
		}
		return new Payload.Proposal(number, protocol, Octets.EMPTY, transforms);
	}

	/** Traffic selectors as the TS payload carries them; dynamic means the endpoint's own address. */
	public static List<Payload.TrafficSelector> selectors(List<TrafficSelector> selectors, Endpoint endpoint) {
		List<Payload.TrafficSelector> out = new ArrayList<>();
		for (TrafficSelector ts : selectors) {
			String prefix = ts.getPrefix();
			if ("dynamic".equals(prefix)) {
				prefix = endpoint != null && endpoint.getAddress() != null && Addresses.isAddress(endpoint.getAddress())
						? endpoint.getAddress() : "0.0.0.0/0";
			}
			Optional<Addresses.Prefix> p = Addresses.parsePrefix(prefix);
			if (p.isEmpty()) {
				continue; // the validator reports it; nothing to run with
			}
			byte[] start = p.get().octets().clone();
			byte[] end = p.get().octets().clone();
			for (int bit = p.get().length(); bit < start.length * 8; bit++) {
				start[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
				end[bit / 8] |= (byte) (0x80 >>> (bit % 8));
			}
			int low = 0;
			int high = 65535;
			if (ts.getPorts() != null) {
				String[] range = ts.getPorts().split("-");
				low = Integer.parseInt(range[0]);
				high = Integer.parseInt(range[range.length - 1]);
			}
			out.add(new Payload.TrafficSelector(p.get().ipv6() ? TsType.IPV6_ADDR_RANGE : TsType.IPV4_ADDR_RANGE,
					protocolNumber(ts.getProtocol()), low, high, Octets.of(start), Octets.of(end)));
		}
		return out.isEmpty() ? List.of(anyIpv4()) : out;
	}

	/** 0.0.0.0-255.255.255.255, any protocol and port. */
	public static Payload.TrafficSelector anyIpv4() {
		return new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, Octets.of(new byte[4]),
				Octets.of(new byte[] { (byte) 255, (byte) 255, (byte) 255, (byte) 255 }));
	}

	static int protocolNumber(String protocol) {
		return protocol == null ? 0 : org.ikewb.protocol.IpProtocol.number(protocol).orElse(0);
	}

	/**
	 * The ID payload of a policy identity, for sizes: exact for FQDN, e-mail, address and key ID; a
	 * distinguished name counts its text (its DER form, which the launch bridge builds, is a few
	 * octets per RDN longer).
	 */
	static Payload.Id id(Identity id) {
		String v = id.getValue() == null ? "" : id.getValue();
		return switch (id.getType()) {
		case FQDN -> new Payload.Id(PayloadType.IDI, IdType.FQDN, Octets.of(v.getBytes(StandardCharsets.US_ASCII)));
		case EMAIL -> new Payload.Id(PayloadType.IDI, IdType.RFC822_ADDR, Octets.of(v.getBytes(StandardCharsets.US_ASCII)));
		case ADDRESS -> {
			byte[] octets = Addresses.parsePrefix(v).map(Addresses.Prefix::octets).orElse(new byte[4]);
			yield new Payload.Id(PayloadType.IDI, octets.length == 16 ? IdType.IPV6_ADDR : IdType.IPV4_ADDR, Octets.of(octets));
		}
		case DN -> new Payload.Id(PayloadType.IDI, IdType.DER_ASN1_DN, Octets.of(v.getBytes(StandardCharsets.UTF_8)));
		case KEYID -> new Payload.Id(PayloadType.IDI, IdType.KEY_ID, Octets.of(v.matches("([0-9a-fA-F]{2})+")
				? HexFormat.of().parseHex(v) : v.getBytes(StandardCharsets.UTF_8)));
		};
	}
}
