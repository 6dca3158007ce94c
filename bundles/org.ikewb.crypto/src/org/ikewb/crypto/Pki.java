package org.ikewb.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.ikewb.protocol.Octets;

/**
 * A small certificate authority for demonstrations and tests: ECDSA P-256 keys, a CA certificate
 * and end-entity certificates with a DNS name, written as PEM for strongSwan and for our own
 * configuration. Keys are made fresh every time; none is ever stored in the project.
 */
public final class Pki {

	private final AsymmetricCipherKeyPair caKeys;
	private final X509CertificateHolder caCertificate;
	private final SecureRandom random;
	/** Certificates between this CA and the root, this CA's own first (empty for a root). */
	private final List<Octets> above;

	private Pki(AsymmetricCipherKeyPair caKeys, X509CertificateHolder caCertificate, SecureRandom random) {
		this(caKeys, caCertificate, random, List.of());
	}

	private Pki(AsymmetricCipherKeyPair caKeys, X509CertificateHolder caCertificate, SecureRandom random, List<Octets> above) {
		this.caKeys = caKeys;
		this.caCertificate = caCertificate;
		this.random = random;
		this.above = List.copyOf(above);
	}

	/** What is wrong with an end-entity certificate, for catalogues of refusals (RFC 5280, RFC 4945). */
	public enum Flaw {
		/** Nothing. */
		NONE,
		/** Its validity ended an hour ago. */
		EXPIRED,
		/** Its validity starts in an hour. */
		NOT_YET_VALID,
		/** It carries a critical extension no implementation knows (a private OID). */
		UNKNOWN_CRITICAL_EXTENSION,
		/** Its key usage is keyEncipherment only: no signatures (RFC 4945 §5.1.3.2). */
		NO_DIGITAL_SIGNATURE,
		/** Its extended key usage is e-mail protection only, which does not include IKE (RFC 4945 §5.1.3.12). */
		EMAIL_ONLY
	}

	/** What is wrong with an intermediate CA certificate. */
	public enum CaFlaw {
		/** Nothing. */
		NONE,
		/** Its key usage lacks keyCertSign, which a certificate issuer needs (RFC 5280 §4.2.1.3). */
		NO_KEY_CERT_SIGN,
		/** It is an end entity (basicConstraints cA false) that issues certificates anyway. */
		NOT_A_CA
	}

	/** Private OID of the critical extension {@link Flaw#UNKNOWN_CRITICAL_EXTENSION} carries. */
	private static final org.bouncycastle.asn1.ASN1ObjectIdentifier UNKNOWN = new org.bouncycastle.asn1.ASN1ObjectIdentifier(
			"1.3.6.1.4.1.99999.1");

