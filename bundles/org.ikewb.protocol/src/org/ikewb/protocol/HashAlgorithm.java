package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Hash Algorithms for SIGNATURE_HASH_ALGORITHMS (RFC 7427 §7, RFC 8420). */
public record HashAlgorithm(int value, String ianaName) implements IanaValue {

	private static final Registry<HashAlgorithm> REGISTRY = new Registry<>(v -> new HashAlgorithm(v, Registry.unknownName(v)));

	public static final HashAlgorithm SHA1 = REGISTRY.define(new HashAlgorithm(1, "SHA1"));
	public static final HashAlgorithm SHA2_256 = REGISTRY.define(new HashAlgorithm(2, "SHA2_256"));
	public static final HashAlgorithm SHA2_384 = REGISTRY.define(new HashAlgorithm(3, "SHA2_384"));
	public static final HashAlgorithm SHA2_512 = REGISTRY.define(new HashAlgorithm(4, "SHA2_512"));
	public static final HashAlgorithm IDENTITY = REGISTRY.define(new HashAlgorithm(5, "IDENTITY"));

	public static HashAlgorithm of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<HashAlgorithm> all() {
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
