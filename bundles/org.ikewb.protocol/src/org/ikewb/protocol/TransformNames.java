package org.ikewb.protocol;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Algorithm names as people write them, for one transform type: the strongSwan keyword
 * ({@code aes256gcm16}, {@code prfsha384}, {@code sha256}, {@code mlkem768}) or the IANA name
 * ({@code ENCR_AES_GCM_16 256}, {@code PRF_HMAC_SHA2_384}, {@code ML-KEM-768}, {@code Curve25519}).
 * Both resolve to the same {@link Payload.Transform} (ID and attributes), which is what rules
 * compare and what goes on the wire; {@link #keyword} writes the canonical keyword back.
 */
public final class TransformNames {

	/** An IANA cipher name with its key length in bits: {@code ENCR_AES_CBC 256}, {@code ENCR_AES_GCM_16_256}. */
	private static final Pattern IANA_WITH_LENGTH = Pattern.compile("(encr_[a-z0-9_]+?)(?:[ _](\\d+))?");

	private TransformNames() {
	}

	/**
	 * The transform {@code name} denotes for {@code type} (ENCR, PRF, INTEG, KE or ADDKEn), or empty
	 * when the name means nothing for that type. AES without a key length resolves to nothing: the
	 * length is part of the transform (RFC 7296 §3.3.5).
	 */
	public static Optional<Payload.Transform> resolve(TransformType type, String name) {
		if (name == null || name.isBlank()) {
			return Optional.empty();
		}
		String n = name.trim().toLowerCase(Locale.ROOT);
		switch (type.value()) {
		case 1:
			return encryption(n);
		case 2:
			return PrfAlgorithm.byName(n).map(p -> Payload.Transform.of(type, p.value()));
		case 3:
			return IntegrityAlgorithm.byName(n).map(a -> Payload.Transform.of(type, a.value()));
		default:
			if (type.carriesKeyExchange()) {
				return KeyExchangeMethod.byName(n).map(k -> Payload.Transform.of(type, k.value()));
			}
			return Optional.empty();
		}
	}

	private static Optional<Payload.Transform> encryption(String n) {
		Optional<Payload.Transform> keyword = ProposalSyntax.encryptionByKeyword(n);
		if (keyword.isPresent()) {
			return keyword;
		}
		Matcher m = IANA_WITH_LENGTH.matcher(n);
		if (!m.matches()) {
			return Optional.empty();
		}
		Optional<EncryptionAlgorithm> algorithm = EncryptionAlgorithm.byName(m.group(1));
		if (algorithm.isEmpty()) {
			// "ENCR_AES_GCM_16_256": the greedy group may have eaten nothing; try the whole name.
			return EncryptionAlgorithm.byName(n).filter(a -> !a.takesKeyLength())
					.map(a -> Payload.Transform.of(TransformType.ENCR, a.value()));
		}
		EncryptionAlgorithm a = algorithm.get();
		if (m.group(2) == null) {
			return a.takesKeyLength() ? Optional.empty() : Optional.of(Payload.Transform.of(TransformType.ENCR, a.value()));
		}
		int bits = Integer.parseInt(m.group(2));
		if (!a.takesKeyLength() || java.util.Arrays.stream(a.keyLengths()).noneMatch(k -> k == bits)) {
			return Optional.empty();
		}
		return Optional.of(new Payload.Transform(TransformType.ENCR, a.value(), java.util.List.of(Payload.Attribute.keyLength(bits))));
	}

	/** The strongSwan keyword of a transform ({@code aes256gcm16}, {@code ke1_mlkem768} is {@code mlkem768} here). */
	public static String keyword(Payload.Transform t) {
		return switch (t.transformType().value()) {
		case 1 -> ProposalSyntax.encryptionKeyword(t);
		case 2 -> PrfAlgorithm.of(t.id()).keyword();
		case 3 -> IntegrityAlgorithm.of(t.id()).keyword();
		case 5 -> t.id() == 1 ? "esn" : "noesn";
		default -> t.transformType().carriesKeyExchange() ? KeyExchangeMethod.of(t.id()).keyword()
				: "t" + t.transformType().value() + "_" + t.id();
		};
	}

	/** RFC 8247 status of a transform (ENCR, PRF, INTEG, KE/ADDKE). */
	public static AlgorithmStatus status(Payload.Transform t) {
		return switch (t.transformType().value()) {
		case 1 -> EncryptionAlgorithm.of(t.id()).status();
		case 2 -> PrfAlgorithm.of(t.id()).status();
		case 3 -> IntegrityAlgorithm.of(t.id()).status();
		default -> t.transformType().carriesKeyExchange() ? KeyExchangeMethod.of(t.id()).status() : AlgorithmStatus.UNLISTED;
		};
	}
}
