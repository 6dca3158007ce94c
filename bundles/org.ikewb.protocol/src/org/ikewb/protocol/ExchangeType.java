package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Exchange Types (RFC 7296 §3.1, RFC 9242, RFC 9370). */
public record ExchangeType(int value, String ianaName) implements IanaValue {

	private static final Registry<ExchangeType> REGISTRY = new Registry<>(
			v -> new ExchangeType(v, Registry.unknownName(v)));

	public static final ExchangeType IKE_SA_INIT = REGISTRY.define(new ExchangeType(34, "IKE_SA_INIT"));
	public static final ExchangeType IKE_AUTH = REGISTRY.define(new ExchangeType(35, "IKE_AUTH"));
	public static final ExchangeType CREATE_CHILD_SA = REGISTRY.define(new ExchangeType(36, "CREATE_CHILD_SA"));
	public static final ExchangeType INFORMATIONAL = REGISTRY.define(new ExchangeType(37, "INFORMATIONAL"));
	public static final ExchangeType IKE_SESSION_RESUME = REGISTRY.define(new ExchangeType(38, "IKE_SESSION_RESUME"));
	public static final ExchangeType IKE_INTERMEDIATE = REGISTRY.define(new ExchangeType(43, "IKE_INTERMEDIATE"));
	public static final ExchangeType IKE_FOLLOWUP_KE = REGISTRY.define(new ExchangeType(44, "IKE_FOLLOWUP_KE"));

	public static ExchangeType of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<ExchangeType> all() {
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
		return o instanceof ExchangeType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
