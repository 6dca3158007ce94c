package org.ikewb.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.ikewb.protocol.EncryptionAlgorithm;

/**
 * The ciphers of the SK payload: AES-CBC (RFC 3602) and the AEADs AES-GCM (RFC 5282) and
 * ChaCha20-Poly1305 (RFC 7634), whose nonce is the 4-octet salt from SK_e followed by the 8-octet IV.
 */
public final class SkCipher {

	private SkCipher() {
	}

	/*
	 * One JDK cipher object per thread for opening, initialised anew for every message: getInstance
	 * costs a provider lookup each time. (Its key stays in the object until the next init; the IKE
	 * SA's own keys live as long anyway.) Sealing with GCM takes a fresh object from the same
	 * provider: the JDK refuses to encrypt twice with one key and IV on one object, a safeguard that
	 * must not turn a caller's repeated seal into a failure here (fuzzing found this).
	 */
	private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> jdkCipher("AES/GCM/NoPadding"));
	private static final java.security.Provider GCM_PROVIDER = GCM.get().getProvider();
	private static final ThreadLocal<Cipher> CBC = ThreadLocal.withInitial(() -> jdkCipher("AES/CBC/NoPadding"));

	private static Cipher jdkCipher(String transformation) {
		try {
			return Cipher.getInstance(transformation);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException(transformation + ": " + e.getMessage(), e);
		}
	}

	static boolean supported(EncryptionAlgorithm algorithm) {
		return switch (algorithm.value()) {
		case 12, 18, 19, 20, 28 -> true;
		default -> false;
		};
	}

	/** AES-CBC over whole blocks, no padding of its own (IKE pads). */
	public static byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] data, int offset, int length) {
		if (CryptoProviders.jdkAes()) {
			try {
				Cipher cipher = CBC.get();
				cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
						new IvParameterSpec(iv));
				return cipher.doFinal(data, offset, length);
			} catch (GeneralSecurityException e) {
				throw new IllegalStateException("AES-CBC: " + e.getMessage(), e);
			}
		}
		BlockCipher cbc = CBCBlockCipher.newInstance(AESEngine.newInstance());
		cbc.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
		byte[] out = new byte[length];
		for (int i = 0; i < length; i += 16) {
			cbc.processBlock(data, offset + i, out, i);
		}
		return out;
	}

	/**
	 * AEAD seal or open. {@code keyAndSalt} is SK_e: the key followed by the salt.
	 *
	 * @throws InvalidCipherTextException when the tag does not verify
	 */
	public static byte[] aead(EncryptionAlgorithm algorithm, boolean encrypt, byte[] keyAndSalt, byte[] iv, byte[] aad,
			byte[] data, int offset, int length) throws InvalidCipherTextException {
		int keyLength = keyAndSalt.length - algorithm.saltLength();
		byte[] nonce = new byte[algorithm.saltLength() + iv.length];
		System.arraycopy(keyAndSalt, keyLength, nonce, 0, algorithm.saltLength());
		System.arraycopy(iv, 0, nonce, algorithm.saltLength(), iv.length);
		byte[] key = new byte[keyLength];
		System.arraycopy(keyAndSalt, 0, key, 0, keyLength);
		int tagBits = algorithm.icvLength() * 8;
		// the JDK's GCM takes tags of 96..128 bits: the 8-octet ICV (ENCR 18) stays with Bouncy Castle
		if (algorithm.value() != 28 && tagBits >= 96 && CryptoProviders.jdkAes()) {
			try {
				Cipher gcm = encrypt ? Cipher.getInstance("AES/GCM/NoPadding", GCM_PROVIDER) : GCM.get();
				gcm.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
						new GCMParameterSpec(tagBits, nonce));
				gcm.updateAAD(aad);
				return gcm.doFinal(data, offset, length);
			} catch (AEADBadTagException e) {
				throw new InvalidCipherTextException("mac check in GCM failed");
			} catch (GeneralSecurityException e) {
				throw new IllegalStateException("AES-GCM: " + e.getMessage(), e);
			} finally {
				java.util.Arrays.fill(key, (byte) 0);
			}
		}
		AEADCipher cipher = algorithm.value() == 28 ? new ChaCha20Poly1305()
				: GCMBlockCipher.newInstance(AESEngine.newInstance());
		cipher.init(encrypt, new AEADParameters(new KeyParameter(key), algorithm.icvLength() * 8, nonce, aad));
		byte[] out = new byte[cipher.getOutputSize(length)];
		int n = cipher.processBytes(data, offset, length, out, 0);
		cipher.doFinal(out, n);
		java.util.Arrays.fill(key, (byte) 0);
		return out;
	}
}
