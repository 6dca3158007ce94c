package org.ikewb.dsl.ui.editor;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.IDocumentProvider;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;

/**
 * IKEv2 Policy editor on the platform text-editor framework. Document provider: the default
 * TextFileDocumentProvider (registered for IStorageEditorInput by org.eclipse.ui.editors); for IFile
 * inputs its annotation model comes from {@link PolicyAnnotationModelFactory}. Adds an Outline,
 * Format (Ctrl+Shift+F) and "Generate Config" per target to the text editor.
 */
public class PolicyEditor extends TextEditor {

	public static final String ID = "org.ikewb.dsl.ui.PolicyEditor";
	public static final String FORMAT_COMMAND = "org.ikewb.dsl.ui.format";
	public static final String OPEN_DECLARATION_COMMAND = "org.ikewb.dsl.ui.openDeclaration";
	public static final String RENAME_COMMAND = "org.ikewb.dsl.ui.rename";
	public static final String FIND_REFERENCES_COMMAND = "org.ikewb.dsl.ui.findReferences";
	/** Annotation types of Mark Occurrences (declared with their colours in plugin.xml). */
	public static final String OCCURRENCE = "org.ikewb.dsl.ui.occurrence";
	public static final String DEFINITION_OCCURRENCE = "org.ikewb.dsl.ui.occurrence.definition";
	/** The editor's key bindings (F3, Alt+Shift+R, Ctrl+Shift+F) on top of every text editor's. */
	public static final String CONTEXT = "org.ikewb.dsl.ui.policyEditorScope";

	private PolicyOutlinePage outline;
	private org.eclipse.jface.text.source.projection.ProjectionSupport projectionSupport;
	/** The text the reconciler parsed last, with the document's stamp then (occurrences reuse it). */
	private volatile Parsed parsed;
	private org.eclipse.jface.text.source.Annotation[] occurrences = new org.eclipse.jface.text.source.Annotation[0];
	private final java.util.Map<org.eclipse.jface.text.source.projection.ProjectionAnnotation, org.eclipse.jface.text.Position> folds = new java.util.HashMap<>();

	/** A parse of the document at modification stamp {@code stamp}. */
	record Parsed(long stamp, XtextResource resource) {
	}
	/** The last reconciles' times (a bounded window: an editor may stay open for days). */
	private final java.util.Deque<long[]> reconciles = new java.util.concurrent.ConcurrentLinkedDeque<>();

	@Override
	protected void initializeEditor() {
		super.initializeEditor();
		setSourceViewerConfiguration(new PolicySourceViewerConfiguration(this, getPreferenceStore()));
	}

	@Override
	protected void initializeKeyBindingScopes() {
		setKeyBindingScopes(new String[] { CONTEXT });
	}

	/** A message in the status line (what a command could not do, and why). */
	void status(String message) {
		getEditorSite().getActionBars().getStatusLineManager().setMessage(message);
	}

	/** A projection viewer, so that policies, proposals, peers and long comments fold. */
	@Override
	protected ISourceViewer createSourceViewer(org.eclipse.swt.widgets.Composite parent,
			org.eclipse.jface.text.source.IVerticalRuler ruler, int styles) {
		org.eclipse.jface.text.source.projection.ProjectionViewer viewer = new org.eclipse.jface.text.source.projection.ProjectionViewer(
				parent, ruler, getOverviewRuler(), isOverviewRulerVisible(), styles);
		getSourceViewerDecorationSupport(viewer);
		return viewer;
	}

	@Override
	public void createPartControl(org.eclipse.swt.widgets.Composite parent) {
		super.createPartControl(parent);
		org.eclipse.jface.text.source.projection.ProjectionViewer viewer = (org.eclipse.jface.text.source.projection.ProjectionViewer) getSourceViewer();
		projectionSupport = new org.eclipse.jface.text.source.projection.ProjectionSupport(viewer, getAnnotationAccess(), getSharedColors());
		projectionSupport.install();
		viewer.doOperation(org.eclipse.jface.text.source.projection.ProjectionViewer.TOGGLE);
		if (viewer instanceof org.eclipse.jface.viewers.IPostSelectionProvider post) {
			post.addPostSelectionChangedListener(e -> markOccurrences());
		}
	}

