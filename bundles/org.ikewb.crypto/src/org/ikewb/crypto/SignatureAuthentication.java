package org.ikewb.crypto;

import java.util.Arrays;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.ikewb.protocol.Octets;

/**
 * AUTH data for the Digital Signature method (RFC 7427 §3): one octet with the length of the
 * AlgorithmIdentifier, the DER AlgorithmIdentifier, then the signature over the signed octets
 * (ECDSA as DER ECDSA-Sig-Value, deterministic k of RFC 6979; Ed25519 over the octets themselves,
 * RFC 8420; RSASSA-PSS).
 */
public final class SignatureAuthentication {

	private SignatureAuthentication() {
	}

	private static Signer signer(SignatureScheme scheme) {
		return switch (scheme) {
		case ECDSA_P256_SHA256 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
				new SHA256Digest(), StandardDSAEncoding.INSTANCE);
		case ECDSA_P384_SHA384 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest())),
				new SHA384Digest(), StandardDSAEncoding.INSTANCE);
		case ECDSA_SHA512 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA512Digest())),
				new SHA512Digest(), StandardDSAEncoding.INSTANCE);
		case ED25519 -> new Ed25519Signer();
		case RSA_PSS_SHA256 -> pss(new SHA256Digest(), new SHA256Digest(), 32);
		case RSA_PSS_SHA384 -> pss(new SHA384Digest(), new SHA384Digest(), 48);
		case RSA_PSS_SHA512 -> pss(new SHA512Digest(), new SHA512Digest(), 64);
		};
	}

	private static Signer pss(Digest digest, Digest mgf, int salt) {
		return new PSSSigner(new RSABlindedEngine(), digest, mgf, salt);
	}

	/** Whether a key fits a scheme: an EC key for ECDSA, Ed25519 for Ed25519, RSA for PSS. */
	static boolean fits(SignatureScheme scheme, AsymmetricKeyParameter key) {
		return switch (scheme) {
		case ECDSA_P256_SHA256, ECDSA_P384_SHA384, ECDSA_SHA512 -> key instanceof ECKeyParameters;
		case ED25519 -> key instanceof Ed25519PrivateKeyParameters || key instanceof Ed25519PublicKeyParameters;
		case RSA_PSS_SHA256, RSA_PSS_SHA384, RSA_PSS_SHA512 -> key instanceof RSAKeyParameters;
		};
	}

	/** The AUTH payload data: signs {@code signedOctets} with {@code privateKey}. */
	public static Octets sign(SignatureScheme scheme, AsymmetricKeyParameter privateKey, Octets signedOctets) {
		if (!privateKey.isPrivate() || !fits(scheme, privateKey)) {
			throw new IllegalArgumentException(scheme + " cannot sign with this key");
		}
		Signer signer = signer(scheme);
		signer.init(true, privateKey);
		byte[] data = signedOctets.toByteArray();
		signer.update(data, 0, data.length);
		try {
			byte[] signature = signer.generateSignature();
			byte[] id = scheme.algorithmIdentifier();
			return Octets.concat(Octets.of(new byte[] { (byte) id.length }), Octets.of(id), Octets.of(signature));
		} catch (CryptoException e) {
			throw new IllegalStateException(scheme + " signing failed", e);
		}
	}

	/** Why an AUTH value was refused; null when it verifies. */
	public static String verify(Octets authData, AsymmetricKeyParameter publicKey, Octets signedOctets) {
		byte[] auth = authData.toByteArray();
		if (auth.length < 1 || auth.length < 1 + (auth[0] & 0xff)) {
			return "AUTH data too short for its AlgorithmIdentifier";
		}
		int idLength = auth[0] & 0xff;
		SignatureScheme scheme = SignatureScheme.byAlgorithmIdentifier(Arrays.copyOfRange(auth, 1, 1 + idLength));
		if (scheme == null) {
			return "unsupported signature AlgorithmIdentifier " + Octets.of(auth, 1, idLength).hex();
		}
		if (publicKey.isPrivate() || !fits(scheme, publicKey)) {
			return scheme + " does not fit the peer's certificate key";
		}
		Signer signer = signer(scheme);
		signer.init(false, publicKey);
		byte[] data = signedOctets.toByteArray();
		signer.update(data, 0, data.length);
		return signer.verifySignature(Arrays.copyOfRange(auth, 1 + idLength, auth.length)) ? null
				: scheme + " signature does not verify";
	}
}
