package org.ikewb.crypto;

import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.Octets;

/**
 * The key schedule of IKEv2 (RFC 7296 §2.14, §2.17, §2.18) with multiple key exchanges (RFC 9370
 * §2.2.2–2.2.4).
 */
public final class KeySchedule {

	private KeySchedule() {
	}

	/** SKEYSEED = prf(Ni | Nr, g^ir); a fixed-key PRF takes the first 8 octets of each nonce. */
	public static Octets initialSkeyseed(Prf prf, Octets ni, Octets nr, Octets sharedSecret) {
		Octets key = prf.algorithm().fixedKey() ? Octets.concat(ni.slice(0, 8), nr.slice(0, 8))
				: Octets.concat(ni, nr);
		return prf.compute(key, sharedSecret);
	}

	/** RFC 9370 §2.2.2: SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr), with IKE_SA_INIT's nonces. */
	public static Octets additionalSkeyseed(Prf prf, Octets previousSkD, Octets sharedSecret, Octets ni, Octets nr) {
		return prf.compute(previousSkD, sharedSecret, ni, nr);
	}

	/**
	 * IKE SA rekey (RFC 7296 §2.18, RFC 9370 §2.2.4): SKEYSEED = prf(SK_d(old), SK(0) | Ni | Nr |
	 * SK(1) | ... | SK(n)), with the nonces of the CREATE_CHILD_SA exchange and the OLD IKE SA's PRF
	 * (the rekey exchange belongs to the old SA).
	 */
	public static Octets rekeySkeyseed(Prf oldPrf, Octets oldSkD, Octets ni, Octets nr, Octets... secrets) {
		Octets[] parts = new Octets[secrets.length + 2];
		parts[0] = secrets[0];
		parts[1] = ni;
		parts[2] = nr;
		System.arraycopy(secrets, 1, parts, 3, secrets.length - 1);
		return oldPrf.compute(oldSkD, parts);
	}

	/**
	 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
	 */
	public static IkeSaKeys derive(int generation, Prf prf, EncryptionAlgorithm encryption, int keyBits,
			IntegrityAlgorithm integrity, Octets skeyseed, Octets ni, Octets nr, long spiI, long spiR) {
		return derive(generation, prf, prf, encryption, keyBits, integrity, skeyseed, ni, nr, spiI, spiR);
	}

	/**
	 * The keys of a rekeyed IKE SA, which may use other algorithms than the old one (RFC 7296
	 * §2.18): SKEYSEED with the OLD SA's PRF (the exchange belongs to it), the keys sized for the new
	 * algorithms. Which PRF runs prf+ the implementations read differently when the PRF changes:
	 * Libreswan 5.2 takes the new SA's ({@code prfPlusWithOldPrf} false, the RFC's general rule for
	 * prf+), strongSwan 6.1 the old SA's ("use OLD SAs PRF functions for both prf_plus and prf").
	 * With the same PRF both give the same keys.
	 */
	public static IkeSaKeys afterRekey(Prf oldPrf, Octets oldSkD, Prf newPrf, boolean prfPlusWithOldPrf,
			EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, Octets ni, Octets nr, long spiI,
			long spiR, Octets... secrets) {
		Octets skeyseed = rekeySkeyseed(oldPrf, oldSkD, ni, nr, secrets);
		return derive(0, prfPlusWithOldPrf ? oldPrf : newPrf, newPrf, encryption, keyBits, integrity, skeyseed, ni, nr,
				spiI, spiR);
	}

