package org.ikewb.crypto;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.ikewb.protocol.Octets;

/**
 * X.509 for certificate authentication: our certificate chain and private key from PEM files, and
 * the validation of a peer's chain (CERT payloads) up to a trusted CA, with Bouncy Castle's pkix API.
 */
public final class Certificates {

	private static final Provider BC = new BouncyCastleProvider();

	private Certificates() {
	}

	/** Our credentials: the chain (end entity first, DER), its private key and the scheme it signs with. */
	public record Local(List<Octets> chain, AsymmetricKeyParameter privateKey, SignatureScheme scheme) {
		public Local {
			chain = List.copyOf(chain);
		}

		/** The DER subject of the end-entity certificate (our ID_DER_ASN1_DN). */
		public Octets subject() {
			try {
				return Octets.of(new X509CertificateHolder(chain.get(0).toByteArray()).getSubject().getEncoded());
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
		}

		@Override
		public String toString() {
			return "Local[" + chain.size() + " certificates, " + scheme + "]";
		}
	}

	/** A peer certificate that validated: its public key and the names it binds. */
	public record Validated(AsymmetricKeyParameter publicKey, Octets subject, List<String> altNames) {
	}

	/** Thrown with the reason a chain or file was refused. */
	public static final class CertificateException extends Exception {
		private static final long serialVersionUID = 1L;

		public CertificateException(String message) {
			super(message);
		}
	}

	/**
	 * The CERTREQ data for trusted CAs (RFC 7296 §3.7): the SHA-1 hashes of their SubjectPublicKeyInfo,
	 * concatenated.
	 */
	public static Octets certificateRequest(List<Octets> anchors) {
		List<Octets> hashes = new ArrayList<>();
		for (Octets ca : anchors) {
			try {
				byte[] spki = new X509CertificateHolder(ca.toByteArray()).getSubjectPublicKeyInfo().getEncoded();
				org.bouncycastle.crypto.digests.SHA1Digest sha1 = new org.bouncycastle.crypto.digests.SHA1Digest();
				sha1.update(spki, 0, spki.length);
				byte[] hash = new byte[20];
				sha1.doFinal(hash, 0);
				hashes.add(Octets.of(hash));
			} catch (IOException e) {
				throw new IllegalArgumentException("malformed CA certificate", e);
			}
		}
		return Octets.concat(hashes.toArray(Octets[]::new));
	}

	/** Whether two DER distinguished names are the same name (RFC 5280 comparison). */
	public static boolean sameName(Octets a, Octets b) {
		try {
			return org.bouncycastle.asn1.x500.X500Name.getInstance(a.toByteArray())
					.equals(org.bouncycastle.asn1.x500.X500Name.getInstance(b.toByteArray()));
		} catch (IllegalArgumentException e) {
			return false;
		}
	}

	/** A DER distinguished name as text ("CN=responder, O=..."). */
	public static String describeName(Octets der) {
		try {
			return org.bouncycastle.asn1.x500.X500Name.getInstance(der.toByteArray()).toString();
		} catch (IllegalArgumentException e) {
			return der.hex();
		}
	}

	/** Every certificate in a PEM file, in order, as DER. */
	/** Certificate revocation lists from a file: PEM (one or more) or a single DER CRL. */
	public static List<Octets> readCrls(Path file) throws IOException, CertificateException {
		try (java.io.InputStream in = Files.newInputStream(file)) {
			List<Octets> out = new ArrayList<>();
			for (java.security.cert.CRL crl : java.security.cert.CertificateFactory.getInstance("X.509").generateCRLs(in)) {
				out.add(Octets.of(((java.security.cert.X509CRL) crl).getEncoded()));
			}
			if (out.isEmpty()) {
				throw new CertificateException(file + ": no certificate revocation list in the file");
			}
			return out;
		} catch (java.security.GeneralSecurityException | ClassCastException e) {
			throw new CertificateException(file + ": not a certificate revocation list (PEM or DER X.509 CRL)");
		}
	}

