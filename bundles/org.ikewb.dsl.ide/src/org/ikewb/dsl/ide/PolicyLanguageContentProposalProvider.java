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
		for (AlgorithmCatalog.Entry e : AlgorithmCatalog.forKind(line.kind(), line.round())) {
			if (!e.keyword().startsWith(context.getPrefix().toLowerCase(Locale.ROOT))) {
				continue;
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

	/** The transform kind (and round) of the line being typed. */
	record LineKind(TransformKind kind, int round) {
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
		if (kind == TransformKind.ADDKE && words.length > 1 && words[1].matches("[1-7]")) {
			round = Integer.parseInt(words[1]);
		}
		return new LineKind(kind, round);
	}
}
