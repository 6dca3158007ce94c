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

	/**
	 * Validates {@code chain} (end entity first) up to one of {@code anchors}: each certificate within
	 * its validity period and signed by the next one (or by the anchor), issuers marked as CAs.
	 */
	public static Validated validate(List<Octets> chain, List<Octets> anchors, Instant now) throws CertificateException {
		if (chain.isEmpty()) {
			throw new CertificateException("the peer sent no certificate");
		}
		if (anchors.isEmpty()) {
			throw new CertificateException("no trusted CA certificate is configured");
		}
		try {
			List<X509CertificateHolder> certs = new ArrayList<>();
			for (Octets c : chain) {
				certs.add(new X509CertificateHolder(c.toByteArray()));
			}
			List<X509CertificateHolder> trusted = new ArrayList<>();
			for (Octets a : anchors) {
				trusted.add(new X509CertificateHolder(a.toByteArray()));
			}
			Date date = Date.from(now);
			for (int i = 0; i < certs.size(); i++) {
				X509CertificateHolder cert = certs.get(i);
				if (!cert.isValidOn(date)) {
					throw new CertificateException(cert.getSubject() + " is not valid at " + now);
				}
				X509CertificateHolder issuer = i + 1 < certs.size() && certs.get(i + 1).getSubject().equals(cert.getIssuer())
						? certs.get(i + 1) : null;
				if (issuer == null) {
					for (X509CertificateHolder anchor : trusted) {
						if (anchor.getSubject().equals(cert.getIssuer()) && signedBy(cert, anchor)) {
							return validated(certs.get(0));
						}
					}
					throw new CertificateException(cert.getSubject() + " is not issued by a trusted CA (issuer "
							+ cert.getIssuer() + ")");
				}
				BasicConstraints bc = BasicConstraints.fromExtensions(issuer.getExtensions());
				if (bc == null || !bc.isCA()) {
					throw new CertificateException(issuer.getSubject() + " is not a CA");
				}
				if (!signedBy(cert, issuer)) {
					throw new CertificateException(cert.getSubject() + ": signature by " + issuer.getSubject()
							+ " does not verify");
				}
			}
			throw new CertificateException("the chain ends without a trusted CA");
		} catch (IOException | IllegalArgumentException e) {
			throw new CertificateException("malformed certificate: " + e.getMessage());
		}
	}

	private static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer)
			throws CertificateException {
		try {
			return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer));
		} catch (OperatorCreationException | CertException | java.security.cert.CertificateException e) {
			throw new CertificateException("cannot verify " + cert.getSubject() + ": " + e.getMessage());
		}
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
