package org.ikewb.dsl.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.targets.TargetProfile;
import org.ikewb.protocol.AlgorithmStatus;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.TransformNames;
import org.ikewb.protocol.TransformType;

/**
 * What the editor (and a language server) tells about an algorithm: the keyword to write, IANA
 * name and ID, sizes on the wire, RFC 8247 status, post-quantum or not, and which targets can
 * negotiate it. Content assist lists these per transform type; hover shows one.
 */
public final class AlgorithmCatalog {

	/** One algorithm as the editor presents it. */
	public record Entry(String keyword, String ianaName, int id, String sizes, AlgorithmStatus status, boolean postQuantum,
			List<String> targets) {

		/** One line for a completion list. */
		public String summary() {
			return ianaName + " (ID " + id + ")" + (sizes.isEmpty() ? "" : ", " + sizes) + (postQuantum ? ", post-quantum" : "")
					+ ", RFC 8247: " + status.text();
		}

		/** The hover text. */
		public String documentation() {
			return keyword + " = " + ianaName + ", transform ID " + id + "\n" + (sizes.isEmpty() ? "" : sizes + "\n")
					+ (postQuantum ? "post-quantum (FIPS 203)\n" : "") + "RFC 8247 status: " + status.text() + "\n"
					+ "supported by: " + (targets.isEmpty() ? "none of the targets" : String.join(", ", targets));
		}
	}

	private static final List<String> CIPHER_KEYWORDS;

	static {
		List<String> k = new ArrayList<>();
		for (String mode : new String[] { "gcm16", "", "gcm12", "gcm8", "ccm16", "ctr" }) {
			for (String bits : new String[] { "256", "128", "192" }) {
				k.add("aes" + bits + mode);
			}
		}
		k.add(1, "chacha20poly1305");
		CIPHER_KEYWORDS = List.copyOf(k);
	}

	private AlgorithmCatalog() {
	}

	/** The algorithms a line of this kind can name, in a sensible order (recommended first). */
	public static List<Entry> forKind(TransformKind kind, int round) {
		List<Entry> out = new ArrayList<>();
		switch (kind) {
		case ENCRYPTION -> CIPHER_KEYWORDS.forEach(k -> describe(kind, round, k).ifPresent(out::add));
		case PRF -> PrfAlgorithm.all().forEach(p -> describe(kind, round, p.keyword()).ifPresent(out::add));
		case INTEGRITY -> IntegrityAlgorithm.all().stream().filter(a -> a.value() != 0)
				.forEach(a -> describe(kind, round, a.keyword()).ifPresent(out::add));
		case KE, ADDKE -> {
			List<KeyExchangeMethod> methods = new ArrayList<>(KeyExchangeMethod.all());
			// additional rounds: post-quantum first; the primary KE: classical first (IKE_SA_INIT is not fragmented)
			methods.sort((a, b) -> Boolean.compare(kind == TransformKind.ADDKE ? b.postQuantum() : a.postQuantum(),
					kind == TransformKind.ADDKE ? a.postQuantum() : b.postQuantum()));
			for (KeyExchangeMethod m : methods) {
				if (m.value() == 0 && kind == TransformKind.KE) {
					continue;
				}
				describe(kind, round, m.keyword()).ifPresent(out::add);
			}
		}
		}
		out.removeIf(e -> e.status() == AlgorithmStatus.MUST_NOT);
		// recommended before what RFC 8247 only tolerates, and that before what it deprecates; the
		// order above (post-quantum first in addke rounds) stays within each group
		out.sort(java.util.Comparator.comparingInt(e -> standing(e.status())));
		return out;
	}

	/** 0: recommended (MUST, SHOULD+, SHOULD, newer RFCs), 1: allowed (MUST-, MAY, unlisted), 2: deprecated. */
	static int standing(AlgorithmStatus status) {
		return switch (status) {
		case MUST, SHOULD_PLUS, SHOULD, RECOMMENDED -> 0;
		case MUST_MINUS, MAY, UNLISTED -> 1;
		case SHOULD_MINUS, SHOULD_NOT, MUST_NOT -> 2;
		};
	}

	/**
	 * Entries by kind, round and name: the editor's highlighter asks for every algorithm token on each
	 * repaint. Only names that resolve are kept (a finite set), so hostile text cannot grow it.
	 */
	private static final java.util.Map<String, Entry> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

	/** The entry for a name as written on a line of this kind, if it names an algorithm there. */
	public static Optional<Entry> describe(TransformKind kind, int round, String name) {
		String key = kind.getValue() + "/" + round + "/" + name;
		Entry known = KNOWN.get(key);
		if (known != null) {
			return Optional.of(known);
		}
		Optional<Entry> entry = resolve(kind, round, name);
		entry.ifPresent(e -> KNOWN.put(key, e));
		return entry;
	}

	private static Optional<Entry> resolve(TransformKind kind, int round, String name) {
		TransformType type = switch (kind) {
		case ENCRYPTION -> TransformType.ENCR;
		case PRF -> TransformType.PRF;
		case INTEGRITY -> TransformType.INTEG;
		case KE -> TransformType.KE;
		case ADDKE -> TransformType.additionalKeyExchange(Math.max(1, Math.min(7, round)));
		};
		return TransformNames.resolve(type, name).map(t -> entry(kind, t));
	}

	private static Entry entry(TransformKind kind, Payload.Transform t) {
		String keyword = TransformNames.keyword(t);
		String iana;
		String sizes;
		boolean pq = false;
		switch (t.transformType().value()) {
		case 1 -> {
			EncryptionAlgorithm a = EncryptionAlgorithm.of(t.id());
			iana = a.ianaName() + (t.keyLength() > 0 ? " " + t.keyLength() : "");
			sizes = (a.aead() ? "AEAD, " + a.icvLength() + "-octet tag" : "needs an integrity algorithm") + ", key "
					+ a.keyBytes(t.keyLength()) * 8 + " bits";
		}
		case 2 -> {
			PrfAlgorithm p = PrfAlgorithm.of(t.id());
			iana = p.ianaName();
			sizes = "output " + p.outputLength() + " octets";
		}
		case 3 -> {
			IntegrityAlgorithm a = IntegrityAlgorithm.of(t.id());
			iana = a.ianaName();
			sizes = "key " + a.keyLength() + " octets, ICV " + a.icvLength() + " octets";
		}
		default -> {
			KeyExchangeMethod m = KeyExchangeMethod.of(t.id());
			iana = m.ianaName();
			pq = m.postQuantum();
			sizes = m.value() == 0 ? "this round is optional"
					: m.family().isKem() ? "encapsulation key " + m.initiatorValueLength() + " octets, ciphertext "
							+ m.responderValueLength() + " octets"
							: "public value " + m.initiatorValueLength() + " octets";
		}
		}
		List<String> targets = new ArrayList<>();
		for (Target target : Target.values()) {
			if (TargetProfile.of(target).checks(t.transformType()) && TargetProfile.of(target).supports(t)) {
				targets.add(TargetProfile.of(target).displayName());
			}
		}
		return new Entry(keyword, iana, t.id(), sizes, TransformNames.status(t), pq, List.copyOf(targets));
	}
}