	public static List<Octets> readCertificates(Path pem) throws IOException, CertificateException {
		List<Octets> out = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
			Object o;
			while ((o = parser.readObject()) != null) {
				if (o instanceof X509CertificateHolder cert) {
					out.add(Octets.of(cert.getEncoded()));
				}
			}
		}
		if (out.isEmpty()) {
			throw new CertificateException(pem + ": no certificate in the file");
		}
		return out;
	}

	/** Our chain and key from PEM files (PKCS#8 or SEC1/PKCS#1 key). */
	public static Local load(Path certificates, Path key) throws IOException, CertificateException {
		List<Octets> chain = readCertificates(certificates);
		AsymmetricKeyParameter privateKey;
		try (Reader reader = Files.newBufferedReader(key, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
			Object o = parser.readObject();
			PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
					: o instanceof PrivateKeyInfo p ? p : null;
			if (info == null) {
				throw new CertificateException(key + ": no unencrypted private key in the file");
			}
			privateKey = PrivateKeyFactory.createKey(info);
		}
		return new Local(chain, privateKey, schemeFor(privateKey));
	}

	/** ECDSA with the hash of the curve's size, Ed25519, or RSA-PSS with SHA-256. */
	public static SignatureScheme schemeFor(AsymmetricKeyParameter key) throws CertificateException {
		if (key instanceof ECKeyParameters ec) {
			int bits = ec.getParameters().getCurve().getFieldSize();
			if (bits == 256) {
				return SignatureScheme.ECDSA_P256_SHA256;
			}
			if (bits == 384) {
				return SignatureScheme.ECDSA_P384_SHA384;
			}
			throw new CertificateException("ECDSA on a " + bits + "-bit curve is not supported (P-256, P-384)");
		}
		if (key instanceof Ed25519PrivateKeyParameters) {
			return SignatureScheme.ED25519;
		}
		if (key instanceof RSAKeyParameters) {
			return SignatureScheme.RSA_PSS_SHA256;
		}
		throw new CertificateException("unsupported key type " + key.getClass().getSimpleName());
	}

	/** id-kp-ipsecIKE (RFC 4945 §5.1.3.12), anyExtendedKeyUsage, and the TLS ones IKE peers carry in practice. */
	private static final java.util.Set<String> IKE_USAGES = java.util.Set.of("1.3.6.1.5.5.7.3.17", "2.5.29.37.0",
			"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");

	/**
	 * Validates {@code chain} (end entity first; the others in any order, extra ones ignored) up to one
	 * of {@code anchors} with the JDK's PKIX certification path validator (RFC 5280: validity, signatures,
	 * basic constraints, key usage of CAs, path length and name constraints, unknown critical
	 * extensions, policies), then the IKE profile of RFC 4945 §5.1.3 on the end entity: a key usage, if
	 * present, allows digital signatures; an extended key usage, if present, allows IKE. Revocation is
	 * not checked (no CRLs are configured yet).
	 */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, Instant now) throws CertificateException {
		return validate(chain, anchors, List.of(), now);
	}

