package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.dsl.ide.QuickFixes;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/** The same quick fixes from the Problems view (Quick Fix on a policy problem marker). */
public class PolicyMarkerResolutions implements IMarkerResolutionGenerator2 {

	@Override
	public boolean hasResolutions(IMarker marker) {
		return QuickFixes.isFixable(marker.getAttribute(PolicyMarkers.ISSUE_CODE, null));
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		List<IMarkerResolution> out = new ArrayList<>();
		if (!(marker.getResource() instanceof IFile file)) {
			return new IMarkerResolution[0];
		}
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		try {
			manager.connect(file.getFullPath(), LocationKind.IFILE, null);
			try {
				IDocument document = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE).getDocument();
				int start = marker.getAttribute(IMarker.CHAR_START, -1);
				int end = marker.getAttribute(IMarker.CHAR_END, -1);
				XtextResource resource = PolicyLanguageUi.parse(document.get(),
						URI.createPlatformResourceURI(file.getFullPath().toString(), true));
				for (QuickFixes.Fix fix : QuickFixes.fixes(resource, marker.getAttribute(PolicyMarkers.ISSUE_CODE, null), start,
						end - start, marker.getAttribute(PolicyMarkers.ISSUE_MESSAGE, marker.getAttribute(IMarker.MESSAGE, "")))) {
					out.add(new IMarkerResolution() {
						@Override
						public String getLabel() {
							return fix.label();
						}

						@Override
						public void run(IMarker m) {
							apply(file, fix);
						}
					});
				}
			} finally {
				manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
			}
		} catch (CoreException e) {
			return new IMarkerResolution[0];
		}
		return out.toArray(new IMarkerResolution[0]);
	}

	/** Applies a fix to the file's buffer (shared with an open editor) and saves it if no editor holds it dirty. */
	static void apply(IFile file, QuickFixes.Fix fix) {
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		try {
			manager.connect(file.getFullPath(), LocationKind.IFILE, null);
			try {
				ITextFileBuffer buffer = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
				boolean wasDirty = buffer.isDirty();
				new PolicyQuickAssistProcessor.FixProposal(fix).apply(buffer.getDocument());
				if (!wasDirty) {
					buffer.commit(null, true);
				}
			} finally {
				manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
			}
		} catch (CoreException | RuntimeException e) {
			throw new IllegalStateException("cannot apply '" + fix.label() + "' to " + file.getFullPath(), e);
		}
	}
}
