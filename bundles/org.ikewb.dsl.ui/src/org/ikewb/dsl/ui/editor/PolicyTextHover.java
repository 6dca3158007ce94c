package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.ikewb.dsl.ide.AlgorithmCatalog;
import org.ikewb.model.policy.TransformKind;

/**
 * Hover: the finding under the mouse (code and message), and for an algorithm name its IANA
 * name and ID, sizes, RFC 8247 status and the targets that can negotiate it — from the IDE
 * services' {@link AlgorithmCatalog}, the same data a language server would show.
 */
public class PolicyTextHover implements ITextHover {

	private final PolicyEditor editor;

	public PolicyTextHover(PolicyEditor editor) {
		this.editor = editor;
	}

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		IDocument d = viewer.getDocument();
		int start = offset;
		int end = offset;
		try {
			while (start > 0 && isNameChar(d.getChar(start - 1))) {
				start--;
			}
			while (end < d.getLength() && isNameChar(d.getChar(end))) {
				end++;
			}
		} catch (BadLocationException e) {
			return new Region(offset, 0);
		}
		return new Region(start, end - start);
	}

	private static boolean isNameChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-';
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		return hoverText(viewer.getDocument(), region.getOffset(), region.getLength());
	}

	/** The hover text for a region of the document (also for tests). */
	public String hoverText(IDocument document, int offset, int length) {
		List<String> parts = new ArrayList<>();
		IAnnotationModel model = editor.getDocumentProvider() == null ? null
				: editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		if (model != null) {
			for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
				if (it.next() instanceof PolicyIssueAnnotation a) {
					Position p = model.getPosition(a);
					if (p != null && p.overlapsWith(offset, Math.max(1, length))) {
						parts.add(a.getIssue().getSeverity().name().toLowerCase() + " " + a.getIssue().getCode() + ": "
								+ a.getText());
					}
				}
			}
		}
		try {
			String word = document.get(offset, length);
			int line = document.getLineOfOffset(offset);
			String lineText = document.get(document.getLineOffset(line), document.getLineLength(line)).trim();
			String[] words = lineText.split("[\\s,]+");
			org.ikewb.dsl.ide.KeywordHelp.describe(word, words.length > 0 ? words[0] : "").ifPresent(parts::add);
			TransformKind kind = words.length > 0 ? TransformKind.get(words[0]) : null;
			if (kind != null && !word.equals(words[0])) {
				int round = kind == TransformKind.ADDKE && words.length > 1 && words[1].matches("[1-7]")
						? Integer.parseInt(words[1]) : 1;
				AlgorithmCatalog.describe(kind, round, word).ifPresent(e -> parts.add(e.documentation()));
			}
		} catch (BadLocationException e) {
			// nothing to describe
		}
		return parts.isEmpty() ? null : String.join("\n\n", parts);
	}
}
