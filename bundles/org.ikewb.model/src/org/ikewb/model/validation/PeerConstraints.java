package org.ikewb.model.validation;

import static org.ikewb.model.validation.PolicyConstraints.add;
import static org.ikewb.model.validation.PolicyConstraints.at;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.ikewb.model.policy.Authentication;
import org.ikewb.model.policy.CertificateAuthentication;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.PskAuthentication;
import org.ikewb.model.policy.SecretKind;
import org.ikewb.model.policy.SecretSource;
import org.ikewb.model.policy.util.PolicyValidator;

/** Rules of a peer: who both ends are, which IKE proposals it uses, where its secrets come from. */
public final class PeerConstraints {

	public static final String MISSING_IDENTITY = "missing-identity";
	public static final String MISSING_ADDRESS = "missing-address";
	public static final String MALFORMED_ADDRESS = "malformed-address";
	public static final String MISSING_PROPOSAL = "missing-proposal";
	public static final String WRONG_PROTOCOL = "wrong-protocol";
	public static final String MISSING_AUTHENTICATION = "missing-authentication";
	public static final String SECRET_NOT_FOUND = "secret-not-found";
	public static final String PSK_TOO_SHORT = "psk-too-short";
	public static final String STRICT_WITHOUT_CRL = "strict-revocation-without-crl";

	/**
	 * The shortest PSK accepted without a warning, in octets. RFC 7296 §2.15: a PSK needs as much
	 * unpredictability as the strongest key negotiated, and one captured IKE_AUTH lets an attacker
	 * test guesses offline; below 20 characters a PSK is a password, not a key.
	 */
	public static final int MIN_PSK_OCTETS = 20;

	/**
	 * Context key under which a caller may pass a {@code java.util.function.Function<String,String>}
	 * that reads environment variables (tests, or a tool validating for another machine); default
	 * {@link org.ikewb.model.secrets.Environment#current()}.
	 */
	public static final String ENVIRONMENT = "org.ikewb.model.environment";

	private PeerConstraints() {
	}

