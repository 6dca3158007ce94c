package org.ikewb.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A MAC keyed once and used for several outputs: {@link #doFinal} returns one output and leaves the
 * MAC keyed for the next, so prf+ keys HMAC once rather than once per block.
 */
abstract class KeyedMac {

	abstract void update(byte[] data, int offset, int length);

	abstract byte[] doFinal();

	final void update(byte[] data) {
		update(data, 0, data.length);
	}

	/** The HMAC of the named hash ("SHA1", "SHA256", "SHA384", "SHA512", "MD5"). */
	static KeyedMac hmac(String hash, byte[] key) {
		// SecretKeySpec refuses an empty key; HMAC itself allows one (RFC 2104 pads it)
		if (CryptoProviders.jdkHmac() && key.length > 0) {
			return new Jdk(Jdk.prototype(hash), key);
		}
		return new Bc(new HMac(digest(hash).get()), key);
	}

	static Supplier<Digest> digest(String hash) {
		return switch (hash) {
		case "MD5" -> MD5Digest::new;
		case "SHA1" -> SHA1Digest::new;
		case "SHA256" -> SHA256Digest::new;
		case "SHA384" -> SHA384Digest::new;
		case "SHA512" -> SHA512Digest::new;
		default -> throw new IllegalArgumentException("no hash " + hash);
		};
	}

	/** Bouncy Castle's (or our AES-XCBC) lightweight MAC. */
	static final class Bc extends KeyedMac {
		private final org.bouncycastle.crypto.Mac mac;

		Bc(org.bouncycastle.crypto.Mac mac, byte[] key) {
			this.mac = mac;
			if (key != null) {
				mac.init(new KeyParameter(key));
			}
		}

		@Override
		void update(byte[] data, int offset, int length) {
			mac.update(data, offset, length);
		}

		@Override
		byte[] doFinal() {
			byte[] out = new byte[mac.getMacSize()];
			mac.doFinal(out, 0);
			return out;
		}
	}

	/** The JDK's HMAC, cloned from one unkeyed prototype per hash (no provider lookup per use). */
	static final class Jdk extends KeyedMac {
		private static final java.util.concurrent.ConcurrentHashMap<String, Mac> PROTOTYPES = new java.util.concurrent.ConcurrentHashMap<>();

		private final Mac mac;

		static Mac prototype(String hash) {
			Mac proto = PROTOTYPES.computeIfAbsent(hash, h -> {
				try {
					return Mac.getInstance("Hmac" + h);
				} catch (NoSuchAlgorithmException e) {
					throw new IllegalStateException("the JDK has no Hmac" + h, e);
				}
			});
			try {
				return (Mac) proto.clone();
			} catch (CloneNotSupportedException e) {
				try {
					return Mac.getInstance(proto.getAlgorithm(), proto.getProvider());
				} catch (NoSuchAlgorithmException e2) {
					throw new IllegalStateException(e2);
				}
			}
		}

		Jdk(Mac mac, byte[] key) {
			this.mac = mac;
			try {
				mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
			} catch (InvalidKeyException e) {
				throw new IllegalStateException("HMAC refused a " + key.length + "-octet key", e);
			}
		}

		@Override
		void update(byte[] data, int offset, int length) {
			mac.update(data, offset, length);
		}

		@Override
		byte[] doFinal() {
			return mac.doFinal();
		}
	}
}
