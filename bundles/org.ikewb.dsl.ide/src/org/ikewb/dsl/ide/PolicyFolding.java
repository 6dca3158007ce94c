package org.ikewb.dsl.ide;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.Proposal;

/**
 * What folds in a policy text: each policy, proposal, peer and Child SA block, and each comment
 * between {@code /*} and <code>*&#47;</code>, when it spans more than one line. A fold covers whole
 * lines, from the start of its first line to the end of its last (line break included), as the
 * platform's projection expects.
 */
public final class PolicyFolding {

	/** Whole lines {@code offset..offset+length}. */
	public record Fold(int offset, int length) {
	}

	private PolicyFolding() {
	}

	public static List<Fold> of(XtextResource resource) {
		List<Fold> out = new ArrayList<>();
		if (resource.getParseResult() == null) {
			return out;
		}
		INode root = resource.getParseResult().getRootNode();
		String text = root.getText();
		for (var it = resource.getAllContents(); it.hasNext();) {
			EObject o = it.next();
			if (o instanceof Policy || o instanceof Proposal || o instanceof Peer || o instanceof ChildSa) {
				INode node = NodeModelUtils.findActualNodeFor(o);
				if (node != null) {
					add(text, node.getOffset(), node.getEndOffset(), out);
				}
			}
		}
		for (ILeafNode leaf : root.getLeafNodes()) {
			if (leaf.isHidden() && leaf.getGrammarElement() instanceof TerminalRule rule && "ML_COMMENT".equals(rule.getName())) {
				add(text, leaf.getOffset(), leaf.getEndOffset(), out);
			}
		}
		out.sort(java.util.Comparator.comparingInt(Fold::offset));
		return out;
	}

	private static void add(String text, int start, int end, List<Fold> out) {
		int first = text.lastIndexOf('\n', start - 1) + 1;
		int lastBreak = text.indexOf('\n', Math.max(start, end - 1));
		if (text.substring(start, Math.max(start, end)).indexOf('\n') < 0) {
			return; // one line: nothing to fold
		}
		int stop = lastBreak < 0 ? text.length() : lastBreak + 1;
		out.add(new Fold(first, stop - first));
	}
}