	/**
	 * Both ends need an identity (the ID payloads of IKE_AUTH) and an address; the remote address
	 * may be {@code any} only for a responder, which cannot know where a road warrior comes from.
	 * The remote identity may be left open by a responder only (warning: any authenticated peer fits).
	 */
	public static boolean hasIdentities(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		String who = "Peer '" + peer.getName() + "'";
		boolean responderOnly = peer.getRole() == PeerRole.RESPONDER;
		Endpoint local = peer.getLocal();
		Endpoint remote = peer.getRemote();
		if (local == null || local.getIdentity() == null) {
			ok = false;
			add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES, who
					+ " has no local identity: add e.g. 'local address 192.0.2.1 id fqdn \"gw.example.net\"'",
					at(local != null ? local : peer, local != null ? PolicyPackage.Literals.ENDPOINT__ADDRESS
							: PolicyPackage.Literals.PEER__NAME), MISSING_IDENTITY);
		}
		if (remote == null || remote.getIdentity() == null) {
			ok &= responderOnly;
			add(diagnostics, responderOnly ? Diagnostic.WARNING : Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES,
					who + " has no remote identity" + (responderOnly
							? ": any peer that authenticates is accepted; add 'id …' to the remote line to pin it"
							: ": add e.g. 'remote address 203.0.113.1 id fqdn \"hq.example.net\"'"),
					at(remote != null ? remote : peer, remote != null ? PolicyPackage.Literals.ENDPOINT__ADDRESS
							: PolicyPackage.Literals.PEER__NAME), MISSING_IDENTITY);
		}
		if (remote != null && (remote.getAddress() == null || "any".equals(remote.getAddress())) && !responderOnly) {
			ok = false;
			add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES, who
					+ " is an initiator but its remote address is " + (remote.getAddress() == null ? "missing" : "any")
					+ ": give the address to connect to, or make the peer 'role responder'",
					at(remote, PolicyPackage.Literals.ENDPOINT__ADDRESS), MISSING_ADDRESS);
		}
		for (Endpoint e : new Endpoint[] { local, remote }) {
			if (e == null) {
				continue;
			}
			String a = e.getAddress();
			if (a != null && !"any".equals(a) && !Addresses.isAddress(a) && !Addresses.isHostname(a)) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES, "'" + a
						+ "' is neither an IP address nor a DNS name", at(e, PolicyPackage.Literals.ENDPOINT__ADDRESS),
						MALFORMED_ADDRESS);
			}
			if (e.getPort() < 0 || e.getPort() > 65535) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES, "Port " + e.getPort()
						+ " is outside 1..65535", at(e, PolicyPackage.Literals.ENDPOINT__PORT), MALFORMED_ADDRESS);
			}
			if (e.getIdentity() != null && e.getIdentity().getType() == org.ikewb.model.policy.IdentityType.ADDRESS
					&& !Addresses.isAddress(e.getIdentity().getValue())) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_IDENTITIES, "Identity 'address "
						+ e.getIdentity().getValue() + "' is not an IP address: use 'fqdn' for a DNS name",
						at(e.getIdentity(), PolicyPackage.Literals.IDENTITY__VALUE), MALFORMED_ADDRESS);
			}
		}
		return ok;
	}

	/** A peer negotiates its IKE SA from IKE proposals only, and needs at least one. */
	public static boolean hasUsableProposals(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = ChildSaConstraints.checkProposals(peer.getIkeProposals(), ProposalProtocol.IKE, peer,
				PolicyPackage.Literals.PEER__IKE_PROPOSALS, "Peer '" + peer.getName() + "'", "ike proposals",
				PolicyValidator.PEER__HAS_USABLE_PROPOSALS, diagnostics);
		return ChildSaConstraints.checkRekeyProposals(peer.getRekeyIkeProposals(), ProposalProtocol.IKE, peer,
				PolicyPackage.Literals.PEER__REKEY_IKE_PROPOSALS, "Peer '" + peer.getName() + "'",
				PolicyValidator.PEER__HAS_USABLE_PROPOSALS, diagnostics) && ok;
	}

	/**
	 * Secrets are referenced, never written in a policy: a PSK from an environment variable or a
	 * file, a private key from a file. A missing file is an error (resolved relative to the policy
	 * file); an unset variable is a warning, because the policy may be validated on another machine
	 * than the one that runs it.
	 */
	public static boolean hasAvailableSecrets(Peer peer, DiagnosticChain diagnostics, Map<Object, Object> context) {
		Authentication auth = peer.getAuthentication();
		if (auth == null) {
			add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "Peer '" + peer.getName()
					+ "' has no authentication: add 'auth psk from env \"NAME\"' or 'auth certificate \"file.pem\" key from file \"file.key\"'",
					at(peer, PolicyPackage.Literals.PEER__NAME), MISSING_AUTHENTICATION);
			return false;
		}
		boolean ok = true;
		if (auth instanceof PskAuthentication psk) {
			ok &= secret(psk.getSecret(), "pre-shared key", context, diagnostics);
			String text = secretText(psk.getSecret(), context);
			int octets = text == null ? Integer.MAX_VALUE : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
			if (octets < MIN_PSK_OCTETS) {
				add(diagnostics, Diagnostic.WARNING, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "The pre-shared key of peer '"
						+ peer.getName() + "' has " + octets + " characters: one captured IKE_AUTH lets an attacker test guesses"
						+ " offline (RFC 7296 §2.15); use at least " + MIN_PSK_OCTETS
						+ " random characters, e.g. 'openssl rand -base64 32'", at(psk.getSecret(),
								PolicyPackage.Literals.SECRET_SOURCE__LOCATION), PSK_TOO_SHORT);
			}
		} else if (auth instanceof CertificateAuthentication cert) {
			ok &= file(cert, PolicyPackage.Literals.CERTIFICATE_AUTHENTICATION__CERTIFICATE, cert.getCertificate(),
					"certificate", diagnostics);
			ok &= secret(cert.getPrivateKey(), "private key", context, diagnostics);
			if (cert.getTrustAnchor() != null) {
				ok &= file(cert, PolicyPackage.Literals.CERTIFICATE_AUTHENTICATION__TRUST_ANCHOR, cert.getTrustAnchor(),
						"CA certificate", diagnostics);
			}
			for (String intermediate : cert.getIntermediates()) {
				ok &= file(cert, PolicyPackage.Literals.CERTIFICATE_AUTHENTICATION__INTERMEDIATES, intermediate,
						"intermediate CA certificate", diagnostics);
			}
			for (String crl : cert.getCrls()) {
				ok &= file(cert, PolicyPackage.Literals.CERTIFICATE_AUTHENTICATION__CRLS, crl, "certificate revocation list",
						diagnostics);
			}
			if (cert.isStrictRevocation() && cert.getCrls().isEmpty()) {
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "Peer '" + peer.getName()
						+ "' checks revocation strictly but names no CRL: every certificate would be refused; add"
						+ " 'crl from file \"ca.crl\"' for each CA of the peer's path",
						at(cert, PolicyPackage.Literals.CERTIFICATE_AUTHENTICATION__STRICT_REVOCATION), STRICT_WITHOUT_CRL);
				ok = false;
			}
		}
		return ok;
	}

	/** A secret's text when it can be read here (environment or file, at most 64 KiB), else null; never shown. */
	@SuppressWarnings("unchecked")
	static String secretText(SecretSource source, Map<Object, Object> context) {
		if (source == null || source.getLocation() == null) {
			return null;
		}
		if (source.getKind() == SecretKind.ENV) {
			java.util.function.Function<String, String> env = context != null
					&& context.get(ENVIRONMENT) instanceof java.util.function.Function<?, ?> f
							? (java.util.function.Function<String, String>) f
							: org.ikewb.model.secrets.Environment.current();
			return env.apply(source.getLocation());
		}
		try {
			Path path = resolve(source, source.getLocation());
			if (path == null || !Files.isReadable(path) || Files.size(path) > 64 * 1024) {
				return null;
			}
			return Files.readString(path, java.nio.charset.StandardCharsets.UTF_8).strip();
		} catch (java.io.IOException | RuntimeException e) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	static boolean secret(SecretSource source, String what, Map<Object, Object> context,
			DiagnosticChain diagnostics) {
		if (source == null || source.getLocation() == null || source.getLocation().isBlank()) {
			return true; // the grammar requires it; a model built in code without it is caught by the generator
		}
		if (source.getKind() == SecretKind.FILE) {
			return file(source, PolicyPackage.Literals.SECRET_SOURCE__LOCATION, source.getLocation(), what, diagnostics);
		}
		java.util.function.Function<String, String> env = context != null
				&& context.get(ENVIRONMENT) instanceof java.util.function.Function<?, ?> f
						? (java.util.function.Function<String, String>) f
						: org.ikewb.model.secrets.Environment.current();
		if (env.apply(source.getLocation()) == null) {
			add(diagnostics, Diagnostic.WARNING, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "Environment variable "
					+ source.getLocation() + " (the " + what + ") is not set here; set it where this policy runs",
					at(source, PolicyPackage.Literals.SECRET_SOURCE__LOCATION), SECRET_NOT_FOUND);
		}
		return true;
	}

	private static boolean file(EObject owner, Object feature, String location, String what,
			DiagnosticChain diagnostics) {
		if (location == null) {
			return true;
		}
		Path path;
		try {
			path = resolve(owner, location);
		} catch (java.nio.file.InvalidPathException e) {
			add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "The " + what + " file name '"
					+ location.replace("\0", "\\0") + "' is not a valid path here: " + e.getReason(), at(owner, feature),
					SECRET_NOT_FOUND);
			return false;
		}
		if (path == null || Files.isReadable(path)) {
			return true;
		}
		add(diagnostics, Diagnostic.ERROR, PolicyValidator.PEER__HAS_AVAILABLE_SECRETS, "The " + what + " file '"
				+ location + "' does not exist (looked for " + path + ")", at(owner, feature), SECRET_NOT_FOUND);
		return false;
	}

	/**
	 * A path relative to the policy file; null when the model has no file to be relative to.
	 *
	 * @throws java.nio.file.InvalidPathException when the text cannot name a file here (a NUL, for one)
	 */
	public static Path resolve(EObject owner, String location) {
		Path p = Path.of(location);
		if (p.isAbsolute()) {
			return p;
		}
		URI uri = owner.eResource() == null ? null : owner.eResource().getURI();
		if (uri != null && uri.isPlatform()) {
			// the editor's resources are platform:/resource/…: the workspace knows where they are on disk,
			// and the editor must find the same files the command line finds
			uri = org.eclipse.emf.common.CommonPlugin.resolve(uri);
		}
		if (uri == null || !uri.isFile()) {
			return null;
		}
		Path dir = Path.of(uri.toFileString()).toAbsolutePath().getParent();
		return dir == null ? null : dir.resolve(p).normalize();
	}

	static boolean isProtocol(Proposal p, ProposalProtocol protocol) {
		return p.eIsProxy() || p.getProtocol() == protocol;
	}
}
