package org.ikewb.dsl.ide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.Transforms;

/**
 * Fixes for the common diagnostics, as text edits on the document, so that the editor's quick
 * assist, the Problems view's marker resolutions and a language server apply the same change:
 * remove a duplicate or a {@code none}, reorder rounds into the working order the selection rule
 * found, replace a deprecated or misspelt algorithm with the keyword to use.
 */
public final class QuickFixes {

	/** Replace {@code length} characters at {@code offset} with {@code text}. */
	public record Edit(int offset, int length, String text) {
	}

	/** One fix: a label for the user and the edits, applied from the last to the first. */
	public record Fix(String label, List<Edit> edits) {
		public String apply(String document) {
			StringBuilder b = new StringBuilder(document);
			List<Edit> ordered = new ArrayList<>(edits);
			ordered.sort(Comparator.comparingInt(Edit::offset).reversed());
			for (Edit e : ordered) {
				b.replace(e.offset(), e.offset() + e.length(), e.text());
			}
			return b.toString();
		}
	}

	private QuickFixes() {
	}

	/** Whether a code has fixes at all (for the editor's light bulb and marker resolutions). */
	public static boolean isFixable(String code) {
		return code != null && switch (code) {
		case "duplicate-alternative", "greedy-selection-fails", "deprecated-algorithm", "unknown-algorithm",
				"downgrade-possible", "none-primary-ke", "unsatisfiable-key-exchange", "duplicate-transform-line",
				"round-not-allowed", "shadows-import", "override-hides-nothing", "import-not-found", "no-post-quantum" -> true;
		default -> false;
		};
	}

