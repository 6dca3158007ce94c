package org.ikewb.crypto;

import java.nio.charset.StandardCharsets;

import org.ikewb.protocol.Octets;

/** The octets that IKE_AUTH signs or MACs (RFC 7296 §2.15, RFC 9242 §3.3.2) and the PSK AUTH value. */
public final class Authentication {

	private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

	private Authentication() {
	}

	/**
	 * InitiatorSignedOctets = RealMsg1 | NonceRData | prf(SK_pi, IDi') [| IntAuth_i | IntAuth_r |
	 * IKE_AUTH_MID], and the responder's alike with RealMsg2, Ni and prf(SK_pr, IDr').
	 *
	 * @param intAuth null when no IKE_INTERMEDIATE exchange took place
	 * @param authMessageId the message ID of the IKE_AUTH request
	 */
	public static Octets signedOctets(Octets realMessage, Octets peerNonce, Prf prf, Octets skP, Octets idBody,
			IntAuth intAuth, int authMessageId) {
		Octets macedId = prf.compute(skP, idBody);
		if (intAuth == null || intAuth.exchanges() == 0) {
			return Octets.concat(realMessage, peerNonce, macedId);
		}
		byte[] mid = { (byte) (authMessageId >>> 24), (byte) (authMessageId >>> 16), (byte) (authMessageId >>> 8),
				(byte) authMessageId };
		return Octets.concat(realMessage, peerNonce, macedId, intAuth.initiator(), intAuth.responder(), Octets.of(mid));
	}

	/** AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets). */
	public static Octets sharedKeyAuth(Prf prf, byte[] sharedSecret, Octets signedOctets) {
		byte[] padded = prf.compute(sharedSecret, KEY_PAD);
		Octets auth = Octets.of(prf.compute(padded, signedOctets.toByteArray()));
		java.util.Arrays.fill(padded, (byte) 0);
		return auth;
	}
}
