package org.ikewb.protocol;

import java.util.Collection;

/**
 * IKEv2 Payload Types (RFC 7296 §3.2, RFC 7383). {@code shortName} is the notation of message
 * summaries such as {@code SK{KEi(1)}} and of strongSwan's logs.
 */
public record PayloadType(int value, String ianaName, String shortName) implements IanaValue {

	private static final Registry<PayloadType> REGISTRY = new Registry<>(
			v -> new PayloadType(v, Registry.unknownName(v), "P" + v));

	/** "No Next Payload". */
	public static final int NONE = 0;

	public static final PayloadType SA = REGISTRY.define(new PayloadType(33, "Security Association", "SA"));
	public static final PayloadType KE = REGISTRY.define(new PayloadType(34, "Key Exchange", "KE"));
	public static final PayloadType IDI = REGISTRY.define(new PayloadType(35, "Identification - Initiator", "IDi"));
	public static final PayloadType IDR = REGISTRY.define(new PayloadType(36, "Identification - Responder", "IDr"));
	public static final PayloadType CERT = REGISTRY.define(new PayloadType(37, "Certificate", "CERT"));
	public static final PayloadType CERTREQ = REGISTRY.define(new PayloadType(38, "Certificate Request", "CERTREQ"));
	public static final PayloadType AUTH = REGISTRY.define(new PayloadType(39, "Authentication", "AUTH"));
	public static final PayloadType NONCE = REGISTRY.define(new PayloadType(40, "Nonce", "No"));
	public static final PayloadType NOTIFY = REGISTRY.define(new PayloadType(41, "Notify", "N"));
	public static final PayloadType DELETE = REGISTRY.define(new PayloadType(42, "Delete", "D"));
	public static final PayloadType VENDOR_ID = REGISTRY.define(new PayloadType(43, "Vendor ID", "V"));
	public static final PayloadType TSI = REGISTRY.define(new PayloadType(44, "Traffic Selector - Initiator", "TSi"));
	public static final PayloadType TSR = REGISTRY.define(new PayloadType(45, "Traffic Selector - Responder", "TSr"));
	public static final PayloadType SK = REGISTRY.define(new PayloadType(46, "Encrypted and Authenticated", "SK"));
	public static final PayloadType CP = REGISTRY.define(new PayloadType(47, "Configuration", "CP"));
	public static final PayloadType EAP = REGISTRY.define(new PayloadType(48, "Extensible Authentication", "EAP"));
	public static final PayloadType SKF = REGISTRY.define(
			new PayloadType(53, "Encrypted and Authenticated Fragment", "SKF"));

	public static PayloadType of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<PayloadType> all() {
		return REGISTRY.all();
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(value);
	}

	@Override
	public String toString() {
		return shortName;
	}

	// equals and hashCode written out, as a record's own would be: those are bootstrapped through
	// invokedynamic on first use (a few milliseconds each in a fresh JVM, for every registry type
	// the first exchange compares — a tenth of 'ikewb run' start-up).
	@Override
	public boolean equals(Object o) {
		return o instanceof PayloadType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName) && java.util.Objects.equals(other.shortName, shortName);
	}

	@Override
	public int hashCode() {
		return (31 * value + java.util.Objects.hashCode(ianaName)) * 31 + java.util.Objects.hashCode(shortName);
	}
}