	/**
	 * An intermediate CA under this one ({@code flaw} makes it one that must not issue); what it issues
	 * carries the chain up to, not including, the root.
	 */
	public Pki intermediate(String commonName, CaFlaw flaw) {
		AsymmetricCipherKeyPair keys = p256(random);
		try {
			X509v3CertificateBuilder builder = builder(caCertificate.getSubject(), new X500Name("CN=" + commonName), keys, random,
					Duration.ofHours(-1), caKeys)
					.addExtension(Extension.basicConstraints, true, new BasicConstraints(flaw != CaFlaw.NOT_A_CA))
					.addExtension(Extension.keyUsage, true, new KeyUsage(switch (flaw) {
					case NONE -> KeyUsage.keyCertSign | KeyUsage.cRLSign;
					case NO_KEY_CERT_SIGN -> KeyUsage.digitalSignature | KeyUsage.cRLSign;
					case NOT_A_CA -> KeyUsage.digitalSignature | KeyUsage.keyCertSign; // claims to sign; basicConstraints says no
					}));
			X509CertificateHolder cert = builder.build(signer(caKeys));
			List<Octets> chain = new java.util.ArrayList<>();
			chain.add(Octets.of(cert.getEncoded()));
			chain.addAll(above);
			return new Pki(keys, cert, random, chain);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A new CA with a self-signed certificate valid for a day. */
	public static Pki newCa(String commonName, SecureRandom random) {
		AsymmetricCipherKeyPair keys = p256(random);
		X500Name name = new X500Name("CN=" + commonName);
		try {
			X509v3CertificateBuilder builder = builder(name, name, keys, random, Duration.ofHours(-1), keys)
					.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
					.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			return new Pki(keys, builder.build(signer(keys)), random);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** An end-entity certificate for {@code commonName} with {@code dnsName} as subject alternative name. */
	public Certificates.Local issue(String commonName, String dnsName) {
		return issue(commonName, dnsName, Flaw.NONE);
	}

	/**
	 * An end-entity certificate for {@code commonName} with {@code dnsName} as subject alternative name
	 * and the given flaw; its chain holds the intermediates up to the root.
	 */
	public Certificates.Local issue(String commonName, String dnsName, Flaw flaw) {
		AsymmetricCipherKeyPair keys = p256(random);
		try {
			X509v3CertificateBuilder builder = builder(caCertificate.getSubject(), new X500Name("CN=" + commonName), keys,
					random, switch (flaw) {
					case EXPIRED -> Duration.ofHours(-25);
					case NOT_YET_VALID -> Duration.ofHours(1);
					default -> Duration.ofHours(-1);
					}, caKeys).addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
					.addExtension(Extension.keyUsage, true, new KeyUsage(flaw == Flaw.NO_DIGITAL_SIGNATURE
							? KeyUsage.keyEncipherment
							: KeyUsage.digitalSignature))
					.addExtension(Extension.subjectAlternativeName, false,
							new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
			if (flaw == Flaw.UNKNOWN_CRITICAL_EXTENSION) {
				builder.addExtension(UNKNOWN, true, new org.bouncycastle.asn1.DERUTF8String("must be understood"));
			}
			if (flaw == Flaw.EMAIL_ONLY) {
				builder.addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
						org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_emailProtection));
			}
			X509CertificateHolder cert = builder.build(signer(caKeys));
			List<Octets> chain = new java.util.ArrayList<>();
			chain.add(Octets.of(cert.getEncoded()));
			chain.addAll(above);
			return new Certificates.Local(chain, keys.getPrivate(), SignatureScheme.ECDSA_P256_SHA256);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A CRL of this CA, valid for a day, that lists {@code revoked} (DER certificates this CA issued). */
	public Octets crl(List<Octets> revoked) {
		try {
			java.util.Date now = new java.util.Date();
			org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(caCertificate.getSubject(),
					now);
			builder.setNextUpdate(new java.util.Date(now.getTime() + 86_400_000L));
			// RFC 5280 §5.2.1, §5.2.3: a CRL names its signer's key and carries a number
			builder.addExtension(Extension.authorityKeyIdentifier, false, new org.bouncycastle.cert.bc.BcX509ExtensionUtils()
					.createAuthorityKeyIdentifier(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(caKeys.getPublic())));
			builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(
					BigInteger.valueOf(now.getTime())));
			for (Octets cert : revoked) {
				builder.addCRLEntry(new X509CertificateHolder(cert.toByteArray()).getSerialNumber(), now,
						org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
			}
			return Octets.of(builder.build(signer(caKeys)).getEncoded());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public Octets caCertificate() {
		try {
			return Octets.of(caCertificate.getEncoded());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** PEM text of DER certificates. */
	public static String certificatePem(List<Octets> certificates) {
		StringWriter out = new StringWriter();
		try (PemWriter pem = new PemWriter(out)) {
			for (Octets c : certificates) {
				pem.writeObject(new PemObject("CERTIFICATE", c.toByteArray()));
			}
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return out.toString();
	}

	/** PKCS#8 PEM text of a private key. */
	public static String privateKeyPem(Certificates.Local local) {
		StringWriter out = new StringWriter();
		try (PemWriter pem = new PemWriter(out)) {
			pem.writeObject(new PemObject("PRIVATE KEY",
					PrivateKeyInfoFactory.createPrivateKeyInfo(local.privateKey()).getEncoded()));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return out.toString();
	}

	private static AsymmetricCipherKeyPair p256(SecureRandom random) {
		ECKeyPairGenerator generator = new ECKeyPairGenerator();
		// named, not explicit, curve parameters: OpenSSL (and so strongSwan) refuses explicit ones
		generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
				CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1)), random));
		return generator.generateKeyPair();
	}

	/**
	 * Valid for a day from now plus {@code start}, with the key identifiers RFC 5280 §4.2.1.1-2 asks a
	 * conforming CA for (strongSwan finds a CA's CRLs by them).
	 */
	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, AsymmetricCipherKeyPair keys,
			SecureRandom random, Duration start, AsymmetricCipherKeyPair issuerKeys) throws IOException {
		Instant from = Instant.now().plus(start);
		SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic());
		org.bouncycastle.cert.bc.BcX509ExtensionUtils ids = new org.bouncycastle.cert.bc.BcX509ExtensionUtils();
		return new X509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
				Date.from(from), Date.from(from.plus(Duration.ofDays(1))), subject, info)
				.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(info))
				.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(
						SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(issuerKeys.getPublic())));
	}

	private static org.bouncycastle.operator.ContentSigner signer(AsymmetricCipherKeyPair keys) {
		AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
		AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
		try {
			return new BcECContentSignerBuilder(signature, digest).build(keys.getPrivate());
		} catch (OperatorCreationException e) {
			throw new IllegalStateException(e);
		}
	}
}