	@Override
	protected void createActions() {
		super.createActions();
		Action references = new Action("Find References") {
			@Override
			public void run() {
				findReferences();
			}
		};
		references.setActionDefinitionId(FIND_REFERENCES_COMMAND);
		setAction("FindReferences", references);
		Action open = new Action("Open Declaration") {
			@Override
			public void run() {
				PolicyNavigation.openDeclaration(PolicyEditor.this);
			}
		};
		open.setActionDefinitionId(OPEN_DECLARATION_COMMAND);
		setAction("OpenDeclaration", open);
		Action rename = new Action("Rename…") {
			@Override
			public void run() {
				rename();
			}
		};
		rename.setActionDefinitionId(RENAME_COMMAND);
		setAction("Rename", rename);
		Action format = new Action("Format") {
			@Override
			public void run() {
				format();
			}
		};
		format.setActionDefinitionId(FORMAT_COMMAND);
		setAction("Format", format);
	}

	@Override
	protected void editorContextMenuAboutToShow(IMenuManager menu) {
		super.editorContextMenuAboutToShow(menu);
		menu.appendToGroup(ITextEditorActionConstants.GROUP_EDIT, getAction("Format"));
		menu.appendToGroup(ITextEditorActionConstants.GROUP_EDIT, getAction("OpenDeclaration"));
		menu.appendToGroup(ITextEditorActionConstants.GROUP_EDIT, getAction("FindReferences"));
		menu.appendToGroup(ITextEditorActionConstants.GROUP_EDIT, getAction("Rename"));
		MenuManager generate = new MenuManager("Generate Config");
		for (Target target : new Target[] { Target.STRONGSWAN, Target.LIBRESWAN, Target.FORTIOS, Target.CHECKPOINT }) {
			generate.add(new Action(label(target)) {
				@Override
				public void run() {
					try {
						List<IFile> written = generate(target);
						MessageDialog.openInformation(getSite().getShell(), "Generate Config",
								"Wrote " + String.join(", ", written.stream().map(f -> f.getName()).toList()));
					} catch (GenerationException e) {
						MessageDialog.openError(getSite().getShell(), "Generate Config", e.getMessage());
					}
				}
			});
		}
		menu.appendToGroup(ITextEditorActionConstants.GROUP_EDIT, generate);
	}

	private static String label(Target target) {
		return switch (target) {
		case STRONGSWAN -> "strongSwan swanctl.conf";
		case LIBRESWAN -> "Libreswan ipsec.conf";
		case FORTIOS -> "FortiOS CLI";
		case CHECKPOINT -> "Check Point multiple-key-exchanges (Ansible)";
		case IKEWB -> "IKEv2 Workbench";
		};
	}

	@Override
	public <T> T getAdapter(Class<T> adapter) {
		if (IContentOutlinePage.class.equals(adapter)) {
			if (outline == null) {
				outline = new PolicyOutlinePage(this);
				outline.update(PolicyLanguageUi.parse(document().get(), resourceUri()));
			}
			return adapter.cast(outline);
		}
		return super.getAdapter(adapter);
	}

