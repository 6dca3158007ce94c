package org.ikewb.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bouncycastle.asn1.x500.X500Name;
import org.ikewb.crypto.Certificates;
import org.ikewb.engine.IkeConfig;
import org.ikewb.model.policy.Authentication;
import org.ikewb.model.policy.CertificateAuthentication;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Mode;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.PskAuthentication;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.negotiation.PolicyParties;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.model.validation.Addresses;
import org.ikewb.model.validation.PeerConstraints;
import org.ikewb.model.validation.Transforms;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.TsType;

/**
 * The bridge from a validated policy to the engine: one peer of a policy becomes an
 * {@link IkeConfig} (identities, proposals as they go on the wire, the first Child SA's ESP
 * proposals and traffic selectors, PSK or certificates) plus the addresses to use. The command
 * line and the workbench's launch configurations both run exchanges through this class.
 */
public final class PolicyLaunch {

	private PolicyLaunch() {
	}

	/** A policy element the engine cannot use as written; says which and why. */
	public static final class LaunchException extends Exception {
		private static final long serialVersionUID = 1L;

		public LaunchException(String message) {
			super(message);
		}
	}

	/**
	 * What to run for one peer.
	 *
	 * @param local  where to bind (the policy's local address and port; port 0 when unset)
	 * @param remote where to send (null for a responder whose remote address is any)
	 */
	public record Resolved(String name, PeerRole role, IkeConfig config, InetSocketAddress local,
			InetSocketAddress remote) {
	}

	/** Resolves a peer; reads its secret now (a missing one stops here, with the source named). */
	public static Resolved resolve(Peer peer, SecretResolver secrets) throws LaunchException {
		if (peer.getIkeProposals().isEmpty() || peer.getIkeProposals().stream().anyMatch(p -> p.eIsProxy())) {
			throw new LaunchException("peer '" + peer.getName() + "' has no usable IKE proposal");
		}
		List<Payload.Proposal> ike = proposals(peer.getIkeProposals(), ProtocolId.IKE);
		ChildSa child = peer.getChildren().isEmpty() ? null : peer.getChildren().get(0);
		List<Payload.Proposal> esp = child == null || child.getEspProposals().isEmpty()
				? List.of(PolicyParties.defaultEsp())
				: proposals(child.getEspProposals(), ProtocolId.ESP);
		Endpoint local = peer.getLocal();
		Endpoint remote = peer.getRemote();
		IkeConfig.Identity localId = local == null || local.getIdentity() == null ? null : identity(local.getIdentity());
		IkeConfig.Identity remoteId = remote == null || remote.getIdentity() == null
				|| remote.getIdentity().getValue().contains("*") ? null : identity(remote.getIdentity());
		Authentication auth = peer.getAuthentication();
		Supplier<byte[]> psk = null;
		if (auth instanceof PskAuthentication p) {
			try {
				byte[] key = secrets.read(p.getSecret()).getBytes(StandardCharsets.UTF_8);
				psk = key::clone;
			} catch (SecretResolver.SecretUnavailableException e) {
				throw new LaunchException("peer '" + peer.getName() + "': " + e.getMessage());
			}
		} else if (auth == null) {
			throw new LaunchException("peer '" + peer.getName() + "' has no authentication");
		}
		List<Payload.TrafficSelector> localTs = child == null ? List.of(IkeConfig.anyIpv4())
				: selectors(child.getLocalSelectors(), local);
		List<Payload.TrafficSelector> remoteTs = child == null ? List.of(IkeConfig.anyIpv4())
				: selectors(child.getRemoteSelectors(), remote);
		IkeConfig config = new IkeConfig(localId, remoteId, psk, ike, esp, localTs, remoteTs,
				peer.isFragmentation() ? 1280 : 65000, 500, 5, null, List.of(),
				remote != null && remote.getPort() > 0 && remote.getPort() != 500 ? remote.getPort() : 4500,
				child != null && child.getMode() == Mode.TRANSPORT,
				peer.getRekeyIkeProposals().isEmpty() ? null : proposals(peer.getRekeyIkeProposals(), ProtocolId.IKE),
				child == null || child.getRekeyEspProposals().isEmpty() ? null
						: proposals(child.getRekeyEspProposals(), ProtocolId.ESP),
				null, ppk(peer, secrets), peer.isChildless(), List.of(), null, null, null);
		if (auth instanceof CertificateAuthentication cert) {
			config = withCertificates(peer, cert, config);
		}
		InetSocketAddress bind = socket(local, 0, peer);
		InetSocketAddress to = remote == null || remote.getAddress() == null || "any".equals(remote.getAddress()) ? null
				: socket(remote, 500, peer);
		return new Resolved(peer.getName(), peer.getRole(), config, bind, to);
	}

	/** The peer's RFC 8784 PPKs, read now (0x and hex, or text); null when it has none. */
	private static IkeConfig.Ppk ppk(Peer peer, SecretResolver secrets) throws LaunchException {
		if (peer.getPpks().isEmpty()) {
			return null;
		}
		List<IkeConfig.Ppk.Key> keys = new java.util.ArrayList<>();
		for (org.ikewb.model.policy.PostQuantumKey ppk : peer.getPpks()) {
			byte[] value;
			try {
				value = org.ikewb.model.validation.PpkConstraints.value(secrets.read(ppk.getSecret()));
			} catch (SecretResolver.SecretUnavailableException e) {
				throw new LaunchException("peer '" + peer.getName() + "', PPK '" + ppk.getId() + "': " + e.getMessage());
			}
			if (value == null) {
				throw new LaunchException("peer '" + peer.getName() + "', PPK '" + ppk.getId()
						+ "': after 0x, an even number of hex digits");
			}
			keys.add(new IkeConfig.Ppk.Key(Octets.of(ppk.getId().getBytes(StandardCharsets.US_ASCII)), value::clone));
		}
		return new IkeConfig.Ppk(keys, peer.isPpkRequired());
	}

