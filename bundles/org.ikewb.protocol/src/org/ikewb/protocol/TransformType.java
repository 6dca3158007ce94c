package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Transform Types (RFC 7296 §3.3.2; types 6..12 are ADDKE1..ADDKE7 of RFC 9370). */
public record TransformType(int value, String ianaName, String shortName) implements IanaValue {

	private static final Registry<TransformType> REGISTRY = new Registry<>(
			v -> new TransformType(v, Registry.unknownName(v), "T" + v));

	public static final TransformType ENCR = REGISTRY.define(new TransformType(1, "Encryption Algorithm", "ENCR"));
	public static final TransformType PRF = REGISTRY.define(new TransformType(2, "Pseudorandom Function", "PRF"));
	public static final TransformType INTEG = REGISTRY.define(new TransformType(3, "Integrity Algorithm", "INTEG"));
	public static final TransformType KE = REGISTRY.define(new TransformType(4, "Key Exchange Method", "KE"));
	public static final TransformType ESN = REGISTRY.define(new TransformType(5, "Extended Sequence Numbers", "ESN"));
	public static final TransformType ADDKE1 = REGISTRY.define(new TransformType(6, "Additional Key Exchange 1", "ADDKE1"));
	public static final TransformType ADDKE2 = REGISTRY.define(new TransformType(7, "Additional Key Exchange 2", "ADDKE2"));
	public static final TransformType ADDKE3 = REGISTRY.define(new TransformType(8, "Additional Key Exchange 3", "ADDKE3"));
	public static final TransformType ADDKE4 = REGISTRY.define(new TransformType(9, "Additional Key Exchange 4", "ADDKE4"));
	public static final TransformType ADDKE5 = REGISTRY.define(new TransformType(10, "Additional Key Exchange 5", "ADDKE5"));
	public static final TransformType ADDKE6 = REGISTRY.define(new TransformType(11, "Additional Key Exchange 6", "ADDKE6"));
	public static final TransformType ADDKE7 = REGISTRY.define(new TransformType(12, "Additional Key Exchange 7", "ADDKE7"));

	public static TransformType of(int value) {
		return REGISTRY.of(value);
	}

	/** ADDKE{round}, round 1..7. */
	public static TransformType additionalKeyExchange(int round) {
		if (round < 1 || round > 7) {
			throw new IllegalArgumentException("ADDKE round " + round + " is outside 1..7");
		}
		return of(5 + round);
	}

	public static Collection<TransformType> all() {
		return REGISTRY.all();
	}

	/** Types 4 and 6..12 carry key exchange methods. */
	public boolean carriesKeyExchange() {
		return value == 4 || isAdditionalKeyExchange();
	}

	public boolean isAdditionalKeyExchange() {
		return value >= 6 && value <= 12;
	}

	/** The ADDKE round (1..7), 0 for the primary KE and other types. */
	public int round() {
		return isAdditionalKeyExchange() ? value - 5 : 0;
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
		return o instanceof TransformType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName) && java.util.Objects.equals(other.shortName, shortName);
	}

	@Override
	public int hashCode() {
		return (31 * value + java.util.Objects.hashCode(ianaName)) * 31 + java.util.Objects.hashCode(shortName);
	}
}