	/**
	 * The fixes for the issue with {@code code} reported at {@code offset..offset+length} with
	 * {@code message}, in a resource parsed from the current text.
	 */
	public static List<Fix> fixes(XtextResource resource, String code, int offset, int length, String message) {
		List<Fix> out = new ArrayList<>();
		if (code == null || resource.getParseResult() == null) {
			return out;
		}
		String text = resource.getParseResult().getRootNode().getText();
		TransformLine line = lineAt(resource, offset);
		String name = offset >= 0 && offset + length <= text.length() ? text.substring(offset, offset + length) : "";
		switch (code) {
		case "duplicate-alternative" -> {
			if (line != null) {
				out.add(new Fix("Remove the second '" + name + "'", List.of(removeAlternative(text, offset, length))));
			}
		}
		case "none-primary-ke" -> removeNone(text, line, out, "Remove none from ke");
		case "unsatisfiable-key-exchange" -> {
			// the rule reports the last round of the conflict: making it optional always leaves a choice
			if (line != null && line.getKind() == org.ikewb.model.policy.TransformKind.ADDKE
					&& line.getAlgorithms().stream().noneMatch(a -> "none".equalsIgnoreCase(a))) {
				List<INode> nodes = NodeModelUtils.findNodesForFeature(line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS);
				if (!nodes.isEmpty()) {
					INode last = nodes.get(nodes.size() - 1);
					out.add(new Fix("Make " + Transforms.label(line) + " optional (add none)",
							List.of(new Edit(last.getOffset() + last.getLength(), 0, ", none"))));
				}
			}
		}
		case "no-post-quantum" -> migrateToHybrid(proposalAt(resource, offset), text, out);
		case "downgrade-possible" -> {
			Matcher m = Pattern.compile("remove none from ((?:addke \\d)(?: or addke \\d)*)").matcher(message);
			Proposal proposal = proposalAt(resource, offset);
			if (m.find() && proposal != null) {
				for (String label : m.group(1).split(" or ")) {
					for (TransformLine l : proposal.getTransforms()) {
						if (Transforms.label(l).equals(label)) {
							removeNone(text, l, out, "Make " + label + " post-quantum only (remove none)");
						}
					}
				}
			}
		}
		case "deprecated-algorithm" -> {
			if (line != null) {
				String replacement = switch (line.getKind()) {
				case ENCRYPTION -> "aes256gcm16";
				case PRF -> "prfsha256";
				case INTEGRITY -> "sha256";
				case KE, ADDKE -> "x25519";
				};
				out.add(new Fix("Replace '" + name + "' with " + replacement, List.of(new Edit(offset, length, replacement))));
			}
		}
		case "unknown-algorithm" -> {
			if (line != null) {
				for (String candidate : closest(line, name)) {
					out.add(new Fix("Change to '" + candidate + "'", List.of(new Edit(offset, length, candidate))));
				}
			}
		}
		case "greedy-selection-fails" -> {
			Proposal proposal = proposalAt(resource, offset);
			int at = message.indexOf("Reorder to: ");
			if (proposal != null && at >= 0) {
				List<Edit> edits = new ArrayList<>();
				for (String round : message.substring(at + "Reorder to: ".length()).split("; ")) {
					Matcher m = Pattern.compile("(ke|addke \\d) (.+)").matcher(round.strip());
					if (!m.matches()) {
						continue;
					}
					for (TransformLine l : proposal.getTransforms()) {
						if (Transforms.label(l).equals(m.group(1))) {
							Edit e = replaceAlternatives(l, m.group(2));
							if (e != null) {
								edits.add(e);
							}
						}
					}
				}
				if (!edits.isEmpty()) {
					out.add(new Fix("Reorder the alternatives so that a one-pass responder finds the choice", edits));
				}
			}
		}
		case "duplicate-transform-line" -> duplicateLine(resource, text, line, out);
		case "round-not-allowed" -> {
			// the finding covers the number: take it and the blank after it
			int end = offset + length;
			while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
				end++;
			}
			out.add(new Fix("Remove the round number " + name.strip(), List.of(new Edit(offset, end - offset, ""))));
		}
		case "shadows-import" -> {
			Proposal proposal = proposalAt(resource, offset);
			INode node = proposal == null ? null : NodeModelUtils.findActualNodeFor(proposal);
			if (node != null) {
				out.add(new Fix("Mark '" + proposal.getName() + "' as override (this file replaces the imported one)",
						List.of(new Edit(node.getOffset(), 0, "override "))));
				String fresh = freshName(resource, proposal.getName() + "_local");
				List<Edit> rename = new ArrayList<>();
				for (PolicyOccurrences.Occurrence o : PolicyOccurrences.of(resource, proposal)) {
					rename.add(new Edit(o.offset(), o.length(), fresh));
				}
				out.add(new Fix("Rename the local '" + proposal.getName() + "' to '" + fresh + "' (what uses it here keeps using it)",
						rename));
				out.add(new Fix("Remove the local '" + proposal.getName() + "' (use the imported one)",
						List.of(wholeLines(text, node.getOffset(), node.getLength()))));
			}
		}
		case "override-hides-nothing" -> {
			int end = offset + length;
			while (end < text.length() && text.charAt(end) == ' ') {
				end++;
			}
			out.add(new Fix("Remove 'override'", List.of(new Edit(offset, end - offset, ""))));
		}
		case "import-not-found" -> out.add(new Fix("Remove the import", List.of(wholeLines(text, offset, length))));
		default -> {
		}
		}
		return out;
	}

	/**
	 * A second line of one transform type: merge its alternatives into the first line (those not
	 * already there, in order), or — for addke — make it the next round no line uses yet.
	 */
	private static void duplicateLine(XtextResource resource, String text, TransformLine line, List<Fix> out) {
		if (line == null || !(line.eContainer() instanceof Proposal proposal)) {
			return;
		}
		TransformLine first = proposal.getTransforms().stream()
				.filter(l -> l != line && Transforms.label(l).equals(Transforms.label(line))).findFirst().orElse(null);
		INode lineNode = NodeModelUtils.findActualNodeFor(line);
		if (first == null || lineNode == null) {
			return;
		}
		List<INode> firstAlgorithms = NodeModelUtils.findNodesForFeature(first, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS);
		if (!firstAlgorithms.isEmpty()) {
			StringBuilder extra = new StringBuilder();
			for (String a : line.getAlgorithms()) {
				if (a != null && first.getAlgorithms().stream().noneMatch(b -> a.equalsIgnoreCase(b))) {
					extra.append(", ").append(a);
				}
			}
			INode last = firstAlgorithms.get(firstAlgorithms.size() - 1);
			List<Edit> edits = new ArrayList<>();
			if (extra.length() > 0) {
				edits.add(new Edit(last.getOffset() + last.getLength(), 0, extra.toString()));
			}
			edits.add(wholeLines(text, lineNode.getOffset(), lineNode.getLength()));
			out.add(new Fix("Merge into the first " + Transforms.label(first) + " line", edits));
		}
		if (line.getKind() == org.ikewb.model.policy.TransformKind.ADDKE) {
			java.util.Set<Integer> used = new java.util.HashSet<>();
			proposal.getTransforms().stream().filter(l -> l.getKind() == org.ikewb.model.policy.TransformKind.ADDKE)
					.forEach(l -> used.add(l.getRound()));
			List<INode> round = NodeModelUtils.findNodesForFeature(line, PolicyPackage.Literals.TRANSFORM_LINE__ROUND);
			for (int r = 1; r <= 7 && !round.isEmpty(); r++) {
				if (!used.contains(r)) {
					INode n = round.get(0);
					out.add(new Fix("Make it addke " + r + " (the next free round)",
							List.of(new Edit(n.getOffset(), n.getLength(), Integer.toString(r)))));
					break;
				}
			}
		}
	}

	/** The whole lines {@code offset..offset+length} stands on, with their line break. */
	static Edit wholeLines(String text, int offset, int length) {
		int start = offset == 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
		int end = text.indexOf('\n', offset + length);
		end = end < 0 ? text.length() : end + 1;
		return new Edit(start, end - start, "");
	}

	/** {@code wanted}, or {@code wanted2}, {@code wanted3}…: the first no element of the file or its imports is named. */
	static String freshName(XtextResource resource, String wanted) {
		java.util.Set<String> taken = new java.util.HashSet<>();
		org.eclipse.emf.ecore.util.EcoreUtil.resolveAll(resource); // loads the imports, whose names count too
		List<org.eclipse.emf.ecore.resource.Resource> seen = resource.getResourceSet() == null ? List.of(resource)
				: List.copyOf(resource.getResourceSet().getResources());
		for (org.eclipse.emf.ecore.resource.Resource r : seen) {
			for (var it = r.getAllContents(); it.hasNext();) {
				String n = PolicyOccurrences.nameOf(it.next());
				if (n != null) {
					taken.add(n);
				}
			}
		}
		String name = wanted;
		for (int i = 2; taken.contains(name); i++) {
			name = wanted + i;
		}
		return name;
	}

	/** The transform line at an offset, if any. */
	/**
	 * Migrate to hybrid: a classical IKE proposal gets an additional ML-KEM round (RFC 9370) after its
	 * last round, keeping its classical KE — the method every declared target can negotiate (ML-KEM-768
	 * when all can), required, or optional (with none) while the other side is not migrated yet.
	 */
	private static void migrateToHybrid(Proposal proposal, String text, List<Fix> out) {
		if (proposal == null || proposal.getProtocol() != org.ikewb.model.policy.ProposalProtocol.IKE) {
			return;
		}
		INode node = NodeModelUtils.findActualNodeFor(proposal);
		if (node == null) {
			return;
		}
		int close = text.lastIndexOf('}', node.getOffset() + node.getLength() - 1);
		if (close < node.getOffset()) {
			return;
		}
		int round = proposal.getTransforms().stream().filter(l -> l.getKind() == org.ikewb.model.policy.TransformKind.ADDKE)
				.mapToInt(TransformLine::getRound).max().orElse(0) + 1;
		if (round > 7) {
			return;
		}
		String method = mlKemForTargets(proposal);
		int lineStart = text.lastIndexOf('\n', close - 1) + 1;
		String closeIndent = text.substring(lineStart, close).isBlank() ? text.substring(lineStart, close) : "";
		String indent = closeIndent + "    ";
		boolean ownLine = text.substring(lineStart, close).isBlank();
		int at = ownLine ? lineStart : close;
		String prefix = ownLine ? "" : "\n";
		String suffix = ownLine ? "" : "\n" + closeIndent;
		String lineText = indent + String.format("%-10s ", "addke " + round);
		out.add(new Fix("Migrate to hybrid: add 'addke " + round + " " + method + "' (required)",
				List.of(new Edit(at, 0, prefix + lineText + method + "\n" + suffix))));
		out.add(new Fix("Migrate to hybrid: add 'addke " + round + " " + method + ", none' (optional until the peer has it)",
				List.of(new Edit(at, 0, prefix + lineText + method + ", none\n" + suffix))));
	}

	/** ML-KEM-768 when every target of the proposal's policy can negotiate it, else the first ML-KEM all can. */
	private static String mlKemForTargets(Proposal proposal) {
		java.util.Set<Integer> usable = new java.util.LinkedHashSet<>(List.of(36, 37, 35));
		EObject container = proposal.eContainer();
		if (container instanceof org.ikewb.model.policy.Policy policy) {
			for (org.ikewb.model.policy.Target t : policy.getTargets()) {
				usable.retainAll(org.ikewb.model.targets.TargetProfile.of(t).keyExchanges());
			}
		}
		return usable.isEmpty() ? "mlkem768" : org.ikewb.protocol.KeyExchangeMethod.of(usable.iterator().next()).keyword();
	}

	static TransformLine lineAt(XtextResource resource, int offset) {
		EObject o = new EObjectAtOffsetHelper().resolveContainedElementAt(resource, Math.max(0, offset));
		while (o != null && !(o instanceof TransformLine)) {
			o = o.eContainer();
		}
		return (TransformLine) o;
	}

	static Proposal proposalAt(XtextResource resource, int offset) {
		EObject o = new EObjectAtOffsetHelper().resolveContainedElementAt(resource, Math.max(0, offset));
		while (o != null && !(o instanceof Proposal)) {
			o = o.eContainer();
		}
		return (Proposal) o;
	}

	/** Deletes one alternative with the comma before it (or after it, for the first). */
	static Edit removeAlternative(String text, int offset, int length) {
		int start = offset;
		int i = offset - 1;
		while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i--;
		}
		if (i >= 0 && text.charAt(i) == ',') {
			return new Edit(i, offset + length - i, "");
		}
		int end = offset + length;
		int j = end;
		while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
			j++;
		}
		if (j < text.length() && text.charAt(j) == ',') {
			j++;
			while (j < text.length() && text.charAt(j) == ' ') {
				j++;
			}
			return new Edit(start, j - start, "");
		}
		return new Edit(start, length, "");
	}

	private static void removeNone(String text, TransformLine line, List<Fix> out, String label) {
		if (line == null) {
			return;
		}
		List<INode> nodes = NodeModelUtils.findNodesForFeature(line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS);
		for (INode n : nodes) {
			if (NodeModelUtils.getTokenText(n).equalsIgnoreCase("none") && nodes.size() > 1) {
				out.add(new Fix(label, List.of(removeAlternative(text, n.getOffset(), n.getLength()))));
				return;
			}
		}
	}

	/** Replaces the whole alternatives list of a line (first name to last name). */
	static Edit replaceAlternatives(TransformLine line, String alternatives) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(line, PolicyPackage.Literals.TRANSFORM_LINE__ALGORITHMS);
		if (nodes.isEmpty()) {
			return null;
		}
		int start = nodes.get(0).getOffset();
		INode last = nodes.get(nodes.size() - 1);
		return new Edit(start, last.getOffset() + last.getLength() - start, alternatives);
	}

	/** Up to three known names of the line's transform type nearest to a misspelt one. */
	static List<String> closest(TransformLine line, String wrong) {
		String w = wrong.toLowerCase(Locale.ROOT);
		List<String> names = AlgorithmCatalog.forKind(line.getKind(), line.getRound()).stream()
				.map(AlgorithmCatalog.Entry::keyword).distinct().toList();
		return names.stream().sorted(Comparator.comparingInt(n -> distance(n, w))).filter(n -> distance(n, w) <= 3).limit(3)
				.toList();
	}

	static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1];
		int[] cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}
}