	/**
	 * Rename (Alt+Shift+R) of the proposal, peer, Child SA or policy at the caret, in every file that
	 * sees it: asks for the new name, saves open policy editors first, says what it refuses and why.
	 */
	void rename() {
		int offset = ((org.eclipse.jface.text.ITextSelection) getSelectionProvider().getSelection()).getOffset();
		java.util.Optional<PolicyNavigation.Declaration> d = PolicyNavigation.declarationAt(this, offset);
		if (d.isEmpty()) {
			status("Nothing to rename here: place the cursor on the name of a proposal, peer, Child SA or policy");
			return;
		}
		if (!org.eclipse.ui.ide.IDE.saveAllEditors(new org.eclipse.core.resources.IResource[] {
				org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot() }, true)) {
			return;
		}
		String old = org.ikewb.dsl.ide.PolicyOccurrences.nameOf(d.get().element());
		org.eclipse.jface.dialogs.InputDialog dialog = new org.eclipse.jface.dialogs.InputDialog(getSite().getShell(), "Rename",
				"New name for '" + old + "' (changed wherever it is used, in this file and the files that import it):", old,
				text -> text.matches("[A-Za-z_][A-Za-z0-9_-]*") ? null
						: "Start with a letter or '_', then letters, digits, '_' or '-'");
		if (dialog.open() != org.eclipse.jface.window.Window.OK) {
			return;
		}
		try {
			PolicyRename.Plan plan = PolicyRename.plan(this, offset, dialog.getValue());
			PolicyRename.perform(plan);
			status("Renamed '" + plan.oldName() + "' to '" + plan.newName() + "' in " + plan.places() + " places, "
					+ plan.spans().size() + " files (Edit › Undo reverts it)");
		} catch (PolicyRename.Refused e) {
			MessageDialog.openInformation(getSite().getShell(), "Rename", e.getMessage());
		} catch (CoreException e) {
			MessageDialog.openError(getSite().getShell(), "Rename", "The rename could not be written: " + e.getStatus().getMessage()
					+ ". Nothing was changed where the error occurred; check the files and try again");
		}
	}