	/**
	 * As {@link #validate(List, List, Instant)}, with certificate revocation lists (DER): a certificate
	 * a CRL of its issuer lists is refused as revoked; a CRL that does not verify, or is out of date, is
	 * refused too. Where no CRL of an issuer is given, its certificates are not checked for revocation
	 * (nothing is fetched from the network).
	 */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, List<Octets> crls, Instant now)
			throws CertificateException {
		if (chain.isEmpty()) {
			throw new CertificateException("the peer sent no certificate");
		}
		if (anchors.isEmpty()) {
			throw new CertificateException("no trusted CA certificate is configured");
		}
		java.security.cert.CertificateFactory x509;
		List<java.security.cert.X509Certificate> certs = new ArrayList<>();
		java.util.Set<java.security.cert.TrustAnchor> trust = new java.util.HashSet<>();
		try {
			x509 = java.security.cert.CertificateFactory.getInstance("X.509");
			for (Octets c : chain) {
				certs.add((java.security.cert.X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(c.toByteArray())));
			}
			for (Octets a : anchors) {
				trust.add(new java.security.cert.TrustAnchor((java.security.cert.X509Certificate) x509
						.generateCertificate(new java.io.ByteArrayInputStream(a.toByteArray())), null));
			}
		} catch (java.security.cert.CertificateException | ClassCastException | IllegalArgumentException e) {
			throw new CertificateException("a certificate that cannot be read (not DER X.509)");
		}
		List<java.security.cert.X509Certificate> path = orderedPath(certs, trust);
		List<java.security.cert.X509CRL> revocations = new ArrayList<>();
		try {
			for (Octets c : crls) {
				revocations.add((java.security.cert.X509CRL) x509.generateCRL(new java.io.ByteArrayInputStream(c.toByteArray())));
			}
		} catch (java.security.cert.CRLException | ClassCastException | IllegalArgumentException e) {
			throw new CertificateException("a certificate revocation list that cannot be read (not DER X.509 CRL)");
		}
		try {
			java.security.cert.PKIXParameters parameters = new java.security.cert.PKIXParameters(trust);
			parameters.setDate(Date.from(now));
			java.security.cert.CertPathValidator validator = java.security.cert.CertPathValidator.getInstance("PKIX");
			if (revocations.isEmpty()) {
				parameters.setRevocationEnabled(false);
			} else {
				parameters.addCertStore(java.security.cert.CertStore.getInstance("Collection",
						new java.security.cert.CollectionCertStoreParameters(revocations)));
				for (java.security.cert.X509Certificate c : path) {
					revoked(c, revocations, trust, path, now);
				}
				parameters.setRevocationEnabled(false); // checked above, with the CRLs given and nothing fetched
			}
			validator.validate(x509.generateCertPath(path), parameters);
		} catch (java.security.cert.CertPathValidatorException e) {
			int at = e.getIndex();
			String who = at >= 0 && at < path.size() ? name(path.get(at)) : "the chain";
			throw new CertificateException(who + ": " + reason(e, path.size()));
		} catch (java.security.GeneralSecurityException e) {
			throw new CertificateException("the chain cannot be checked: " + e.getClass().getSimpleName());
		}
		java.security.cert.X509Certificate ee = path.get(0);
		boolean[] usage = ee.getKeyUsage();
		if (usage != null && !usage[0] && !usage[1]) {
			throw new CertificateException(name(ee) + ": its key usage does not allow digital signatures (RFC 4945 §5.1.3.2)");
		}
		try {
			List<String> eku = ee.getExtendedKeyUsage();
			if (eku != null && eku.stream().noneMatch(IKE_USAGES::contains)) {
				throw new CertificateException(name(ee) + ": its extended key usage " + eku
						+ " does not include IKE (id-kp-ipsecIKE, RFC 4945 §5.1.3.12)");
			}
			return validated(new X509CertificateHolder(ee.getEncoded()));
		} catch (java.security.cert.CertificateParsingException | java.security.cert.CertificateEncodingException | IOException e) {
			throw new CertificateException(name(ee) + ": malformed extensions");
		}
	}

	/**
	 * Refuses {@code cert} when a CRL of its issuer (verified with the issuer's key, current at
	 * {@code now}) lists it. CRLs of other issuers, and certificates without a CRL, pass.
	 */
	private static void revoked(java.security.cert.X509Certificate cert, List<java.security.cert.X509CRL> crls,
			java.util.Set<java.security.cert.TrustAnchor> trust, List<java.security.cert.X509Certificate> path, Instant now)
			throws CertificateException {
		java.security.PublicKey issuerKey = trust.stream()
				.filter(t -> t.getTrustedCert().getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
				.map(t -> t.getTrustedCert().getPublicKey()).findFirst()
				.orElse(path.stream().filter(c -> c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
						.map(java.security.cert.X509Certificate::getPublicKey).findFirst().orElse(null));
		for (java.security.cert.X509CRL crl : crls) {
			if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal()) || issuerKey == null) {
				continue;
			}
			try {
				crl.verify(issuerKey);
			} catch (java.security.GeneralSecurityException e) {
				throw new CertificateException("the CRL of " + crl.getIssuerX500Principal().getName() + " does not verify"
						+ " with its issuer's key");
			}
			if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
				throw new CertificateException("the CRL of " + crl.getIssuerX500Principal().getName() + " is out of date"
						+ " (next update " + crl.getNextUpdate().toInstant() + "): get a current one");
			}
			java.security.cert.X509CRLEntry entry = crl.getRevokedCertificate(cert);
			if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
				throw new CertificateException(name(cert) + ": revoked on " + entry.getRevocationDate().toInstant()
						+ (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"));
			}
		}
	}

	/**
	 * The end entity and, issuer by issuer, the certificates the peer sent that lead to a trust anchor
	 * (matched by name; the validator checks the signatures). What leads nowhere is left out.
	 */
	private static List<java.security.cert.X509Certificate> orderedPath(List<java.security.cert.X509Certificate> certs,
			java.util.Set<java.security.cert.TrustAnchor> trust) {
		List<java.security.cert.X509Certificate> path = new ArrayList<>();
		List<java.security.cert.X509Certificate> rest = new ArrayList<>(certs.subList(1, certs.size()));
		java.security.cert.X509Certificate at = certs.get(0);
		path.add(at);
		while (path.size() <= certs.size()) {
			javax.security.auth.x500.X500Principal issuer = at.getIssuerX500Principal();
			if (trust.stream().anyMatch(t -> t.getTrustedCert().getSubjectX500Principal().equals(issuer))) {
				break;
			}
			java.security.cert.X509Certificate next = rest.stream()
					.filter(c -> c.getSubjectX500Principal().equals(issuer) && !c.equals(path.get(path.size() - 1))).findFirst()
					.orElse(null);
			if (next == null) {
				break; // the validator says the chain does not reach a trusted CA
			}
			rest.remove(next);
			path.add(next);
			at = next;
		}
		return path;
	}

	private static String name(java.security.cert.X509Certificate c) {
		return c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
	}

	/** Why the PKIX validator refused, in words (its exception's text is for developers). */
	private static String reason(java.security.cert.CertPathValidatorException e, int length) {
		java.security.cert.CertPathValidatorException.Reason r = e.getReason();
		if (r instanceof java.security.cert.CertPathValidatorException.BasicReason b) {
			return switch (b) {
			case EXPIRED -> "expired";
			case NOT_YET_VALID -> "not valid yet";
			case INVALID_SIGNATURE -> "its signature does not verify";
			case REVOKED -> "revoked";
			case ALGORITHM_CONSTRAINED -> "signed with an algorithm or key size the JDK no longer accepts";
			case UNDETERMINED_REVOCATION_STATUS -> "its revocation status cannot be determined";
			default -> "refused by PKIX path validation";
			};
		}
		if (r instanceof java.security.cert.PKIXReason p) {
			return switch (p) {
			case NO_TRUST_ANCHOR -> "not issued by a trusted CA";
			case NOT_CA_CERT -> "used as a CA, but it is not one (basicConstraints)";
			case PATH_TOO_LONG -> "the path is longer than a CA's path length constraint allows";
			case INVALID_KEY_USAGE -> "its key usage does not allow it in this place of the path (a CA needs keyCertSign)";
			case INVALID_NAME -> "outside the names a CA's name constraints allow";
			case UNRECOGNIZED_CRIT_EXT -> "carries a critical extension that is not understood";
			case INVALID_POLICY -> "no acceptable certificate policy";
			case NAME_CHAINING -> "its issuer's name does not match the next certificate";
			default -> "refused by PKIX path validation";
			};
		}
		return "refused by PKIX path validation";
	}

	private static Validated validated(X509CertificateHolder cert) throws IOException {
		List<String> names = new ArrayList<>();
		GeneralNames san = GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
		if (san != null) {
			for (GeneralName n : san.getNames()) {
				if (n.getTagNo() == GeneralName.dNSName || n.getTagNo() == GeneralName.rfc822Name) {
					names.add(n.getName().toString());
				}
			}
		}
		return new Validated(PublicKeyFactory.createKey(cert.getSubjectPublicKeyInfo()), Octets.of(cert.getSubject().getEncoded()),
				names);
	}

}
