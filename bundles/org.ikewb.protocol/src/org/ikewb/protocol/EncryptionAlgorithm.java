package org.ikewb.protocol;

import java.util.Collection;

/**
 * Transform Type 1 "Encryption Algorithm" IDs and what the SK payload needs to know of them
 * (RFC 7296 §3.14, RFC 5282 for AES-GCM, RFC 7634 for ChaCha20-Poly1305).
 *
 * @param blockSize   padding unit of the plaintext (1 for stream ciphers)
 * @param ivLength    the IV on the wire
 * @param icvLength   the AEAD tag; 0 for non-AEAD (the INTEG transform gives the ICV)
 * @param saltLength  octets of keying material taken after each key as the AEAD salt
 * @param keyLengths  the Key Length attribute values in bits; empty if the cipher takes none
 */
public record EncryptionAlgorithm(int value, String ianaName, boolean aead, int blockSize, int ivLength,
		int icvLength, int saltLength, int[] keyLengths, AlgorithmStatus status) implements IanaValue {

	private static final Registry<EncryptionAlgorithm> REGISTRY = new Registry<>(
			v -> new EncryptionAlgorithm(v, Registry.unknownName(v), false, 0, 0, 0, 0, new int[0],
					AlgorithmStatus.UNLISTED));
	private static final int[] AES = { 128, 192, 256 };
	private static final int[] NONE = {};

	public static final EncryptionAlgorithm DES_IV64 = define(1, "ENCR_DES_IV64", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm DES = define(2, "ENCR_DES", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm TRIPLE_DES = define(3, "ENCR_3DES", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MAY);
	public static final EncryptionAlgorithm RC5 = define(4, "ENCR_RC5", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm IDEA = define(5, "ENCR_IDEA", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm BLOWFISH = define(7, "ENCR_BLOWFISH", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm THREE_IDEA = define(8, "ENCR_3IDEA", false, 8, 8, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm DES_IV32 = define(9, "ENCR_DES_IV32", false, 8, 4, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm NULL = define(11, "ENCR_NULL", false, 1, 0, 0, 0, NONE, AlgorithmStatus.MUST_NOT);
	public static final EncryptionAlgorithm AES_CBC = define(12, "ENCR_AES_CBC", false, 16, 16, 0, 0, AES, AlgorithmStatus.MUST);
	public static final EncryptionAlgorithm AES_CTR = define(13, "ENCR_AES_CTR", false, 1, 8, 0, 4, AES, AlgorithmStatus.MAY);
	public static final EncryptionAlgorithm AES_CCM_8 = define(14, "ENCR_AES_CCM_8", true, 4, 8, 8, 3, AES, AlgorithmStatus.SHOULD);
	public static final EncryptionAlgorithm AES_CCM_12 = define(15, "ENCR_AES_CCM_12", true, 4, 8, 12, 3, AES, AlgorithmStatus.UNLISTED);
	public static final EncryptionAlgorithm AES_CCM_16 = define(16, "ENCR_AES_CCM_16", true, 4, 8, 16, 3, AES, AlgorithmStatus.UNLISTED);
	public static final EncryptionAlgorithm AES_GCM_8 = define(18, "ENCR_AES_GCM_8", true, 4, 8, 8, 4, AES, AlgorithmStatus.UNLISTED);
	public static final EncryptionAlgorithm AES_GCM_12 = define(19, "ENCR_AES_GCM_12", true, 4, 8, 12, 4, AES, AlgorithmStatus.UNLISTED);
	public static final EncryptionAlgorithm AES_GCM_16 = define(20, "ENCR_AES_GCM_16", true, 4, 8, 16, 4, AES, AlgorithmStatus.SHOULD);
	public static final EncryptionAlgorithm CHACHA20_POLY1305 = define(28, "ENCR_CHACHA20_POLY1305", true, 4, 8, 16, 4, NONE, AlgorithmStatus.SHOULD);

	private static EncryptionAlgorithm define(int value, String name, boolean aead, int blockSize, int ivLength,
			int icvLength, int saltLength, int[] keyLengths, AlgorithmStatus status) {
		return REGISTRY.define(new EncryptionAlgorithm(value, name, aead, blockSize, ivLength, icvLength, saltLength,
				keyLengths, status));
	}

	public static EncryptionAlgorithm of(int value) {
		return REGISTRY.of(value);
	}

	/** By IANA name ({@code ENCR_AES_GCM_16}), any case. */
	public static java.util.Optional<EncryptionAlgorithm> byName(String name) {
		return REGISTRY.byName(name);
	}

	public static Collection<EncryptionAlgorithm> all() {
		return REGISTRY.all();
	}

	/** Whether a Key Length attribute is required (AES) rather than forbidden. */
	public boolean takesKeyLength() {
		return keyLengths.length > 0;
	}

	/** Key size in octets for a Key Length attribute value (bits); ChaCha20 has a fixed 256-bit key. */
	public int keyBytes(int keyLengthBits) {
		if (this.equals(CHACHA20_POLY1305)) {
			return 32;
		}
		return keyLengthBits / 8;
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(value);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof EncryptionAlgorithm other && other.value == value;
	}

	@Override
	public int hashCode() {
		return value;
	}

	@Override
	public String toString() {
		return ianaName;
	}
}
