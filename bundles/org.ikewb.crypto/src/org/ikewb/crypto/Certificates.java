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

		/**
		 * The names of our end-entity certificate, as a peer reads them to bind our identity
		 * ({@link Validated#names}): what an ID other than the DN must be one of.
		 */
		public Validated names() {
			try {
				return validated(new X509CertificateHolder(chain.get(0).toByteArray()));
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
	public record Validated(AsymmetricKeyParameter publicKey, Octets subject, List<String> dnsNames, List<String> emails,
			List<Octets> addresses) {
		public Validated {
			dnsNames = List.copyOf(dnsNames);
			emails = List.copyOf(emails);
			addresses = List.copyOf(addresses);
		}

		/** Its DNS names and e-mail addresses (subjectAltName), as text. */
		public List<String> altNames() {
			List<String> all = new ArrayList<>(dnsNames);
			all.addAll(emails);
			return all;
		}

		/**
		 * Whether the certificate names this IKE identity, each ID type by its own kind of name (RFC 4945
		 * §3.1): ID_DER_ASN1_DN the subject, ID_FQDN a dNSName, ID_RFC822_ADDR an rfc822Name (both
		 * compared without regard to case), ID_IPV4_ADDR and ID_IPV6_ADDR an iPAddress. Other types never.
		 */
		public boolean names(org.ikewb.protocol.IdType type, Octets data) {
			if (type.equals(org.ikewb.protocol.IdType.DER_ASN1_DN)) {
				return sameName(data, subject);
			}
			if (type.equals(org.ikewb.protocol.IdType.IPV4_ADDR) || type.equals(org.ikewb.protocol.IdType.IPV6_ADDR)) {
				return addresses.contains(data);
			}
			String text = new String(data.toByteArray(), StandardCharsets.US_ASCII);
			List<String> candidates = type.equals(org.ikewb.protocol.IdType.FQDN) ? dnsNames
					: type.equals(org.ikewb.protocol.IdType.RFC822_ADDR) ? emails : List.of();
			return candidates.stream().anyMatch(text::equalsIgnoreCase);
		}
	}

	/** Thrown with the reason a chain or file was refused. */
	public static final class CertificateException extends Exception {
		private static final long serialVersionUID = 1L;

		private final String reason;
		private final Path file;

		public CertificateException(String message) {
			super(message);
			this.reason = message;
			this.file = null;
		}

		/** What is wrong with one file: the message names it, {@link #reason()} does not (for callers that name it as typed). */
		public CertificateException(Path file, String reason) {
			super(file + ": " + reason);
			this.reason = reason;
			this.file = file;
		}

		/** The file it is about, or null. */
		public Path file() {
			return file;
		}

		/** The message without the file it is about, when it is about one. */
		public String reason() {
			return reason;
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

	/** Certificate revocation lists from a file: PEM (one or more) or a single DER CRL. */
	public static List<Octets> readCrls(Path file) throws IOException, CertificateException {
		try (java.io.InputStream in = Files.newInputStream(file)) {
			List<Octets> out = new ArrayList<>();
			for (java.security.cert.CRL crl : java.security.cert.CertificateFactory.getInstance("X.509").generateCRLs(in)) {
				out.add(Octets.of(((java.security.cert.X509CRL) crl).getEncoded()));
			}
			if (out.isEmpty()) {
				throw new CertificateException(file, "no certificate revocation list in the file");
			}
			return out;
		} catch (java.security.GeneralSecurityException | ClassCastException e) {
			throw new CertificateException(file, "not a certificate revocation list (PEM or DER X.509 CRL)");
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
			throw new CertificateException(pem, "no certificate in the file");
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
				throw new CertificateException(key, "no unencrypted private key in the file");
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
	 * not checked (no CRLs).
	 */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, Instant now) throws CertificateException {
		return validate(chain, anchors, List.of(), PathRules.DEFAULT, now);
	}

	/** As {@link #validate(List, List, List, PathRules, Instant)} with {@link PathRules#DEFAULT}. */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, List<Octets> crls, Instant now)
			throws CertificateException {
		return validate(chain, anchors, crls, PathRules.DEFAULT, now);
	}

	/** The longest path (intermediate CAs) we build: a peer's CERT payloads cannot make us search further. */
	private static final int MAX_INTERMEDIATES = 8;

	/**
	 * Validates a peer's certificate at {@code now}: the JDK's PKIX CertPathBuilder finds a path from
	 * the end entity ({@code chain}'s first certificate) through the other certificates given (in any
	 * order; self-issued key rollover certificates and CRL signers among them) to one of
	 * {@code anchors}, and its validator checks it as RFC 5280 §6 says with {@code rules}' inputs;
	 * revocation is checked by the JDK's revocation checker with the CRLs given only (nothing is
	 * fetched: no OCSP, no CRL distribution points), strictly or relaxed as {@code rules} say. Then
	 * RFC 4945 §5.1.3's end-entity profile. When no path validates, the path the names suggest is
	 * validated again to say why.
	 */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, List<Octets> crls, PathRules rules, Instant now)
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
		List<java.security.cert.X509CRL> revocations = new ArrayList<>();
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
		try {
			for (Octets c : crls) {
				revocations.add((java.security.cert.X509CRL) x509.generateCRL(new java.io.ByteArrayInputStream(c.toByteArray())));
			}
		} catch (java.security.cert.CRLException | ClassCastException | IllegalArgumentException e) {
			throw new CertificateException("a certificate revocation list that cannot be read (not DER X.509 CRL)");
		}
		java.security.cert.X509Certificate ee = certs.get(0);
		List<java.security.cert.X509Certificate> path;
		try {
			List<Object> everything = new ArrayList<>(certs);
			everything.addAll(revocations);
			java.security.cert.CertStore store = java.security.cert.CertStore.getInstance("Collection",
					new java.security.cert.CollectionCertStoreParameters(everything));
			java.security.cert.X509CertSelector target = new java.security.cert.X509CertSelector();
			target.setCertificate(ee);
			boolean strict = rules.revocation() == PathRules.Revocation.STRICT;
			// Bouncy Castle's PKIX decides (it also merges delta CRLs, which the JDK's ignores); the
			// JDK's validator, on the same inputs, says why when a path is refused
			java.security.cert.PKIXBuilderParameters decide = new java.security.cert.PKIXBuilderParameters(trust, target);
			configure(decide, rules, strict, false, store, now);
			java.security.cert.PKIXBuilderParameters explain = new java.security.cert.PKIXBuilderParameters(trust, target);
			configure(explain, rules, strict, true, store, now);
			try {
				path = new ArrayList<>();
				for (java.security.cert.Certificate c : java.security.cert.CertPathBuilder.getInstance("PKIX", BC)
						.build(new org.bouncycastle.jcajce.PKIXExtendedBuilderParameters.Builder(withDeltas(decide))
								.setMaxPathLength(MAX_INTERMEDIATES).build())
						.getCertPath().getCertificates()) {
					path.add((java.security.cert.X509Certificate) c);
				}
			} catch (java.security.cert.CertPathBuilderException e) {
				// the builder says only that no path validates: the path the names suggest says why
				path = orderedPath(certs, trust);
				try {
					java.security.cert.CertPathValidator.getInstance("PKIX", BC).validate(x509.generateCertPath(path), withDeltas(decide));
				} catch (java.security.cert.CertPathValidatorException refused) {
					throw explained(x509, path, explain, trust, path, refused);
				}
				throw new CertificateException(name(ee) + ": no certification path to a trusted CA validates");
			}
			if (!strict) {
				// each certificate whose issuer has a CRL here is checked on its own, with its (already
				// validated) issuer as the anchor: signature, validity, and revocation by those CRLs
				for (int i = 0; i < path.size(); i++) {
					javax.security.auth.x500.X500Principal issuer = path.get(i).getIssuerX500Principal();
					if (revocations.stream().noneMatch(crl -> crl.getIssuerX500Principal().equals(issuer))) {
						continue;
					}
					java.util.Set<java.security.cert.TrustAnchor> issuers = i + 1 < path.size()
							? java.util.Set.of(new java.security.cert.TrustAnchor(path.get(i + 1), null))
							: trust;
					java.security.cert.PKIXParameters one = new java.security.cert.PKIXParameters(issuers);
					configure(one, PathRules.DEFAULT, true, false, store, now);
					java.security.cert.PKIXParameters oneExplained = new java.security.cert.PKIXParameters(issuers);
					configure(oneExplained, PathRules.DEFAULT, true, true, store, now);
					List<java.security.cert.X509Certificate> alone = path.subList(i, i + 1);
					try {
						java.security.cert.CertPathValidator.getInstance("PKIX", BC).validate(x509.generateCertPath(alone), withDeltas(one));
					} catch (java.security.cert.CertPathValidatorException refused) {
						throw explained(x509, alone, oneExplained, trust, path, refused);
					}
				}
			}
		} catch (java.security.GeneralSecurityException e) {
			throw new CertificateException("the chain cannot be checked: " + e.getClass().getSimpleName());
		}
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
	 * {@code rules}' inputs, the clock, the certificates and CRLs given; revocation by the JDK's checker
	 * from those CRLs alone (no OCSP, no fallback, nothing fetched).
	 */
	private static void configure(java.security.cert.PKIXParameters parameters, PathRules rules, boolean revocation,
			boolean jdkChecker, java.security.cert.CertStore store, Instant now) throws java.security.GeneralSecurityException {
		parameters.setDate(Date.from(now));
		parameters.addCertStore(store);
		parameters.setInitialPolicies(rules.policies());
		parameters.setExplicitPolicyRequired(rules.explicitPolicy());
		parameters.setPolicyMappingInhibited(rules.mappingInhibited());
		parameters.setAnyPolicyInhibited(rules.anyPolicyInhibited());
		parameters.setRevocationEnabled(revocation);
		if (revocation && jdkChecker) {
			java.security.cert.PKIXRevocationChecker checker = (java.security.cert.PKIXRevocationChecker) java.security.cert.CertPathValidator
					.getInstance("PKIX").getRevocationChecker();
			checker.setOptions(java.util.EnumSet.of(java.security.cert.PKIXRevocationChecker.Option.PREFER_CRLS,
					java.security.cert.PKIXRevocationChecker.Option.NO_FALLBACK));
			parameters.addCertPathChecker(checker);
		}
	}

	/** Bouncy Castle's parameters with delta CRLs merged into their base CRLs (RFC 5280 §5.2.4). */
	private static org.bouncycastle.jcajce.PKIXExtendedParameters withDeltas(java.security.cert.PKIXParameters parameters) {
		return new org.bouncycastle.jcajce.PKIXExtendedParameters.Builder(parameters).setUseDeltasEnabled(true).build();
	}

	/**
	 * Why Bouncy Castle refused {@code path}, in words: the JDK's validator on the same inputs gives a
	 * structured reason and the certificate it concerns; where it accepts (a delta CRL only Bouncy Castle
	 * reads), the refused certificate and what kind of check refused it. {@code whole} is the path
	 * {@code path} is part of (where issuers' keys are found).
	 */
	private static CertificateException explained(java.security.cert.CertificateFactory x509, List<java.security.cert.X509Certificate> path,
			java.security.cert.PKIXParameters parameters, java.util.Set<java.security.cert.TrustAnchor> trust,
			List<java.security.cert.X509Certificate> whole, java.security.cert.CertPathValidatorException refused) throws java.security.GeneralSecurityException {
		try {
			java.security.cert.CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(path), parameters);
		} catch (java.security.cert.CertPathValidatorException e) {
			int at = e.getIndex();
			java.security.cert.X509Certificate who = at >= 0 && at < path.size() ? path.get(at) : null;
			String why = reason(e, path.size());
			if (who != null && e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
				why += ": " + whyNoCrl(who, parameters, whole, trust);
			}
			return new CertificateException((who == null ? "the chain" : name(who)) + ": " + why);
		}
		int at = refused.getIndex();
		String who = at >= 0 && at < path.size() ? name(path.get(at)) : "the chain";
		String text = String.valueOf(refused.getMessage()).toLowerCase(java.util.Locale.ROOT);
		return new CertificateException(who + ": " + (text.contains("revocation") || text.contains("revoked")
				? "revoked, or its revocation status cannot be determined, by the CRLs and delta CRLs given"
				: "refused by PKIX path validation"));
	}

	/**
	 * Why no CRL of {@code cert}'s issuer settles its status, in words (the JDK's checker decided; this
	 * only explains): none given, none verifies with the issuer's key, or none is current.
	 */
	private static String whyNoCrl(java.security.cert.X509Certificate cert, java.security.cert.PKIXParameters parameters,
			List<java.security.cert.X509Certificate> path, java.util.Set<java.security.cert.TrustAnchor> trust) {
		javax.security.auth.x500.X500Principal issuer = cert.getIssuerX500Principal();
		String issuerName = issuer.getName(javax.security.auth.x500.X500Principal.RFC2253);
		List<java.security.cert.X509CRL> ofIssuer = new ArrayList<>();
		try {
			for (java.security.cert.CertStore store : parameters.getCertStores()) {
				for (java.security.cert.CRL crl : store.getCRLs(null)) {
					if (crl instanceof java.security.cert.X509CRL x && x.getIssuerX500Principal().equals(issuer)) {
						ofIssuer.add(x);
					}
				}
			}
		} catch (java.security.cert.CertStoreException e) {
			return "no CRL of " + issuerName + " could be read";
		}
		if (ofIssuer.isEmpty()) {
			return "no CRL of " + issuerName + " is configured (add one, or check revocation relaxed)";
		}
		java.security.PublicKey key = trust.stream().map(java.security.cert.TrustAnchor::getTrustedCert)
				.filter(t -> t.getSubjectX500Principal().equals(issuer)).map(java.security.cert.X509Certificate::getPublicKey)
				.findFirst().orElse(path.stream().filter(c -> c.getSubjectX500Principal().equals(issuer))
						.map(java.security.cert.X509Certificate::getPublicKey).findFirst().orElse(null));
		Date now = parameters.getDate();
		for (java.security.cert.X509CRL crl : ofIssuer) {
			if (key != null) {
				try {
					crl.verify(key);
				} catch (java.security.GeneralSecurityException e) {
					return "the CRL of " + issuerName + " does not verify with its issuer's key";
				}
			}
			if (crl.getNextUpdate() != null && now != null && crl.getNextUpdate().before(now)) {
				return "the CRL of " + issuerName + " is out of date (next update " + crl.getNextUpdate().toInstant()
						+ "): get a current one";
			}
		}
		return "no CRL of " + issuerName + " given here covers it";
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
			case REVOKED -> e.getCause() instanceof java.security.cert.CertificateRevokedException r2
					? "revoked on " + r2.getRevocationDate().toInstant() + " (" + r2.getRevocationReason() + ")"
					: "revoked";
			case ALGORITHM_CONSTRAINED -> "signed with an algorithm or key size the JDK no longer accepts";
			case UNDETERMINED_REVOCATION_STATUS -> "its revocation status cannot be determined";
			default -> String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("critical")
					? "a critical extension (in it or in its issuer's CRL) is not understood"
					: "refused by PKIX path validation";
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
		List<String> dns = new ArrayList<>();
		List<String> emails = new ArrayList<>();
		List<Octets> addresses = new ArrayList<>();
		GeneralNames san = GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
		if (san != null) {
			for (GeneralName n : san.getNames()) {
				switch (n.getTagNo()) {
				case GeneralName.dNSName -> dns.add(n.getName().toString());
				case GeneralName.rfc822Name -> emails.add(n.getName().toString());
				case GeneralName.iPAddress -> addresses.add(Octets.of(
						org.bouncycastle.asn1.ASN1OctetString.getInstance(n.getName()).getOctets()));
				default -> {
				}
				}
			}
		}
		return new Validated(PublicKeyFactory.createKey(cert.getSubjectPublicKeyInfo()), Octets.of(cert.getSubject().getEncoded()),
				dns, emails, addresses);
	}

}
