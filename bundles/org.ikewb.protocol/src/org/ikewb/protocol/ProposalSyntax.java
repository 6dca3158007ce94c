package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes proposals in strongSwan's notation ({@code aes256gcm16-prfsha384-x25519-ke1_mlkem768}),
 * the notation users already know. Used by the command line, tests and the interop suite; the policy
 * language has its own syntax over the same registries.
 */
public final class ProposalSyntax {

	private ProposalSyntax() {
	}

	/** A proposal that does not parse: names the token and why. */
	public static final class SyntaxException extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;

		public SyntaxException(String message) {
			super(message);
		}
	}

	/**
	 * Parses one proposal for {@code protocol} (IKE or ESP). For IKE without AEAD and without an
	 * explicit PRF, the PRF follows the integrity algorithm, as strongSwan does.
	 */
	public static Payload.Proposal parse(String text, ProtocolId protocol, int number) {
		List<Payload.Transform> encr = new ArrayList<>();
		List<Payload.Transform> prf = new ArrayList<>();
		List<Payload.Transform> integ = new ArrayList<>();
		List<Payload.Transform> ke = new ArrayList<>();
		List<Payload.Transform> esn = new ArrayList<>();
		List<List<Payload.Transform>> addke = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			addke.add(new ArrayList<>());
		}
		for (String raw : text.trim().toLowerCase(Locale.ROOT).split("-")) {
			String token = raw.trim();
			if (token.isEmpty()) {
				throw new SyntaxException("empty algorithm in '" + text + "'");
			}
			if (token.matches("ke[1-7]_.+")) {
				int round = token.charAt(2) - '0';
				addke.get(round - 1).add(Payload.Transform.of(TransformType.additionalKeyExchange(round),
						keyExchange(token.substring(4), text).value()));
				continue;
			}
			Payload.Transform cipher = encryption(token);
			if (cipher != null) {
				encr.add(cipher);
				continue;
			}
			if (token.equals("esn") || token.equals("noesn")) {
				esn.add(Payload.Transform.of(TransformType.ESN, token.equals("esn") ? 1 : 0));
				continue;
			}
			var p = PrfAlgorithm.byName(token);
			if (p.isPresent()) {
				prf.add(Payload.Transform.of(TransformType.PRF, p.get().value()));
				continue;
			}
			var a = IntegrityAlgorithm.byName(token);
			if (a.isPresent() && a.get() != IntegrityAlgorithm.NONE) {
				integ.add(Payload.Transform.of(TransformType.INTEG, a.get().value()));
				continue;
			}
			var k = KeyExchangeMethod.byName(token);
			if (k.isPresent()) {
				ke.add(Payload.Transform.of(TransformType.KE, k.get().value()));
				continue;
			}
			throw new SyntaxException("unknown algorithm '" + token + "' in '" + text + "'");
		}
		if (encr.isEmpty()) {
			throw new SyntaxException("no encryption algorithm in '" + text + "'");
		}
		if (protocol.equals(ProtocolId.IKE) && prf.isEmpty()) {
			for (Payload.Transform t : integ) {
				String keyword = IntegrityAlgorithm.of(t.id()).keyword();
				PrfAlgorithm.byName("prf" + keyword).ifPresent(x -> prf.add(Payload.Transform.of(TransformType.PRF, x.value())));
			}
			if (prf.isEmpty()) {
				throw new SyntaxException("no PRF in IKE proposal '" + text + "'");
			}
		}
		if (protocol.equals(ProtocolId.ESP) && esn.isEmpty()) {
			esn.add(Payload.Transform.of(TransformType.ESN, 0));
		}
		List<Payload.Transform> all = new ArrayList<>(encr);
		all.addAll(prf);
		all.addAll(integ);
		all.addAll(ke);
		all.addAll(esn);
		addke.forEach(all::addAll);
		return new Payload.Proposal(number, protocol, Octets.EMPTY, all);
	}

	private static KeyExchangeMethod keyExchange(String name, String text) {
		return KeyExchangeMethod.byName(name)
				.orElseThrow(() -> new SyntaxException("unknown key exchange method '" + name + "' in '" + text + "'"));
	}

	/** The ENCR transform (with key length) a strongSwan keyword names, such as {@code aes256gcm16}. */
	public static java.util.Optional<Payload.Transform> encryptionByKeyword(String keyword) {
		return java.util.Optional.ofNullable(encryption(keyword.toLowerCase(java.util.Locale.ROOT)));
	}

	/** aes128/192/256 (CBC), aesNNNgcm8/12/16, aesNNNgcm (= gcm16), chacha20poly1305; null otherwise. */
	static Payload.Transform encryption(String token) {
		if (token.equals("chacha20poly1305")) {
			return Payload.Transform.of(TransformType.ENCR, EncryptionAlgorithm.CHACHA20_POLY1305.value());
		}
		// strongSwan's keywords for the old ciphers, so that a finding can say what they are (RFC 8247)
		if (token.equals("3des")) {
			return Payload.Transform.of(TransformType.ENCR, EncryptionAlgorithm.TRIPLE_DES.value());
		}
		if (token.equals("des")) {
			return Payload.Transform.of(TransformType.ENCR, EncryptionAlgorithm.DES.value());
		}
		var m = java.util.regex.Pattern.compile("aes(128|192|256)(gcm(8|12|16|64|96|128)?|ctr|ccm(8|12|16)?)?")
				.matcher(token);
		if (!m.matches()) {
			return null;
		}
		int bits = Integer.parseInt(m.group(1));
		EncryptionAlgorithm algorithm;
		if (m.group(2) == null) {
			algorithm = EncryptionAlgorithm.AES_CBC;
		} else if (m.group(2).startsWith("gcm")) {
			String icv = m.group(3) == null ? "16" : m.group(3);
			algorithm = switch (icv) {
			case "8", "64" -> EncryptionAlgorithm.AES_GCM_8;
			case "12", "96" -> EncryptionAlgorithm.AES_GCM_12;
			default -> EncryptionAlgorithm.AES_GCM_16;
			};
		} else if (m.group(2).equals("ctr")) {
			algorithm = EncryptionAlgorithm.AES_CTR;
		} else {
			String icv = m.group(4) == null ? "16" : m.group(4);
			algorithm = switch (icv) {
			case "8" -> EncryptionAlgorithm.AES_CCM_8;
			case "12" -> EncryptionAlgorithm.AES_CCM_12;
			default -> EncryptionAlgorithm.AES_CCM_16;
			};
		}
		return new Payload.Transform(TransformType.ENCR, algorithm.value(), List.of(Payload.Attribute.keyLength(bits)));
	}

	/** strongSwan's notation of a (chosen or offered) proposal, transforms in type order. */
	public static String format(Payload.Proposal proposal) {
		StringBuilder out = new StringBuilder();
		List<Payload.Transform> ordered = new ArrayList<>(proposal.transforms());
		ordered.sort((a, b) -> Integer.compare(a.transformType().value(), b.transformType().value()));
		for (Payload.Transform t : ordered) {
			String name = switch (t.transformType().value()) {
			case 1 -> encryptionKeyword(t);
			case 2 -> PrfAlgorithm.of(t.id()).keyword();
			case 3 -> IntegrityAlgorithm.of(t.id()).keyword();
			case 4 -> KeyExchangeMethod.of(t.id()).keyword();
			case 5 -> t.id() == 1 ? "esn" : "noesn";
			default -> t.transformType().isAdditionalKeyExchange()
					? "ke" + t.transformType().round() + "_" + KeyExchangeMethod.of(t.id()).keyword()
					: "t" + t.transformType().value() + "_" + t.id();
			};
			if (out.length() > 0) {
				out.append('-');
			}
			out.append(name);
		}
		return out.toString();
	}

	static String encryptionKeyword(Payload.Transform t) {
		int bits = t.keyLength();
		return switch (t.id()) {
		case 12 -> "aes" + bits;
		case 13 -> "aes" + bits + "ctr";
		case 14 -> "aes" + bits + "ccm8";
		case 15 -> "aes" + bits + "ccm12";
		case 16 -> "aes" + bits + "ccm16";
		case 18 -> "aes" + bits + "gcm8";
		case 19 -> "aes" + bits + "gcm12";
		case 20 -> "aes" + bits + "gcm16";
		case 28 -> "chacha20poly1305";
		case 3 -> "3des";
		case 2 -> "des";
		default -> EncryptionAlgorithm.of(t.id()).ianaName().toLowerCase(Locale.ROOT);
		};
	}
}