	private static IkeConfig withCertificates(Peer peer, CertificateAuthentication cert, IkeConfig config)
			throws LaunchException {
		Path certificate;
		Path key;
		try {
			certificate = path(cert, cert.getCertificate());
			key = cert.getPrivateKey() == null || cert.getPrivateKey().getKind() != org.ikewb.model.policy.SecretKind.FILE ? null
					: path(cert, cert.getPrivateKey().getLocation());
		} catch (java.nio.file.InvalidPathException e) {
			throw new LaunchException("peer '" + peer.getName() + "': not a valid file name: " + e.getInput());
		}
		if (key == null || cert.getTrustAnchor() == null) {
			throw new LaunchException("peer '" + peer.getName() + "': certificate authentication needs a key file and a ca");
		}
		try {
			List<org.ikewb.protocol.Octets> crls = new java.util.ArrayList<>();
			for (String crl : cert.getCrls()) {
				crls.addAll(Certificates.readCrls(path(cert, crl)));
			}
			List<org.ikewb.protocol.Octets> intermediates = new java.util.ArrayList<>();
			for (String intermediate : cert.getIntermediates()) {
				intermediates.addAll(Certificates.readCertificates(path(cert, intermediate)));
			}
			// the identity the policy names (e.g. an FQDN the certificate carries) stays; without one, the DN
			IkeConfig.Identity named = config.localId();
			IkeConfig withCerts = config.withCertificates(Certificates.load(certificate, key),
					Certificates.readCertificates(path(cert, cert.getTrustAnchor())));
			return (named == null ? withCerts : withCerts.withLocalId(named)).withCrls(crls)
					.withPathRules(org.ikewb.crypto.PathRules.DEFAULT.withRevocation(cert.isStrictRevocation()
							? org.ikewb.crypto.PathRules.Revocation.STRICT
							: org.ikewb.crypto.PathRules.Revocation.RELAXED))
					.withIntermediates(intermediates);
		} catch (IOException | Certificates.CertificateException | java.nio.file.InvalidPathException e) {
			throw new LaunchException("peer '" + peer.getName() + "': " + e.getMessage());
		}
	}

	private static Path path(org.eclipse.emf.ecore.EObject owner, String location) {
		Path p = PeerConstraints.resolve(owner, location);
		return p != null ? p : Path.of(location);
	}

	private static InetSocketAddress socket(Endpoint e, int defaultPort, Peer peer) throws LaunchException {
		int port = e == null || e.getPort() == 0 ? defaultPort : e.getPort();
		if (e == null || e.getAddress() == null || "any".equals(e.getAddress())) {
			return new InetSocketAddress(port);
		}
		try {
			return new InetSocketAddress(InetAddress.getByName(e.getAddress()), port);
		} catch (UnknownHostException ex) {
			throw new LaunchException("peer '" + peer.getName() + "': cannot resolve '" + e.getAddress() + "'");
		}
	}

	/** Proposals numbered 1..n, transforms in type order ({@link PolicyParties}, shared with the negotiation simulator). */
	public static List<Payload.Proposal> proposals(List<Proposal> proposals, ProtocolId protocol) {
		return PolicyParties.proposals(proposals, protocol);
	}

	public static Payload.Proposal proposal(Proposal p, ProtocolId protocol, int number) {
		return PolicyParties.proposal(p, protocol, number);
	}

	/** The ID payload content of a policy identity. */
	public static IkeConfig.Identity identity(Identity id) {
		String v = id.getValue() == null ? "" : id.getValue();
		return switch (id.getType()) {
		case FQDN -> IkeConfig.Identity.fqdn(v);
		case EMAIL -> IkeConfig.Identity.email(v);
		case ADDRESS -> {
			Optional<Addresses.Prefix> p = Addresses.parsePrefix(v);
			byte[] octets = p.map(Addresses.Prefix::octets).orElse(new byte[4]);
			yield new IkeConfig.Identity(octets.length == 16 ? IdType.IPV6_ADDR : IdType.IPV4_ADDR, Octets.of(octets));
		}
		case DN -> {
			try {
				yield new IkeConfig.Identity(IdType.DER_ASN1_DN, Octets.of(new X500Name(v).getEncoded()));
			} catch (IOException | IllegalArgumentException e) {
				yield new IkeConfig.Identity(IdType.DER_ASN1_DN, Octets.of(v.getBytes(StandardCharsets.UTF_8)));
			}
		}
		case KEYID -> new IkeConfig.Identity(IdType.KEY_ID, Octets.of(v.matches("([0-9a-fA-F]{2})+")
				? HexFormat.of().parseHex(v) : v.getBytes(StandardCharsets.UTF_8)));
		};
	}

	/** Traffic selectors as the TS payload carries them; dynamic means the endpoint's own address. */
	public static List<Payload.TrafficSelector> selectors(List<TrafficSelector> selectors, Endpoint endpoint) {
		return PolicyParties.selectors(selectors, endpoint);
	}

	static int protocolNumber(String protocol) {
		return protocol == null ? 0 : org.ikewb.protocol.IpProtocol.number(protocol).orElse(0);
	}
}
