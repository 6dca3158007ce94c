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
	/** The editor's key bindings (F3, Alt+Shift+R, Ctrl+Shift+F) on top of every text editor's. */
	public static final String CONTEXT = "org.ikewb.dsl.ui.policyEditorScope";

	private PolicyOutlinePage outline;
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

	@Override
	protected void createActions() {
		super.createActions();
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
		String old = (String) d.get().element().eGet(PolicyNavigation.nameFeature(d.get().element()));
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
