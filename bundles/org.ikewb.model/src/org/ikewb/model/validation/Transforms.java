package org.ikewb.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.TransformNames;
import org.ikewb.protocol.TransformType;

/** What the lines of a proposal mean on the wire: IANA transform types and transforms. */
public final class Transforms {

	private Transforms() {
	}

	/** The transform type of a line; null for an ADDKE line whose round is outside 1..7. */
	public static TransformType typeOf(TransformLine line) {
		return switch (line.getKind()) {
		case ENCRYPTION -> TransformType.ENCR;
		case PRF -> TransformType.PRF;
		case INTEGRITY -> TransformType.INTEG;
		case KE -> TransformType.KE;
		case ADDKE -> line.getRound() >= 1 && line.getRound() <= 7 ? TransformType.additionalKeyExchange(line.getRound()) : null;
		};
	}

	/** The transform one written name denotes on this line, if it resolves. */
	public static Optional<Payload.Transform> resolve(TransformLine line, String name) {
		TransformType type = typeOf(line);
		return type == null ? Optional.empty() : TransformNames.resolve(type, name);
	}

	/** The resolved alternatives of a line in order; names that do not resolve are left out. */
	public static List<Payload.Transform> resolved(TransformLine line) {
		List<Payload.Transform> out = new ArrayList<>();
		for (String name : line.getAlgorithms()) {
			resolve(line, name).ifPresent(out::add);
		}
		return out;
	}

	/** The lines of one kind (and, for ADDKE, every round), in written order. */
	public static List<TransformLine> lines(Proposal proposal, TransformKind kind) {
		return proposal.getTransforms().stream().filter(l -> l.getKind() == kind).toList();
	}

	/** Label as a user reads it: "ke", "addke 2". */
	public static String label(TransformLine line) {
		String kind = line.getKind().getLiteral();
		return line.getKind() == TransformKind.ADDKE ? kind + " " + line.getRound() : kind;
	}
}
