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

	// equals and hashCode written out, as a record's own would be: those are bootstrapped through
	// invokedynamic on first use (a few milliseconds each in a fresh JVM, for every registry type
	// the first exchange compares — a tenth of 'ikewb run' start-up).
	@Override
	public boolean equals(Object o) {
		return o instanceof HashAlgorithm other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
