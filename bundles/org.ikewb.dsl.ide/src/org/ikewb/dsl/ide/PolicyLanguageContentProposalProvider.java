package org.ikewb.dsl.ide;

import java.util.Locale;

import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.ikewb.dsl.services.PolicyLanguageGrammarAccess;
import org.ikewb.model.policy.TransformKind;

import com.google.inject.Inject;

/**
 * Completion where an algorithm is expected: the algorithms of that line's transform type
 * (ML-KEM first in addke rounds), each with its IANA name and ID, sizes and RFC 8247 status.
 * Keywords and proposal/peer names come from Xtext's defaults.
 */
public class PolicyLanguageContentProposalProvider extends IdeContentProposalProvider {

	@Inject
	private PolicyLanguageGrammarAccess grammar;

	@Override
	protected void _createProposals(RuleCall ruleCall, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		if (ruleCall.getRule() != grammar.getAlgorithmNameRule()) {
			super._createProposals(ruleCall, context, acceptor);
			return;
		}
		LineKind line = lineKind(context);
		if (line == null) {
			return;
		}
		int priority = 900;
		java.util.Set<Integer> onLine = new java.util.HashSet<>();
		for (String word : line.written()) {
			AlgorithmCatalog.describe(line.kind(), line.round(), word).ifPresent(e -> onLine.add(e.id()));
		}
		for (AlgorithmCatalog.Entry e : AlgorithmCatalog.forKind(line.kind(), line.round())) {
			if (!e.keyword().startsWith(context.getPrefix().toLowerCase(Locale.ROOT))) {
				continue;
			}
			if (onLine.contains(e.id()) && !e.keyword().equalsIgnoreCase(context.getPrefix())) {
				continue; // already an alternative of this line (by IANA ID: Curve25519 is x25519)
			}
			var entry = getProposalCreator().createProposal(e.keyword(), context, x -> {
				x.setDescription(e.summary());
				x.setDocumentation(e.documentation());
				x.setKind(org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry.KIND_VALUE);
			});
			if (entry != null) {
				acceptor.accept(entry, priority--);
			}
		}
	}

	/** The transform kind (and round) of the line being typed, and the names already on it (not the one being typed). */
	record LineKind(TransformKind kind, int round, java.util.List<String> written) {
	}

	/** Read from the text: the first word of the current line ("addke 2 mlkem768, |"). */
	static LineKind lineKind(ContentAssistContext context) {
		String text = context.getRootNode().getText();
		int offset = Math.min(context.getOffset(), text.length());
		int start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
		String[] words = text.substring(start, offset).trim().split("[\\s,]+");
		if (words.length == 0) {
			return null;
		}
		TransformKind kind = TransformKind.get(words[0]);
		if (kind == null) {
			return null;
		}
		int round = 0;
		int first = 1;
		if (kind == TransformKind.ADDKE && words.length > 1 && words[1].matches("[1-7]")) {
			round = Integer.parseInt(words[1]);
			first = 2;
		}
		// the whole line, after the cursor too, without the word being typed
		int end = text.indexOf('\n', offset);
		String rest = end < 0 ? text.substring(offset) : text.substring(offset, end);
		java.util.List<String> written = new java.util.ArrayList<>();
		for (int i = first; i < words.length; i++) {
			if (!(i == words.length - 1 && !context.getPrefix().isEmpty() && words[i].equals(context.getPrefix()))) {
				written.add(words[i]);
			}
		}
		for (String w : rest.replaceFirst("^[^\\s,]*", "").trim().split("[\\s,]+")) {
			if (!w.isEmpty() && !w.startsWith("//") && !w.equals("}")) {
				written.add(w);
			}
		}
		return new LineKind(kind, round, written);
	}
}
