package org.ikewb.dsl.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformNames;
import org.ikewb.protocol.TransformType;

/**
 * The policy text the three importers write, in one place: durations, the proposals (each written
 * once under the first name it gets, shared by every peer that uses the same transforms), names and
 * quoting the language reads.
 */
final class PolicyText {

	private final Map<String, String> names = new LinkedHashMap<>(); // protocol + body -> name
	private final StringBuilder proposals = new StringBuilder();

	/** The proposal's name: the one it already has, or {@code base} (made unique), its text then written. */
	String proposal(Payload.Proposal p, String base) {
		String body = body(p);
		String key = p.protocol() + body;
		String existing = names.get(key);
		if (existing != null) {
			return existing;
		}
		String name = base;
		while (names.containsValue(name)) {
			name = name + "_";
		}
		names.put(key, name);
		proposals.append("    ").append(p.protocol().equals(ProtocolId.IKE) ? "ike" : "esp").append(" proposal ").append(name)
				.append(" {\n").append(body).append("    }\n\n");
		return name;
	}

	/** The name a proposal with these transforms already has. */
	Optional<String> existing(Payload.Proposal p) {
		return Optional.ofNullable(names.get(p.protocol() + body(p)));
	}

	/** Every proposal written so far. */
	String proposals() {
		return proposals.toString();
	}

	static String body(Payload.Proposal p) {
		StringBuilder b = new StringBuilder();
		line(b, "encryption", p.transformsOf(TransformType.ENCR));
		line(b, "prf", p.transformsOf(TransformType.PRF));
		line(b, "integrity", p.transformsOf(TransformType.INTEG));
		line(b, "ke", p.transformsOf(TransformType.KE));
		for (int r = 1; r <= 7; r++) {
			line(b, "addke " + r, p.transformsOf(TransformType.additionalKeyExchange(r)));
		}
		return b.toString();
	}

	private static void line(StringBuilder b, String kind, List<Payload.Transform> ts) {
		if (!ts.isEmpty()) {
			b.append("        ").append(String.format("%-10s ", kind))
					.append(String.join(", ", ts.stream().map(TransformNames::keyword).toList())).append('\n');
		}
	}

	/**
	 * A lifetime as the language writes it ({@code 4h}, {@code 30m}, {@code 45s}) from seconds or from
	 * {@code N[smhd]}; empty when it is not one, or 0 (which turns rekeying off, and a policy cannot say so).
	 */
	static Optional<String> duration(String value) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)").matcher(value.strip());
		if (!m.matches()) {
			return Optional.empty();
		}
		long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
		case "m" -> 60;
		case "h" -> 3600;
		case "d" -> 86400;
		default -> 1;
		};
		if (seconds == 0 || seconds > Integer.MAX_VALUE) {
			return Optional.empty();
		}
		return Optional.of(seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s");
	}
}
