package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Traffic Selector Types (RFC 7296 §3.13.1). */
public record TsType(int value, String ianaName) implements IanaValue {

	private static final Registry<TsType> REGISTRY = new Registry<>(v -> new TsType(v, Registry.unknownName(v)));

	public static final TsType IPV4_ADDR_RANGE = REGISTRY.define(new TsType(7, "TS_IPV4_ADDR_RANGE"));
	public static final TsType IPV6_ADDR_RANGE = REGISTRY.define(new TsType(8, "TS_IPV6_ADDR_RANGE"));

	public static TsType of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<TsType> all() {
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
		return o instanceof TsType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
