package org.ikewb.protocol;

import java.util.Collection;
import java.util.Optional;

/**
 * Transform Type 4 "Key Exchange Method" IDs (formerly Diffie-Hellman group numbers), used by the
 * primary KE and by ADDKE1..7 (RFC 9370). The one place where the project learns which methods
 * exist, what they are called, how large their KE payloads are, and which are post-quantum.
 */
public final class KeyExchangeMethod implements IanaValue {

	/** The family decides how a method computes its shared secret. */
	public enum Family {
		NONE(false), MODP(false), ECP(false), BRAINPOOL(false), MONTGOMERY(false), ML_KEM(true), UNKNOWN(false);

		private final boolean postQuantum;

		Family(boolean postQuantum) {
			this.postQuantum = postQuantum;
		}

		/** The single place that classifies methods as post-quantum. */
		public boolean postQuantum() {
			return postQuantum;
		}

		/** KEMs: the initiator sends an encapsulation key, the responder a ciphertext. */
		public boolean isKem() {
			return this == ML_KEM;
		}
	}

	private static final Registry<KeyExchangeMethod> REGISTRY = new Registry<>(
			id -> new KeyExchangeMethod(id, Registry.unknownName(id), "ke" + id, Family.UNKNOWN, -1, -1));

	public static final KeyExchangeMethod NONE = define(0, "NONE", "none", Family.NONE, 0, 0);
	public static final KeyExchangeMethod MODP_768 = define(1, "768-bit MODP Group", "modp768", Family.MODP, 96, 96);
	public static final KeyExchangeMethod MODP_1024 = define(2, "1024-bit MODP Group", "modp1024", Family.MODP, 128, 128);
	public static final KeyExchangeMethod MODP_1536 = define(5, "1536-bit MODP Group", "modp1536", Family.MODP, 192, 192);
	public static final KeyExchangeMethod MODP_2048 = define(14, "2048-bit MODP Group", "modp2048", Family.MODP, 256, 256);
	public static final KeyExchangeMethod MODP_3072 = define(15, "3072-bit MODP Group", "modp3072", Family.MODP, 384, 384);
	public static final KeyExchangeMethod MODP_4096 = define(16, "4096-bit MODP Group", "modp4096", Family.MODP, 512, 512);
	public static final KeyExchangeMethod MODP_6144 = define(17, "6144-bit MODP Group", "modp6144", Family.MODP, 768, 768);
	public static final KeyExchangeMethod MODP_8192 = define(18, "8192-bit MODP Group", "modp8192", Family.MODP, 1024, 1024);
	public static final KeyExchangeMethod ECP_256 = define(19, "256-bit random ECP group", "ecp256", Family.ECP, 64, 64);
	public static final KeyExchangeMethod ECP_384 = define(20, "384-bit random ECP group", "ecp384", Family.ECP, 96, 96);
	public static final KeyExchangeMethod ECP_521 = define(21, "521-bit random ECP group", "ecp521", Family.ECP, 132, 132);
	public static final KeyExchangeMethod BRAINPOOL_P256R1 = define(28, "brainpoolP256r1", "ecp256bp", Family.BRAINPOOL, 64, 64);
	public static final KeyExchangeMethod BRAINPOOL_P384R1 = define(29, "brainpoolP384r1", "ecp384bp", Family.BRAINPOOL, 96, 96);
	public static final KeyExchangeMethod BRAINPOOL_P512R1 = define(30, "brainpoolP512r1", "ecp512bp", Family.BRAINPOOL, 128, 128);
	public static final KeyExchangeMethod CURVE25519 = define(31, "Curve25519", "x25519", Family.MONTGOMERY, 32, 32);
	public static final KeyExchangeMethod CURVE448 = define(32, "Curve448", "x448", Family.MONTGOMERY, 56, 56);
	public static final KeyExchangeMethod ML_KEM_512 = define(35, "ML-KEM-512", "mlkem512", Family.ML_KEM, 800, 768);
	public static final KeyExchangeMethod ML_KEM_768 = define(36, "ML-KEM-768", "mlkem768", Family.ML_KEM, 1184, 1088);
	public static final KeyExchangeMethod ML_KEM_1024 = define(37, "ML-KEM-1024", "mlkem1024", Family.ML_KEM, 1568, 1568);

	private final int id;
	private final String ianaName;
	private final String keyword;
	private final Family family;
	private final int initiatorValueLength;
	private final int responderValueLength;

	private KeyExchangeMethod(int id, String ianaName, String keyword, Family family, int initiatorValueLength,
			int responderValueLength) {
		this.id = id;
		this.ianaName = ianaName;
		this.keyword = keyword;
		this.family = family;
		this.initiatorValueLength = initiatorValueLength;
		this.responderValueLength = responderValueLength;
	}

	private static KeyExchangeMethod define(int id, String ianaName, String keyword, Family family, int initiatorLength,
			int responderLength) {
		KeyExchangeMethod m = new KeyExchangeMethod(id, ianaName, keyword, family, initiatorLength, responderLength);
		return REGISTRY.define(m, keyword); // the IANA names Curve25519/Curve448 are strongSwan's aliases too
	}

	/** The method with this ID; an unknown ID gives a value that keeps its number. */
	public static KeyExchangeMethod of(int id) {
		return REGISTRY.of(id);
	}

	/** By strongSwan keyword ({@code mlkem768}, {@code x25519}) or IANA name ({@code ML-KEM-768}), any case. */
	public static Optional<KeyExchangeMethod> byName(String name) {
		return REGISTRY.byName(name);
	}

	/** Every method this code knows, in ID order. */
	public static Collection<KeyExchangeMethod> all() {
		return REGISTRY.all();
	}

	/** RFC 8247 §2.4 status; Curve25519/448 and ML-KEM are newer than its table. */
	public AlgorithmStatus status() {
		return switch (id) {
		case 1 -> AlgorithmStatus.MUST_NOT;
		case 2, 22, 23, 24 -> AlgorithmStatus.SHOULD_NOT;
		case 5 -> AlgorithmStatus.MAY;
		case 14 -> AlgorithmStatus.MUST;
		case 19 -> AlgorithmStatus.SHOULD;
		case 15, 20 -> AlgorithmStatus.MAY;
		default -> family == Family.MONTGOMERY || family == Family.ML_KEM ? AlgorithmStatus.RECOMMENDED
				: AlgorithmStatus.UNLISTED;
		};
	}

	@Override
	public int value() {
		return id;
	}

	@Override
	public String ianaName() {
		return ianaName;
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(id);
	}

	/** The strongSwan keyword ({@code mlkem768}). */
	public String keyword() {
		return keyword;
	}

	public Family family() {
		return family;
	}

	public boolean postQuantum() {
		return family.postQuantum();
	}

	/** Length of the initiator's KE data (public value or encapsulation key); -1 if unknown. */
	public int initiatorValueLength() {
		return initiatorValueLength;
	}

	/** Length of the responder's KE data (public value or ciphertext); -1 if unknown. */
	public int responderValueLength() {
		return responderValueLength;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof KeyExchangeMethod other && other.id == id;
	}

	@Override
	public int hashCode() {
		return id;
	}

	@Override
	public String toString() {
		return ianaName;
	}
}
