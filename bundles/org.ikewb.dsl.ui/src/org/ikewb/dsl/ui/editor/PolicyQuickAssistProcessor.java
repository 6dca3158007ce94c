package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.ide.QuickFixes;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/** Quick fixes (Ctrl+1) for the findings at the cursor, computed by the IDE services' {@link QuickFixes}. */
public class PolicyQuickAssistProcessor implements IQuickAssistProcessor {

	private final PolicyEditor editor;

	public PolicyQuickAssistProcessor(PolicyEditor editor) {
		this.editor = editor;
	}

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public boolean canFix(Annotation annotation) {
		return annotation instanceof PolicyIssueAnnotation a && QuickFixes.isFixable(a.getIssue().getCode());
	}

	@Override
	public boolean canAssist(IQuickAssistInvocationContext context) {
		return false;
	}

	@Override
	public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
		return proposals(context.getSourceViewer().getDocument(), context.getOffset()).toArray(new ICompletionProposal[0]);
	}

	/** The fixes for every finding at {@code offset} (also for tests). */
	public List<ICompletionProposal> proposals(IDocument document, int offset) {
		List<ICompletionProposal> out = new ArrayList<>();
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		if (model == null) {
			return out;
		}
		String text = document.get();
		XtextResource resource = null;
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (!(it.next() instanceof PolicyIssueAnnotation a) || !canFix(a)) {
				continue;
			}
			Position p = model.getPosition(a);
			if (p == null || offset < p.getOffset() || offset > p.getOffset() + p.getLength()) {
				continue;
			}
			if (resource == null) {
				resource = PolicyLanguageUi.parse(text, editor.resourceUri());
			}
			Issue issue = a.getIssue();
			for (QuickFixes.Fix fix : QuickFixes.fixes(resource, issue.getCode(), p.getOffset(), p.getLength(), issue.getMessage())) {
				out.add(new FixProposal(fix));
			}
		}
		return out;
	}

	/** A fix as a proposal: applies its edits, last first, so that earlier offsets stay valid. */
	static final class FixProposal implements ICompletionProposal {
		private final QuickFixes.Fix fix;

		FixProposal(QuickFixes.Fix fix) {
			this.fix = fix;
		}

		@Override
		public void apply(IDocument document) {
			List<QuickFixes.Edit> edits = new ArrayList<>(fix.edits());
			edits.sort((x, y) -> Integer.compare(y.offset(), x.offset()));
			try {
				for (QuickFixes.Edit e : edits) {
					document.replace(e.offset(), e.length(), e.text());
				}
			} catch (BadLocationException e) {
				throw new IllegalStateException("the document changed under the fix", e);
			}
		}

		@Override
		public Point getSelection(IDocument document) {
			return null;
		}

		@Override
		public String getAdditionalProposalInfo() {
			return fix.label();
		}

		@Override
		public String getDisplayString() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public IContextInformation getContextInformation() {
			return null;
		}
	}
}
