package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Security Protocol Identifiers (RFC 7296 §3.3.1). */
public record ProtocolId(int value, String ianaName) implements IanaValue {

	private static final Registry<ProtocolId> REGISTRY = new Registry<>(v -> new ProtocolId(v, Registry.unknownName(v)));

	public static final ProtocolId IKE = REGISTRY.define(new ProtocolId(1, "IKE"));
	public static final ProtocolId AH = REGISTRY.define(new ProtocolId(2, "AH"));
	public static final ProtocolId ESP = REGISTRY.define(new ProtocolId(3, "ESP"));

	public static ProtocolId of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<ProtocolId> all() {
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
		return o instanceof ProtocolId other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
