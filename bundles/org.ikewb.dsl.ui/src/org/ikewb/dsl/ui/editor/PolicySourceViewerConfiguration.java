package org.ikewb.dsl.ui.editor;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/** Wires highlighting, validation-on-typing and content assist into the platform text editor. */
public class PolicySourceViewerConfiguration extends TextSourceViewerConfiguration {

	private final PolicyEditor editor;

	public PolicySourceViewerConfiguration(PolicyEditor editor, IPreferenceStore store) {
		super(store);
		this.editor = editor;
	}

	@Override
	public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
		PresentationReconciler reconciler = new PresentationReconciler();
		reconciler.setDocumentPartitioning(getConfiguredDocumentPartitioning(sourceViewer));
		WholeDocumentDamagerRepairer dr = new WholeDocumentDamagerRepairer(new PolicyTokenScanner(PolicyLanguageUi.injector()));
		reconciler.setDamager(dr, IDocument.DEFAULT_CONTENT_TYPE);
		reconciler.setRepairer(dr, IDocument.DEFAULT_CONTENT_TYPE);
		return reconciler;
	}

	@Override
	public IReconciler getReconciler(ISourceViewer sourceViewer) {
		MonoReconciler reconciler = new MonoReconciler(new PolicyReconcilingStrategy(editor), false);
		reconciler.setDelay(300);
		return reconciler;
	}

	/** Ctrl+click on a proposal reference opens its declaration (also across imports); URLs stay links. */
	@Override
	public org.eclipse.jface.text.hyperlink.IHyperlinkDetector[] getHyperlinkDetectors(ISourceViewer sourceViewer) {
		org.eclipse.jface.text.hyperlink.IHyperlinkDetector[] inherited = super.getHyperlinkDetectors(sourceViewer);
		java.util.List<org.eclipse.jface.text.hyperlink.IHyperlinkDetector> all = new java.util.ArrayList<>();
		all.add(new PolicyNavigation.HyperlinkDetector(editor));
		if (inherited != null) {
			all.addAll(java.util.List.of(inherited));
		}
		return all.toArray(org.eclipse.jface.text.hyperlink.IHyperlinkDetector[]::new);
	}

	@Override
	public org.eclipse.jface.text.ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
		return new PolicyTextHover(editor);
	}

	@Override
	public org.eclipse.jface.text.quickassist.IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
		org.eclipse.jface.text.quickassist.QuickAssistAssistant assistant = new org.eclipse.jface.text.quickassist.QuickAssistAssistant();
		assistant.setQuickAssistProcessor(new PolicyQuickAssistProcessor(editor));
		assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
		return assistant;
	}

	@Override
	public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
		ContentAssistant assistant = new ContentAssistant();
		assistant.setDocumentPartitioning(getConfiguredDocumentPartitioning(sourceViewer));
		assistant.setContentAssistProcessor(new PolicyContentAssistProcessor(editor), IDocument.DEFAULT_CONTENT_TYPE);
		assistant.enableAutoInsert(false);
		assistant.enableAutoActivation(true);
		assistant.setAutoActivationDelay(300);
		assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
		return assistant;
	}
}