	private static IkeSaKeys derive(int generation, Prf prfPlus, Prf prf, EncryptionAlgorithm encryption, int keyBits,
			IntegrityAlgorithm integrity, Octets skeyseed, Octets ni, Octets nr, long spiI, long spiR) {
		int d = prf.keyLength();
		int a = encryption.aead() ? 0 : integrity.keyLength();
		int e = IkeSaKeys.encryptionKeyLength(encryption, keyBits);
		int p = prf.keyLength();
		byte[] seed = Octets.concat(ni, nr, spis(spiI, spiR)).toByteArray();
		byte[] km = prfPlus.plus(skeyseed.toByteArray(), seed, d + 2 * a + 2 * e + 2 * p);
		int at = 0;
		Octets skD = Octets.of(km, at, d);
		Octets skAi = Octets.of(km, at += d, a);
		Octets skAr = Octets.of(km, at += a, a);
		Octets skEi = Octets.of(km, at += a, e);
		Octets skEr = Octets.of(km, at += e, e);
		Octets skPi = Octets.of(km, at += e, p);
		Octets skPr = Octets.of(km, at += p, p);
		java.util.Arrays.fill(km, (byte) 0);
		return new IkeSaKeys(generation, prf, encryption, keyBits, aeadIntegrity(encryption, integrity), skeyseed, skD,
				skAi, skAr, skEi, skEr, skPi, skPr);
	}

	private static IntegrityAlgorithm aeadIntegrity(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity) {
		return encryption.aead() ? IntegrityAlgorithm.NONE : integrity;
	}

	/**
	 * RFC 8784 §3: a post-quantum preshared key mixed into the keys IKE_AUTH and every later key
	 * derive from — SK_d = prf+(PPK, SK_d'), SK_pi = prf+(PPK, SK_pi'), SK_pr = prf+(PPK, SK_pr'),
	 * each as long as before. SK_e and SK_a stay: IKE_AUTH is protected with the keys both sides have
	 * whether or not the responder knows the PPK. The generation stays too: no key exchange happened.
	 */
	public static IkeSaKeys withPpk(IkeSaKeys keys, byte[] ppk) {
		if (ppk == null || ppk.length == 0) {
			throw new IllegalArgumentException("an empty PPK");
		}
		Prf prf = keys.prf();
		Octets skD = Octets.of(prf.plus(ppk, keys.skD().toByteArray(), keys.skD().length()));
		Octets skPi = Octets.of(prf.plus(ppk, keys.skPi().toByteArray(), keys.skPi().length()));
		Octets skPr = Octets.of(prf.plus(ppk, keys.skPr().toByteArray(), keys.skPr().length()));
		return new IkeSaKeys(keys.generation(), prf, keys.encryption(), keys.encryptionKeyBits(), keys.integrity(),
				copy(keys.skeyseed()), skD, copy(keys.skAi()), copy(keys.skAr()), copy(keys.skEi()), copy(keys.skEr()), skPi, skPr);
	}

	private static Octets copy(Octets o) {
		return o == null ? null : Octets.of(o.toByteArray());
	}

	/** The next generation after an additional key exchange of the initial exchanges. */
	public static IkeSaKeys afterAdditionalKeyExchange(IkeSaKeys current, Octets sharedSecret, Octets ni, Octets nr,
			long spiI, long spiR) {
		Octets skeyseed = additionalSkeyseed(current.prf(), current.skD(), sharedSecret, ni, nr);
		return derive(current.generation() + 1, current.prf(), current.encryption(), current.encryptionKeyBits(),
				current.integrity(), skeyseed, ni, nr, spiI, spiR);
	}

	/**
	 * Child SA keying material (RFC 7296 §2.17, RFC 9370 §2.2.4): prf+(SK_d, [SK(0) |] Ni | Nr [| SK(1)
	 * | ... | SK(n)]); {@code secrets} is empty without PFS.
	 */
	public static Octets childKeymat(Prf prf, Octets skD, Octets ni, Octets nr, int length, Octets... secrets) {
		Octets seed;
		if (secrets.length == 0) {
			seed = Octets.concat(ni, nr);
		} else {
			Octets[] parts = new Octets[secrets.length + 2];
			parts[0] = secrets[0];
			parts[1] = ni;
			parts[2] = nr;
			System.arraycopy(secrets, 1, parts, 3, secrets.length - 1);
			seed = Octets.concat(parts);
		}
		return Octets.of(prf.plus(skD.toByteArray(), seed.toByteArray(), length));
	}

	static Octets spis(long spiI, long spiR) {
		byte[] b = new byte[16];
		for (int i = 0; i < 8; i++) {
			b[i] = (byte) (spiI >>> (56 - 8 * i));
			b[8 + i] = (byte) (spiR >>> (56 - 8 * i));
		}
		return Octets.of(b);
	}
}
