package org.ikewb.dsl.ui.editor;

import org.eclipse.core.resources.IFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.editors.text.TextEditor;

/**
 * IKEv2 Policy editor on the platform text-editor framework. Document provider: the default
 * TextFileDocumentProvider (registered for IStorageEditorInput by org.eclipse.ui.editors); for IFile
 * inputs its annotation model comes from {@link PolicyAnnotationModelFactory}.
 */
public class PolicyEditor extends TextEditor {

	public static final String ID = "org.ikewb.dsl.ui.PolicyEditor";

	@Override
	protected void initializeEditor() {
		super.initializeEditor();
		setSourceViewerConfiguration(new PolicySourceViewerConfiguration(this, getPreferenceStore()));
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
}
