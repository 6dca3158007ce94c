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
}
