package org.ikewb.protocol;

import java.util.Collection;

/**
 * Transform Type 3 "Integrity Algorithm" IDs.
 *
 * @param keyLength octets of SK_ai / SK_ar
 * @param icvLength octets of the truncated ICV on the wire
 */
public record IntegrityAlgorithm(int value, String ianaName, String keyword, int keyLength, int icvLength,
		AlgorithmStatus status) implements IanaValue {

	private static final Registry<IntegrityAlgorithm> REGISTRY = new Registry<>(
			v -> new IntegrityAlgorithm(v, Registry.unknownName(v), "integ" + v, 0, 0, AlgorithmStatus.UNLISTED));

	public static final IntegrityAlgorithm NONE = define(0, "NONE", "none", 0, 0, AlgorithmStatus.UNLISTED);
	public static final IntegrityAlgorithm HMAC_MD5_96 = define(1, "AUTH_HMAC_MD5_96", "md5", 16, 12, AlgorithmStatus.MUST_NOT);
	public static final IntegrityAlgorithm HMAC_SHA1_96 = define(2, "AUTH_HMAC_SHA1_96", "sha1", 20, 12, AlgorithmStatus.MUST_MINUS);
	public static final IntegrityAlgorithm DES_MAC = define(3, "AUTH_DES_MAC", "desmac", 8, 8, AlgorithmStatus.MUST_NOT);
	public static final IntegrityAlgorithm KPDK_MD5 = define(4, "AUTH_KPDK_MD5", "kpdkmd5", 16, 16, AlgorithmStatus.MUST_NOT);
	public static final IntegrityAlgorithm AES_XCBC_96 = define(5, "AUTH_AES_XCBC_96", "aesxcbc", 16, 12, AlgorithmStatus.SHOULD);
	public static final IntegrityAlgorithm HMAC_SHA2_256_128 = define(12, "AUTH_HMAC_SHA2_256_128", "sha256", 32, 16, AlgorithmStatus.MUST);
	public static final IntegrityAlgorithm HMAC_SHA2_384_192 = define(13, "AUTH_HMAC_SHA2_384_192", "sha384", 48, 24, AlgorithmStatus.UNLISTED);
	public static final IntegrityAlgorithm HMAC_SHA2_512_256 = define(14, "AUTH_HMAC_SHA2_512_256", "sha512", 64, 32, AlgorithmStatus.SHOULD);

	private static IntegrityAlgorithm define(int value, String name, String keyword, int keyLength, int icvLength,
			AlgorithmStatus status) {
		return REGISTRY.define(new IntegrityAlgorithm(value, name, keyword, keyLength, icvLength, status), keyword);
	}

	public static IntegrityAlgorithm of(int value) {
		return REGISTRY.of(value);
	}

	public static java.util.Optional<IntegrityAlgorithm> byName(String name) {
		return REGISTRY.byName(name);
	}

	public static Collection<IntegrityAlgorithm> all() {
		return REGISTRY.all();
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(value);
	}

	@Override
	public String toString() {
		return ianaName;
	}
}
