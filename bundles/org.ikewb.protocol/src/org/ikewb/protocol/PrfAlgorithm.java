package org.ikewb.protocol;

import java.util.Collection;

/**
 * Transform Type 2 "Pseudorandom Function" IDs.
 *
 * @param outputLength octets of one PRF output (and of SK_d, SK_pi, SK_pr)
 * @param fixedKey     AES-XCBC-PRF-128 takes a 16-octet key (RFC 4434), so SKEYSEED uses the
 *                     first 8 octets of each nonce (RFC 7296 §2.14)
 */
public record PrfAlgorithm(int value, String ianaName, String keyword, int outputLength, boolean fixedKey,
		AlgorithmStatus status) implements IanaValue {

	private static final Registry<PrfAlgorithm> REGISTRY = new Registry<>(
			v -> new PrfAlgorithm(v, Registry.unknownName(v), "prf" + v, 0, false, AlgorithmStatus.UNLISTED));

	public static final PrfAlgorithm HMAC_MD5 = define(1, "PRF_HMAC_MD5", "prfmd5", 16, false, AlgorithmStatus.MUST_NOT);
	public static final PrfAlgorithm HMAC_SHA1 = define(2, "PRF_HMAC_SHA1", "prfsha1", 20, false, AlgorithmStatus.MUST_MINUS);
	public static final PrfAlgorithm AES128_XCBC = define(4, "PRF_AES128_XCBC", "prfaesxcbc", 16, true, AlgorithmStatus.SHOULD);
	public static final PrfAlgorithm HMAC_SHA2_256 = define(5, "PRF_HMAC_SHA2_256", "prfsha256", 32, false, AlgorithmStatus.MUST);
	public static final PrfAlgorithm HMAC_SHA2_384 = define(6, "PRF_HMAC_SHA2_384", "prfsha384", 48, false, AlgorithmStatus.SHOULD);
	public static final PrfAlgorithm HMAC_SHA2_512 = define(7, "PRF_HMAC_SHA2_512", "prfsha512", 64, false, AlgorithmStatus.SHOULD);

	private static PrfAlgorithm define(int value, String name, String keyword, int outputLength, boolean fixedKey,
			AlgorithmStatus status) {
		return REGISTRY.define(new PrfAlgorithm(value, name, keyword, outputLength, fixedKey, status), keyword);
	}

	public static PrfAlgorithm of(int value) {
		return REGISTRY.of(value);
	}

	public static java.util.Optional<PrfAlgorithm> byName(String name) {
		return REGISTRY.byName(name);
	}

	public static Collection<PrfAlgorithm> all() {
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
