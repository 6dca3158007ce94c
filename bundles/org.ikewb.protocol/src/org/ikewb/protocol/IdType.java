package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Identification Payload ID Types (RFC 7296 §3.5). */
public record IdType(int value, String ianaName) implements IanaValue {

	private static final Registry<IdType> REGISTRY = new Registry<>(v -> new IdType(v, Registry.unknownName(v)));

	public static final IdType IPV4_ADDR = REGISTRY.define(new IdType(1, "ID_IPV4_ADDR"));
	public static final IdType FQDN = REGISTRY.define(new IdType(2, "ID_FQDN"));
	public static final IdType RFC822_ADDR = REGISTRY.define(new IdType(3, "ID_RFC822_ADDR"));
	public static final IdType IPV6_ADDR = REGISTRY.define(new IdType(5, "ID_IPV6_ADDR"));
	public static final IdType DER_ASN1_DN = REGISTRY.define(new IdType(9, "ID_DER_ASN1_DN"));
	public static final IdType DER_ASN1_GN = REGISTRY.define(new IdType(10, "ID_DER_ASN1_GN"));
	public static final IdType KEY_ID = REGISTRY.define(new IdType(11, "ID_KEY_ID"));
	public static final IdType FC_NAME = REGISTRY.define(new IdType(12, "ID_FC_NAME"));
	public static final IdType NULL = REGISTRY.define(new IdType(13, "ID_NULL"));

	public static IdType of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<IdType> all() {
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
		return o instanceof IdType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