	/**
	 * Find References (Ctrl+Shift+G): where the proposal, peer, Child SA or policy at the caret is
	 * named, in this file and the files that import it, listed in the References view.
	 */
	void findReferences() {
		int offset = ((org.eclipse.jface.text.ITextSelection) getSelectionProvider().getSelection()).getOffset();
		java.util.Optional<PolicyReferences.Result> result = PolicyReferences.find(this, offset);
		if (result.isEmpty()) {
			status("Nothing to search for here: place the cursor on the name of a proposal, peer, Child SA or policy");
			return;
		}
		try {
			PolicyReferencesView view = (PolicyReferencesView) getSite().getPage().showView(PolicyReferencesView.ID, null,
					org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
			view.show(result.get());
		} catch (org.eclipse.ui.PartInitException e) {
			MessageDialog.openError(getSite().getShell(), "Find References",
					"The References view could not be opened: " + e.getStatus().getMessage());
		}
	}

	/** The reconciler parsed the document as it was at {@code stamp}: folds and occurrences follow it. */
	void parsed(long stamp, XtextResource resource, java.util.List<org.eclipse.jface.text.Position> foldable) {
		parsed = new Parsed(stamp, resource);
		org.eclipse.swt.widgets.Display display = org.eclipse.ui.PlatformUI.getWorkbench().getDisplay();
		if (!display.isDisposed()) {
			display.asyncExec(() -> {
				if (getSourceViewer() != null && stamp() == stamp) {
					fold(foldable);
					markOccurrences();
				}
			});
		}
	}

	private long stamp() {
		return document() instanceof org.eclipse.jface.text.IDocumentExtension4 d ? d.getModificationStamp() : -1;
	}

	/** Replaces the folding regions, keeping those that did not move (so a collapsed one stays collapsed). */
	private void fold(java.util.List<org.eclipse.jface.text.Position> foldable) {
		org.eclipse.jface.text.source.projection.ProjectionAnnotationModel model = ((org.eclipse.jface.text.source.projection.ProjectionViewer) getSourceViewer())
				.getProjectionAnnotationModel();
		if (model == null) {
			return;
		}
		java.util.Set<org.eclipse.jface.text.Position> wanted = new java.util.LinkedHashSet<>(foldable);
		java.util.List<org.eclipse.jface.text.source.Annotation> removed = new ArrayList<>();
		for (var it = folds.entrySet().iterator(); it.hasNext();) {
			var e = it.next();
			if (!e.getValue().isDeleted() && wanted.remove(new org.eclipse.jface.text.Position(e.getValue().getOffset(), e.getValue().getLength()))) {
				continue;
			}
			removed.add(e.getKey());
			it.remove();
		}
		java.util.Map<org.eclipse.jface.text.source.projection.ProjectionAnnotation, org.eclipse.jface.text.Position> added = new java.util.HashMap<>();
		for (org.eclipse.jface.text.Position p : wanted) {
			added.put(new org.eclipse.jface.text.source.projection.ProjectionAnnotation(), p);
		}
		folds.putAll(added);
		model.modifyAnnotations(removed.toArray(org.eclipse.jface.text.source.Annotation[]::new), added, null);
	}

	/** The folding regions now shown (tests). */
	public java.util.List<org.eclipse.jface.text.Position> foldingRegions() {
		return folds.values().stream().filter(p -> !p.isDeleted())
				.sorted(java.util.Comparator.comparingInt(org.eclipse.jface.text.Position::getOffset)).toList();
	}

	/**
	 * Mark Occurrences: the proposal, peer, Child SA or policy at the caret is highlighted wherever
	 * this file names it (its definition in a darker shade). Uses the reconciler's last parse; while
	 * that is older than the text, nothing is marked rather than the wrong words.
	 */
	private void markOccurrences() {
		Parsed p = parsed;
		ISourceViewer viewer = getSourceViewer();
		IDocumentProvider provider = getDocumentProvider();
		org.eclipse.jface.text.source.IAnnotationModel model = provider == null ? null : provider.getAnnotationModel(getEditorInput());
		if (viewer == null || model == null) {
			return;
		}
		java.util.Map<org.eclipse.jface.text.source.Annotation, org.eclipse.jface.text.Position> added = new java.util.HashMap<>();
		if (p != null && p.stamp() == stamp()) {
			int offset = viewer.getSelectedRange().x;
			org.eclipse.emf.ecore.EObject target = PolicyNavigation.targetAt(p.resource(), offset);
			if (target != null) {
				for (org.ikewb.dsl.ide.PolicyOccurrences.Occurrence o : org.ikewb.dsl.ide.PolicyOccurrences.of(p.resource(), target)) {
					added.put(new org.eclipse.jface.text.source.Annotation(o.declaration() ? DEFINITION_OCCURRENCE : OCCURRENCE, false,
							(o.declaration() ? "Definition of '" : "Occurrence of '") + org.ikewb.dsl.ide.PolicyOccurrences.nameOf(target) + "'"),
							new org.eclipse.jface.text.Position(o.offset(), o.length()));
				}
			}
		}
		if (added.isEmpty() && occurrences.length == 0) {
			return;
		}
		if (model instanceof org.eclipse.jface.text.source.IAnnotationModelExtension ext) {
			ext.replaceAnnotations(occurrences, added);
		} else {
			for (org.eclipse.jface.text.source.Annotation a : occurrences) {
				model.removeAnnotation(a);
			}
			added.forEach(model::addAnnotation);
		}
		occurrences = added.keySet().toArray(org.eclipse.jface.text.source.Annotation[]::new);
	}

	/** The spans Mark Occurrences highlights now, in text order (tests). */
	public java.util.List<org.eclipse.jface.text.Position> occurrences() {
		org.eclipse.jface.text.source.IAnnotationModel model = getDocumentProvider().getAnnotationModel(getEditorInput());
		java.util.List<org.eclipse.jface.text.Position> out = new ArrayList<>();
		for (org.eclipse.jface.text.source.Annotation a : occurrences) {
			org.eclipse.jface.text.Position pos = model.getPosition(a);
			if (pos != null) {
				out.add(pos);
			}
		}
		out.sort(java.util.Comparator.comparingInt(org.eclipse.jface.text.Position::getOffset));
		return out;
	}

	@Override
	public void dispose() {
		IFile file = getFile();
		super.dispose();
		if (file != null) {
			PolicyWorkspaceValidation.editorClosed(file);
		}
	}

	/** Parse + validate time of one reconcile (a measurement for the harness, never asserted on). */
	void recordReconcile(long nanos, int characters) {
		reconciles.addLast(new long[] { nanos, characters });
		while (reconciles.size() > 100) {
			reconciles.pollFirst();
		}
	}

	/** The last (up to 100) reconciles: {nanoseconds, characters of the document}, oldest first. */
	public java.util.List<long[]> reconcileTimes() {
		return java.util.List.copyOf(reconciles);
	}

	/** The outline page if one was asked for (the reconciler keeps it current). */
	PolicyOutlinePage outlinePage() {
		return outline;
	}

	/** For tests and tooling: the viewer, e.g. to compute content-assist proposals. */
	public ISourceViewer getViewer() {
		return getSourceViewer();
	}

	/** The workspace file being edited, or null (external file, storage input). */
	public IFile getFile() {
		IEditorInput input = getEditorInput();
		return input == null ? null : input.getAdapter(IFile.class);
	}

	/** EMF URI used for parsing the current text (platform:/resource/... for workspace files). */
	URI resourceUri() {
		IFile file = getFile();
		return file != null ? URI.createPlatformResourceURI(file.getFullPath().toString(), true)
				: URI.createURI("inmemory:/editor.ikewb");
	}

	private IDocument document() {
		return getDocumentProvider().getDocument(getEditorInput());
	}

	/** Formats the whole document with the language's formatter (one undoable change per replacement). */
	public void format() {
		IDocument document = document();
		XtextResource resource = PolicyLanguageUi.parse(document.get(), resourceUri());
		if (!resource.getErrors().isEmpty()) {
			return; // the formatter needs a parse tree; syntax errors first
		}
		FormatterRequest request = PolicyLanguageUi.injector().getInstance(FormatterRequest.class);
		request.setTextRegionAccess(
				PolicyLanguageUi.injector().getInstance(TextRegionAccessBuilder.class).forNodeModel(resource).create());
		List<ITextReplacement> replacements = new ArrayList<>(
				PolicyLanguageUi.injector().getInstance(IFormatter2.class).format(request));
		replacements.sort((a, b) -> Integer.compare(b.getOffset(), a.getOffset()));
		try {
			for (ITextReplacement r : replacements) {
				document.replace(r.getOffset(), r.getLength(), r.getReplacementText());
			}
		} catch (BadLocationException e) {
			throw new IllegalStateException("the document changed while formatting", e);
		}
	}

	/** A config cannot be generated: the policy has errors, or the target cannot express it. */
	public static final class GenerationException extends Exception {
		private static final long serialVersionUID = 1L;

		GenerationException(String message) {
			super(message);
		}
	}

	/**
	 * Writes the target's config next to the policy file (no secrets: the config references its
	 * secrets file, as on the command line). Refuses a policy with errors.
	 */
	public List<IFile> generate(Target target) throws GenerationException {
		IFile file = getFile();
		if (file == null) {
			throw new GenerationException("Save the policy in a project first: configs are written next to it.");
		}
		XtextResource resource = PolicyLanguageUi.parse(document().get(), resourceUri());
		List<Issue> errors = PolicyLanguageUi.injector().getInstance(IResourceValidator.class)
				.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl).stream()
				.filter(i -> i.getSeverity() == Severity.ERROR).toList();
		if (!errors.isEmpty()) {
			throw new GenerationException("The policy has " + errors.size() + " error(s); the first, line "
					+ errors.get(0).getLineNumber() + ": " + errors.get(0).getMessage());
		}
		String base = file.getName().replaceFirst("\\.ikewb$", "");
		List<GeneratedFile> generated;
		try {
			generated = ConfigGenerator.of(target).generate((PolicyFile) resource.getContents().get(0),
					new ConfigGenerator.Options(base, false, SecretResolver.system()));
		} catch (ConfigGenerator.UnsupportedException | SecretResolver.SecretUnavailableException e) {
			throw new GenerationException(e.getMessage());
		}
		IContainer folder = file.getParent();
		List<IFile> written = new ArrayList<>();
		try {
			for (GeneratedFile g : generated) {
				IFile out = folder.getFile(new org.eclipse.core.runtime.Path(g.name()));
				ByteArrayInputStream in = new ByteArrayInputStream(g.content().getBytes(StandardCharsets.UTF_8));
				if (out.exists()) {
					out.setContents(in, true, true, null);
				} else {
					out.create(in, true, null);
				}
				written.add(out);
			}
		} catch (CoreException e) {
			throw new GenerationException("Cannot write into " + folder.getFullPath() + ": " + e.getMessage());
		}
		return written;
	}
}
