package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Authentication Methods (RFC 7296 §3.8, RFC 4754, RFC 7427). */
public record AuthMethod(int value, String ianaName) implements IanaValue {

	private static final Registry<AuthMethod> REGISTRY = new Registry<>(v -> new AuthMethod(v, Registry.unknownName(v)));

	public static final AuthMethod RSA_SIGNATURE = REGISTRY.define(new AuthMethod(1, "RSA_DIGITAL_SIGNATURE"));
	public static final AuthMethod SHARED_KEY_MIC = REGISTRY.define(new AuthMethod(2, "SHARED_KEY_MESSAGE_INTEGRITY_CODE"));
	public static final AuthMethod DSS_SIGNATURE = REGISTRY.define(new AuthMethod(3, "DSS_DIGITAL_SIGNATURE"));
	public static final AuthMethod ECDSA_SHA256_P256 = REGISTRY.define(new AuthMethod(9, "ECDSA_SHA256_P256"));
	public static final AuthMethod ECDSA_SHA384_P384 = REGISTRY.define(new AuthMethod(10, "ECDSA_SHA384_P384"));
	public static final AuthMethod ECDSA_SHA512_P521 = REGISTRY.define(new AuthMethod(11, "ECDSA_SHA512_P521"));
	public static final AuthMethod GENERIC_SECURE_PASSWORD = REGISTRY.define(new AuthMethod(12, "GENERIC_SECURE_PASSWORD"));
	public static final AuthMethod NULL = REGISTRY.define(new AuthMethod(13, "NULL_AUTHENTICATION"));
	public static final AuthMethod DIGITAL_SIGNATURE = REGISTRY.define(new AuthMethod(14, "DIGITAL_SIGNATURE"));

	public static AuthMethod of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<AuthMethod> all() {
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
		return o instanceof AuthMethod other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
