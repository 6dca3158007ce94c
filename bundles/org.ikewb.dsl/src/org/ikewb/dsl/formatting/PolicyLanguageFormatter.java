package org.ikewb.dsl.formatting;

import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractFormatter2;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Import;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.TransformLine;

/**
 * The house layout of policy files, as the examples are written: four-space indentation, one
 * statement per line, one space between words, {@code a, b} lists, a blank line between blocks
 * (blank lines the author put between statements are kept, at most one). Comments stay where they are.
 */
public class PolicyLanguageFormatter extends AbstractFormatter2 {

	/** Keywords that start a statement on its own line inside a block. */
	private static final Set<String> STATEMENTS = Set.of("require", "targets", "role", "local", "remote", "auth", "ike",
			"fragmentation", "rekey", "mode", "esp");

	/** Four spaces, whatever the platform's default (a tab) says: the layout is part of the language. */
	@Override
	protected void initialize(org.eclipse.xtext.formatting2.FormatterRequest request) {
		org.eclipse.xtext.preferences.MapBasedPreferenceValues values = new org.eclipse.xtext.preferences.MapBasedPreferenceValues(
				request.getPreferences(), new java.util.HashMap<>());
		values.put(org.eclipse.xtext.formatting2.FormatterPreferenceKeys.indentation, "    ");
		request.setPreferences(org.eclipse.xtext.preferences.TypedPreferenceValues.castOrWrap(values));
		super.initialize(request);
	}

	@Override
	public void format(Object obj, IFormattableDocument document) {
		if (obj instanceof XtextResource resource) {
			_format(resource, document);
		} else if (obj instanceof PolicyFile file) {
			formatFile(file, document);
		}
	}

	private void formatFile(PolicyFile file, IFormattableDocument document) {
		// Baseline: one space between any two tokens. Everything below overrides it where the layout says more.
		ISemanticRegion region = textRegionExtensions.regionForEObject(file).getPreviousHiddenRegion().getNextSemanticRegion();
		while (region != null) {
			IHiddenRegion gap = region.getNextHiddenRegion();
			if (gap == null || gap.getNextSemanticRegion() == null) {
				break;
			}
			document.set(gap, hf -> {
				hf.oneSpace();
				hf.lowPriority();
			});
			region = gap.getNextSemanticRegion();
		}
		for (EObject each : (Iterable<EObject>) () -> file.eAllContents()) {
			formatElement(each, document);
		}
		for (Import i : file.getImports()) {
			document.prepend(i, hf -> hf.setNewLines(1, 1, 2));
		}
		boolean first = true;
		for (EObject top : file.eContents()) {
			if (!(top instanceof Import) && !first) {
				document.prepend(top, hf -> hf.setNewLines(2, 2, 2));
			}
			first = false;
		}
	}

	private void formatElement(EObject element, IFormattableDocument document) {
		var regions = textRegionExtensions.regionFor(element);
		for (ISemanticRegion comma : regions.keywords(",")) {
			document.prepend(comma, hf -> hf.noSpace());
		}
		for (ISemanticRegion sep : regions.keywords(".", "/", "-")) {
			document.prepend(sep, hf -> hf.noSpace());
			document.append(sep, hf -> hf.noSpace());
		}
		boolean block = element instanceof Policy || element instanceof Proposal || element instanceof Peer
				|| element instanceof ChildSa;
		if (block) {
			ISemanticRegion open = regions.keyword("{");
			ISemanticRegion close = regions.keyword("}");
			if (open != null && close != null) {
				document.interior(open, close, hf -> hf.indent());
				document.append(open, hf -> hf.newLine());
				document.prepend(close, hf -> hf.newLine());
			}
			for (ISemanticRegion k : regions.keywords(STATEMENTS.toArray(String[]::new))) {
				if (!afterOpeningBrace(k)) {
					document.prepend(k, hf -> hf.setNewLines(1, 1, 2));
				}
			}
			for (EObject child : element.eContents()) {
				if ((child instanceof Proposal || child instanceof Peer || child instanceof ChildSa)
						&& !afterOpeningBrace(textRegionExtensions.regionForEObject(child).getPreviousHiddenRegion().getNextSemanticRegion())) {
					document.prepend(child, hf -> hf.setNewLines(2, 2, 2));
				}
			}
		}
		if (element instanceof TransformLine line
				&& !afterOpeningBrace(textRegionExtensions.regionForEObject(line).getPreviousHiddenRegion().getNextSemanticRegion())) {
			document.prepend(line, hf -> hf.setNewLines(1, 1, 2));
		}
	}

	/** The first token of a block's body: the brace's own newline already places it. */
	private static boolean afterOpeningBrace(ISemanticRegion region) {
		ISemanticRegion previous = region == null ? null : region.getPreviousSemanticRegion();
		return previous != null && previous.getGrammarElement() instanceof Keyword kw && kw.getValue().equals("{");
	}
}
