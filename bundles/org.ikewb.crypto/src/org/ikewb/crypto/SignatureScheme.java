package org.ikewb.crypto;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.ikewb.protocol.HashAlgorithm;

/**
 * The signature schemes of RFC 7427 authentication (auth method 14) this code signs and verifies,
 * each with the AlgorithmIdentifier that the AUTH payload carries and the hash it announces in
 * SIGNATURE_HASH_ALGORITHMS.
 */
public enum SignatureScheme {
	ECDSA_P256_SHA256(X9ObjectIdentifiers.ecdsa_with_SHA256, null, HashAlgorithm.SHA2_256),
	ECDSA_P384_SHA384(X9ObjectIdentifiers.ecdsa_with_SHA384, null, HashAlgorithm.SHA2_384),
	/**
	 * ecdsa-with-SHA512 on a key of any curve: what we announce with SHA2-512 in
	 * SIGNATURE_HASH_ALGORITHMS must verify (Libreswan 5.2 signs its P-256 key with it).
	 */
	ECDSA_SHA512(X9ObjectIdentifiers.ecdsa_with_SHA512, null, HashAlgorithm.SHA2_512),
	ED25519(new ASN1ObjectIdentifier("1.3.101.112"), null, HashAlgorithm.IDENTITY),
	RSA_PSS_SHA256(PKCSObjectIdentifiers.id_RSASSA_PSS, pss(NISTObjectIdentifiers.id_sha256, 32), HashAlgorithm.SHA2_256),
	RSA_PSS_SHA384(PKCSObjectIdentifiers.id_RSASSA_PSS, pss(NISTObjectIdentifiers.id_sha384, 48), HashAlgorithm.SHA2_384),
	RSA_PSS_SHA512(PKCSObjectIdentifiers.id_RSASSA_PSS, pss(NISTObjectIdentifiers.id_sha512, 64), HashAlgorithm.SHA2_512);

	private final byte[] algorithmIdentifier;
	private final HashAlgorithm hash;

	SignatureScheme(ASN1ObjectIdentifier oid, RSASSAPSSparams params, HashAlgorithm hash) {
		this.hash = hash;
		AlgorithmIdentifier id = params == null ? new AlgorithmIdentifier(oid) : new AlgorithmIdentifier(oid, params);
		try {
			this.algorithmIdentifier = id.getEncoded(ASN1Encoding.DER);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static RSASSAPSSparams pss(ASN1ObjectIdentifier digest, int saltLength) {
		AlgorithmIdentifier hash = new AlgorithmIdentifier(digest, DERNull.INSTANCE);
		return new RSASSAPSSparams(hash, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hash),
				new ASN1Integer(saltLength), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
	}

	/** The DER AlgorithmIdentifier as the AUTH payload carries it (RFC 7427 §3). */
	public byte[] algorithmIdentifier() {
		return algorithmIdentifier.clone();
	}

	/** The hash announced in SIGNATURE_HASH_ALGORITHMS for this scheme. */
	public HashAlgorithm hash() {
		return hash;
	}

	/** The scheme whose AlgorithmIdentifier is exactly {@code der}, or null. */
	public static SignatureScheme byAlgorithmIdentifier(byte[] der) {
		for (SignatureScheme s : values()) {
			if (Arrays.equals(s.algorithmIdentifier, der)) {
				return s;
			}
		}
		return null;
	}
}
