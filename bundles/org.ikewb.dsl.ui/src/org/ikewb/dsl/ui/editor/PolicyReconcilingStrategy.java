package org.ikewb.dsl.ui.editor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.ui.texteditor.IDocumentProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/**
 * Validation on typing. Runs in the MonoReconciler's background thread: parse the whole text into a fresh
 * XtextResource, run IResourceValidator (syntax, linking, Xtext checks and the EMF model's EValidator, e.g.
 * duplicate-transform), then replace this strategy's annotations in the document provider's annotation model
 * (thread-safe; the painters re-post to the UI thread) and update problem markers in a WorkspaceJob.
 */
public class PolicyReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

	private final PolicyEditor editor;
	private final PolicyMarkers markerJob = new PolicyMarkers();
	private IDocument document;
	private IProgressMonitor monitor;
	private Annotation[] current = new Annotation[0];

	public PolicyReconcilingStrategy(PolicyEditor editor) {
		this.editor = editor;
	}

	@Override
	public void setDocument(IDocument document) {
		this.document = document;
	}

	@Override
	public void setProgressMonitor(IProgressMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void initialReconcile() {
		IFile file = editor.getFile();
		if (file != null) {
			// while open, this editor's text (saved or not) is what the file's markers describe
			PolicyWorkspaceValidation.editorOpened(file, this::validate);
		}
		validate();
	}

	@Override
	public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
		validate();
	}

	@Override
	public void reconcile(IRegion partition) {
		validate();
	}

	private synchronized void validate() {
		IDocument doc = document;
		if (doc == null) {
			return;
		}
		long start = System.nanoTime();
		// the stamp before the text: if the text changed in between, the stamps differ and nothing stale is drawn
		long stamp = doc instanceof org.eclipse.jface.text.IDocumentExtension4 d ? d.getModificationStamp() : -1;
		String text = doc.get();
		XtextResource resource = PolicyLanguageUi.parse(text, editor.resourceUri());
		CancelIndicator cancel = () -> monitor != null && monitor.isCanceled();
		List<Issue> issues;
		try {
			issues = PolicyLanguageUi.injector().getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, cancel);
		} catch (org.eclipse.xtext.service.OperationCanceledError | org.eclipse.core.runtime.OperationCanceledException e) {
			return; // the text changed again (or the editor closed): the next reconcile checks it
		}
		if (cancel.isCanceled()) {
			return;
		}
		editor.recordReconcile(System.nanoTime() - start, text.length());
		updateAnnotations(doc, issues);
		editor.parsed(stamp, resource, org.ikewb.dsl.ide.PolicyFolding.of(resource).stream()
				.map(f -> new Position(f.offset(), f.length())).toList());
		PolicyOutlinePage outline = editor.outlinePage();
		if (outline != null) {
			outline.update(resource);
		}
		IFile file = editor.getFile();
		if (file != null) {
			markerJob.update(file, issues);
		}
	}

	private void updateAnnotations(IDocument doc, List<Issue> issues) {
		IDocumentProvider provider = editor.getDocumentProvider();
		IAnnotationModel model = provider == null ? null : provider.getAnnotationModel(editor.getEditorInput());
		if (model == null) {
			return;
		}
		Map<Annotation, Position> added = new HashMap<>();
		int docLength = doc.getLength();
		for (Issue issue : issues) {
			if (issue.getOffset() == null) {
				continue;
			}
			int offset = Math.min(Math.max(issue.getOffset(), 0), docLength);
			int length = issue.getLength() == null ? 0 : Math.min(issue.getLength(), docLength - offset);
			added.put(new PolicyIssueAnnotation(issue), new Position(offset, length));
		}
		Annotation[] old = current;
		current = added.keySet().toArray(new Annotation[0]);
		if (model instanceof IAnnotationModelExtension ext) {
			ext.replaceAnnotations(old, added);
		} else {
			for (Annotation a : old) {
				model.removeAnnotation(a);
			}
			added.forEach(model::addAnnotation);
		}
	}
}
