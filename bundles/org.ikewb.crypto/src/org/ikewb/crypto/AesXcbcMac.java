package org.ikewb.crypto;

import java.util.Arrays;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-XCBC-MAC (RFC 3566), composed from Bouncy Castle's AES block cipher, which offers no XCBC
 * mode of its own. Used for AUTH_AES_XCBC_96 (truncated to 12 octets) and PRF_AES128_XCBC
 * (RFC 4434, full 16 octets, with its rule for keys that are not 16 octets long).
 */
final class AesXcbcMac implements Mac {

	private static final int BLOCK = 16;

	private final byte[] k2 = new byte[BLOCK];
	private final byte[] k3 = new byte[BLOCK];
	private final BlockCipher k1Cipher = AESEngine.newInstance();
	private final int macSize;
	private final byte[] state = new byte[BLOCK];
	private final byte[] pending = new byte[BLOCK];
	private int pendingLength;

	AesXcbcMac(byte[] key, int macSize) {
		if (key.length != BLOCK) {
			throw new IllegalArgumentException("AES-XCBC-MAC needs a 16-octet key, got " + key.length);
		}
		this.macSize = macSize;
		BlockCipher keyCipher = AESEngine.newInstance();
		keyCipher.init(true, new KeyParameter(key));
		byte[] k1 = new byte[BLOCK];
		keyCipher.processBlock(filled(1), 0, k1, 0);
		keyCipher.processBlock(filled(2), 0, k2, 0);
		keyCipher.processBlock(filled(3), 0, k3, 0);
		k1Cipher.init(true, new KeyParameter(k1));
		Arrays.fill(k1, (byte) 0);
	}

	/** RFC 4434 §2: a shorter key is padded with zeros, a longer one replaced by its XCBC MAC under a zero key. */
	static byte[] prfKey(byte[] key) {
		if (key.length == BLOCK) {
			return key;
		}
		if (key.length < BLOCK) {
			return Arrays.copyOf(key, BLOCK);
		}
		AesXcbcMac mac = new AesXcbcMac(new byte[BLOCK], BLOCK);
		mac.update(key, 0, key.length);
		byte[] out = new byte[BLOCK];
		mac.doFinal(out, 0);
		return out;
	}

	private static byte[] filled(int value) {
		byte[] b = new byte[BLOCK];
		Arrays.fill(b, (byte) value);
		return b;
	}

	@Override
	public void init(CipherParameters params) {
		throw new UnsupportedOperationException("keyed at construction");
	}

	@Override
	public String getAlgorithmName() {
		return "AES-XCBC-MAC";
	}

	@Override
	public int getMacSize() {
		return macSize;
	}

	@Override
	public void update(byte in) {
		update(new byte[] { in }, 0, 1);
	}

	@Override
	public void update(byte[] in, int off, int len) {
		for (int i = 0; i < len; i++) {
			if (pendingLength == BLOCK) {
				// a full block is processed only once more input follows: the last block is special
				for (int j = 0; j < BLOCK; j++) {
					state[j] ^= pending[j];
				}
				k1Cipher.processBlock(state, 0, state, 0);
				pendingLength = 0;
			}
			pending[pendingLength++] = in[off + i];
		}
	}

	@Override
	public int doFinal(byte[] out, int outOff) {
		byte[] key;
		if (pendingLength == BLOCK) {
			key = k2;
		} else {
			pending[pendingLength] = (byte) 0x80;
			Arrays.fill(pending, pendingLength + 1, BLOCK, (byte) 0);
			key = k3;
		}
		for (int j = 0; j < BLOCK; j++) {
			state[j] ^= (byte) (pending[j] ^ key[j]);
		}
		k1Cipher.processBlock(state, 0, state, 0);
		System.arraycopy(state, 0, out, outOff, macSize);
		reset();
		return macSize;
	}

	@Override
	public void reset() {
		Arrays.fill(state, (byte) 0);
		Arrays.fill(pending, (byte) 0);
		pendingLength = 0;
	}
}
