package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ikewb.crypto.Certificates;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.Test;

/**
 * Certificate path validation on the JDK's PKIX validator (RFC 5280) with the IKE profile of
 * RFC 4945 on top (#22): each way a chain can be wrong is refused, with a reason a person reads.
 */
class CertificatePathTest {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
	private static final AtomicLong SERIAL = new AtomicLong(1);

	private static KeyPair keys() throws Exception {
		KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
		g.initialize(new ECGenParameterSpec("secp256r1"));
		return g.generateKeyPair();
	}

	/** A certificate for {@code subject}, signed by {@code issuerKeys} as {@code issuer}, valid around NOW. */
	private static Octets cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			Consumer<X509v3CertificateBuilder> extensions) throws Exception {
		return signed(subject, subjectKeys, issuer, issuerKeys, "SHA256withECDSA", extensions);
	}

	private static Consumer<X509v3CertificateBuilder> ca(int keyUsage) {
		return b -> {
			try {
				b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
				b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		};
	}

	private static Consumer<X509v3CertificateBuilder> endEntity(int keyUsage, Consumer<X509v3CertificateBuilder> more) {
		return b -> {
			try {
				b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
				b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
				b.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, "gw.example.net")));
				more.accept(b);
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		};
	}

	/** Root CA → intermediate "CN=Sub" → end entity "CN=gw", with their keys. */
	private record Chain(KeyPair rootKeys, KeyPair subKeys, KeyPair eeKeys, Octets root, Octets sub, Octets ee) {
	}

	private static Chain chain() throws Exception {
		KeyPair rootKeys = keys();
		KeyPair subKeys = keys();
		KeyPair eeKeys = keys();
		return new Chain(rootKeys, subKeys, eeKeys,
				cert("CN=Root", rootKeys, "CN=Root", rootKeys, ca(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
				cert("CN=Sub", subKeys, "CN=Root", rootKeys, ca(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
				cert("CN=gw", eeKeys, "CN=Sub", subKeys, endEntity(KeyUsage.digitalSignature, b -> {
				})));
	}

	/** A certificate signed with {@code algorithm} (a JCA signature name) by {@code issuerKeys}. */
	private static Octets signed(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, String algorithm,
			Consumer<X509v3CertificateBuilder> extensions) throws Exception {
		X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
				BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(NOW.minus(Duration.ofDays(30))),
				Date.from(NOW.plus(Duration.ofDays(30))), new X500Name(subject), subjectKeys.getPublic());
		extensions.accept(b);
		return Octets.of(b.build(new JcaContentSignerBuilder(algorithm).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
				.build(issuerKeys.getPrivate())).getEncoded());
	}

	@Test
	void ed25519AndRsaPssPathsValidate() throws Exception {
		// Ed25519 (RFC 8410) from root to end entity
		KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
		KeyPair edRoot = ed.generateKeyPair();
		KeyPair edLeaf = ed.generateKeyPair();
		Octets edRootCert = signed("CN=Ed Root", edRoot, "CN=Ed Root", edRoot, "Ed25519", ca(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		Octets edLeafCert = signed("CN=ed", edLeaf, "CN=Ed Root", edRoot, "Ed25519", endEntity(KeyUsage.digitalSignature, b -> {
		}));
		assertEquals(List.of("gw.example.net"), Certificates.validate(List.of(edLeafCert), List.of(edRootCert), NOW).altNames());
		Octets edForged = signed("CN=ed", edLeaf, "CN=Ed Root", ed.generateKeyPair(), "Ed25519", endEntity(KeyUsage.digitalSignature,
				b -> {
				}));
		assertTrue(refused(List.of(edForged), edRootCert, NOW).contains("signature does not verify"));
		// RSASSA-PSS (RFC 4055) signatures on an RSA hierarchy
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		KeyPair rsaRoot = rsa.generateKeyPair();
		KeyPair rsaLeaf = rsa.generateKeyPair();
		Octets pssRoot = signed("CN=PSS Root", rsaRoot, "CN=PSS Root", rsaRoot, "SHA256withRSAandMGF1",
				ca(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		Octets pssLeaf = signed("CN=pss", rsaLeaf, "CN=PSS Root", rsaRoot, "SHA256withRSAandMGF1",
				endEntity(KeyUsage.digitalSignature, b -> {
				}));
		Certificates.validate(List.of(pssLeaf), List.of(pssRoot), NOW);
		assertTrue(refused(List.of(pssLeaf), pssRoot, NOW.plus(Duration.ofDays(40))).endsWith("expired"));
	}

	@Test
	void eachIdTypeIsBoundToItsOwnKindOfName() throws Exception {
		Chain c = chain();
		KeyPair keys = keys();
		Octets ee = cert("CN=multi", keys, "CN=Sub", c.subKeys(), b -> {
			try {
				b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
				b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
						new GeneralName(GeneralName.dNSName, "gw.example.net"),
						new GeneralName(GeneralName.rfc822Name, "ops@example.net"),
						new GeneralName(GeneralName.iPAddress, "192.0.2.1") }));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		Certificates.Validated v = Certificates.validate(List.of(ee, c.sub()), List.of(c.root()), NOW);
		java.util.function.Function<String, Octets> ascii = t -> Octets.of(t.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertTrue(v.names(org.ikewb.protocol.IdType.FQDN, ascii.apply("GW.Example.NET")), "DNS names ignore case");
		assertTrue(v.names(org.ikewb.protocol.IdType.RFC822_ADDR, ascii.apply("ops@example.net")));
		assertTrue(v.names(org.ikewb.protocol.IdType.IPV4_ADDR, Octets.fromHex("c0000201")));
		assertTrue(v.names(org.ikewb.protocol.IdType.DER_ASN1_DN, Octets.of(new X500Name("CN=multi").getEncoded())));
		// a name of one kind never stands for an identity of another
		assertTrue(!v.names(org.ikewb.protocol.IdType.FQDN, ascii.apply("ops@example.net")), "an e-mail is not an FQDN");
		assertTrue(!v.names(org.ikewb.protocol.IdType.RFC822_ADDR, ascii.apply("gw.example.net")), "an FQDN is not an e-mail");
		assertTrue(!v.names(org.ikewb.protocol.IdType.IPV4_ADDR, Octets.fromHex("c0000202")));
		assertTrue(!v.names(org.ikewb.protocol.IdType.FQDN, ascii.apply("other.example.net")));
		assertTrue(!v.names(org.ikewb.protocol.IdType.DER_ASN1_DN, Octets.of(new X500Name("CN=gw.example.net").getEncoded())));
	}

	private static String refused(List<Octets> chain, Octets anchor, Instant at) {
		return assertThrows(Certificates.CertificateException.class, () -> Certificates.validate(chain, List.of(anchor), at))
				.getMessage();
	}

	@Test
	void aGoodChainAndEachWayOneIsWrong() throws Exception {
		Chain c = chain();
		KeyPair rootKeys = c.rootKeys();
		KeyPair subKeys = c.subKeys();
		KeyPair eeKeys = c.eeKeys();
		Octets root = c.root();
		Octets sub = c.sub();
		Octets ee = c.ee();

		// good, and the intermediates in any order with something unrelated among them
		Certificates.Validated ok = Certificates.validate(List.of(ee, sub), List.of(root), NOW);
		assertEquals(List.of("gw.example.net"), ok.altNames());
		KeyPair other = keys();
		Octets stranger = cert("CN=Stranger", other, "CN=Stranger", other, ca(KeyUsage.keyCertSign));
		Certificates.validate(List.of(ee, stranger, sub), List.of(root), NOW);

		// the clock: expired, not yet valid
		assertTrue(refused(List.of(ee, sub), root, NOW.plus(Duration.ofDays(40))).endsWith("expired"));
		assertTrue(refused(List.of(ee, sub), root, NOW.minus(Duration.ofDays(40))).endsWith("not valid yet"));
		// another CA
		assertTrue(refused(List.of(ee, sub), stranger, NOW).contains("not issued by a trusted CA"));
		// a missing intermediate
		assertTrue(refused(List.of(ee), root, NOW).contains("not issued by a trusted CA"));

		// a CA without keyCertSign
		Octets weakSub = cert("CN=Sub", subKeys, "CN=Root", rootKeys, ca(KeyUsage.digitalSignature));
		String noSign = refused(List.of(ee, weakSub), root, NOW);
		assertTrue(noSign.startsWith("CN=Sub: ") && noSign.contains("keyCertSign"), noSign);

		// an end entity used as a CA
		KeyPair leafKeys = keys();
		Octets eeAsCa = cert("CN=Sub", subKeys, "CN=Root", rootKeys, endEntity(KeyUsage.keyCertSign, b -> {
		}));
		Octets leaf = cert("CN=leaf", leafKeys, "CN=Sub", subKeys, endEntity(KeyUsage.digitalSignature, b -> {
		}));
		String notCa = refused(List.of(leaf, eeAsCa), root, NOW);
		assertTrue(notCa.contains("not one (basicConstraints)"), notCa);

		// an unknown critical extension
		Octets critical = cert("CN=gw", eeKeys, "CN=Sub", subKeys, endEntity(KeyUsage.digitalSignature, b -> {
			try {
				b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true, new DEROctetString(new byte[] { 1 }));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}));
		assertTrue(refused(List.of(critical, sub), root, NOW).contains("critical extension that is not understood"));

		// RFC 4945 on the end entity: key usage without digital signatures, extended key usage without IKE
		Octets encipherOnly = cert("CN=gw", eeKeys, "CN=Sub", subKeys, endEntity(KeyUsage.keyEncipherment, b -> {
		}));
		assertTrue(refused(List.of(encipherOnly, sub), root, NOW).contains("does not allow digital signatures"));
		Octets codeSigning = cert("CN=gw", eeKeys, "CN=Sub", subKeys, endEntity(KeyUsage.digitalSignature, b -> {
			try {
				b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}));
		assertTrue(refused(List.of(codeSigning, sub), root, NOW).contains("does not include IKE"));
		Octets ipsecIke = cert("CN=gw", eeKeys, "CN=Sub", subKeys, endEntity(KeyUsage.digitalSignature, b -> {
			try {
				b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_ipsecIKE));
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}));
		Certificates.validate(List.of(ipsecIke, sub), List.of(root), NOW);

		// a signature that does not verify: the end entity signed by a key that is not its issuer's
		Octets forged = cert("CN=gw", eeKeys, "CN=Sub", other, endEntity(KeyUsage.digitalSignature, b -> {
		}));
		assertTrue(refused(List.of(forged, sub), root, NOW).contains("signature does not verify"));
	}

	private static Octets crl(String issuer, KeyPair signer, Instant nextUpdate, BigInteger... revoked) throws Exception {
		org.bouncycastle.cert.X509v2CRLBuilder b = new org.bouncycastle.cert.X509v2CRLBuilder(new X500Name(issuer),
				Date.from(NOW.minus(Duration.ofDays(1))));
		b.setNextUpdate(Date.from(nextUpdate));
		for (BigInteger serial : revoked) {
			b.addCRLEntry(serial, Date.from(NOW.minus(Duration.ofHours(1))), org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
		}
		return Octets.of(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())).getEncoded());
	}

	private static BigInteger serial(Octets cert) throws Exception {
		return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
				.generateCertificate(new java.io.ByteArrayInputStream(cert.toByteArray()))).getSerialNumber();
	}

	@Test
	void revocationListsRefuseWhatTheyListAndAreThemselvesChecked() throws Exception {
		Chain c = chain();
		KeyPair rootKeys = c.rootKeys();
		KeyPair subKeys = c.subKeys();
		Octets root = c.root();
		Octets sub = c.sub();
		Octets ee = c.ee();
		Instant later = NOW.plus(Duration.ofDays(7));
		// the end entity on its issuer's CRL: refused, with when and why
		String revoked = assertThrows(Certificates.CertificateException.class, () -> Certificates.validate(List.of(ee, sub),
				List.of(root), List.of(crl("CN=Sub", subKeys, later, serial(ee))), NOW)).getMessage();
		assertTrue(revoked.startsWith("CN=gw: revoked on ") && revoked.contains("KEY_COMPROMISE"), revoked);
		// the intermediate on the root's CRL
		String subRevoked = assertThrows(Certificates.CertificateException.class, () -> Certificates.validate(List.of(ee, sub),
				List.of(root), List.of(crl("CN=Root", rootKeys, later, serial(sub))), NOW)).getMessage();
		assertTrue(subRevoked.startsWith("CN=Sub: revoked on "), subRevoked);
		// CRLs that list others: accepted
		Certificates.validate(List.of(ee, sub), List.of(root), List.of(crl("CN=Sub", subKeys, later, BigInteger.valueOf(999_999)),
				crl("CN=Root", rootKeys, later)), NOW);
		// a CRL signed by someone else, or past its next update, is no CRL to trust
		KeyPair other = keys();
		String forged = assertThrows(Certificates.CertificateException.class, () -> Certificates.validate(List.of(ee, sub),
				List.of(root), List.of(crl("CN=Sub", other, later)), NOW)).getMessage();
		assertTrue(forged.contains("does not verify with its issuer's key"), forged);
		String stale = assertThrows(Certificates.CertificateException.class, () -> Certificates.validate(List.of(ee, sub),
				List.of(root), List.of(crl("CN=Sub", subKeys, NOW.minus(Duration.ofHours(2)))), NOW)).getMessage();
		assertTrue(stale.contains("is out of date"), stale);
	}
}
