package org.ikewb.crypto;

import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.Octets;

/**
 * One generation of IKE SA keys: SK_d, SK_ai/ar, SK_ei/er (key plus AEAD salt), SK_pi/pr, with the
 * algorithms they serve. Generation 0 comes from IKE_SA_INIT; each additional key exchange
 * (RFC 9370) makes the next one. What goes on the wire is protected with one generation.
 */
public record IkeSaKeys(int generation, Prf prf, EncryptionAlgorithm encryption, int encryptionKeyBits,
		IntegrityAlgorithm integrity, Octets skeyseed, Octets skD, Octets skAi, Octets skAr, Octets skEi, Octets skEr,
		Octets skPi, Octets skPr) {

	/** Octets of an SK_e key including its AEAD salt. */
	public static int encryptionKeyLength(EncryptionAlgorithm encryption, int keyBits) {
		return encryption.keyBytes(keyBits) + encryption.saltLength();
	}

	/** SK_e of the sender (SK_ei for messages from the original initiator). */
	public Octets encryptionKey(boolean fromInitiator) {
		return fromInitiator ? skEi : skEr;
	}

	public Octets integrityKey(boolean fromInitiator) {
		return fromInitiator ? skAi : skAr;
	}

	@Override
	public String toString() {
		// key material is never printed by accident; the trace prints it on purpose
		return "IkeSaKeys[generation " + generation + ", " + prf.algorithm() + ", " + encryption + "_"
				+ encryptionKeyBits + ", " + integrity + "]";
	}

	/** Overwrites every secret of this generation with zeros (when its IKE SA is gone). */
	public void destroy() {
		for (Octets o : new Octets[] { skeyseed, skD, skAi, skAr, skEi, skEr, skPi, skPr }) {
			if (o != null) {
				o.destroy();
			}
		}
	}

	/** A copy that outlives {@link #destroy()}: what an opted-in key trace keeps. */
	public IkeSaKeys copy() {
		return new IkeSaKeys(generation, prf, encryption, encryptionKeyBits, integrity, copy(skeyseed), copy(skD),
				copy(skAi), copy(skAr), copy(skEi), copy(skEr), copy(skPi), copy(skPr));
	}

	private static Octets copy(Octets o) {
		return o == null ? null : Octets.of(o.toByteArray());
	}
}
