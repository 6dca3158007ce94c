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

	private Pki(AsymmetricCipherKeyPair caKeys, X509CertificateHolder caCertificate, SecureRandom random) {
		this.caKeys = caKeys;
		this.caCertificate = caCertificate;
		this.random = random;
	}

	/** A new CA with a self-signed certificate valid for a day. */
	public static Pki newCa(String commonName, SecureRandom random) {
		AsymmetricCipherKeyPair keys = p256(random);
		X500Name name = new X500Name("CN=" + commonName);
		try {
			X509v3CertificateBuilder builder = builder(name, name, keys, random)
					.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
					.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			return new Pki(keys, builder.build(signer(keys)), random);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** An end-entity certificate for {@code commonName} with {@code dnsName} as subject alternative name. */
	public Certificates.Local issue(String commonName, String dnsName) {
		AsymmetricCipherKeyPair keys = p256(random);
		try {
			X509v3CertificateBuilder builder = builder(caCertificate.getSubject(), new X500Name("CN=" + commonName), keys,
					random).addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
					.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
					.addExtension(Extension.subjectAlternativeName, false,
							new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
			X509CertificateHolder cert = builder.build(signer(caKeys));
			return new Certificates.Local(List.of(Octets.of(cert.getEncoded())), keys.getPrivate(),
					SignatureScheme.ECDSA_P256_SHA256);
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

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, AsymmetricCipherKeyPair keys,
			SecureRandom random) throws IOException {
		Instant now = Instant.now();
		SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic());
		return new X509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, info);
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
