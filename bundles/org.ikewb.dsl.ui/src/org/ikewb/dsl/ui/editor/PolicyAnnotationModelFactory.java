package org.ikewb.dsl.ui.editor;

import org.eclipse.core.filebuffers.IAnnotationModelFactory;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.source.AnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.ui.texteditor.ResourceMarkerAnnotationModel;

/**
 * File-buffer annotation model for *.ikewb: the default ResourceMarkerAnnotationModel (markers of other
 * tools still show) minus our own problem markers, which would duplicate the reconciler's annotations.
 */
public class PolicyAnnotationModelFactory implements IAnnotationModelFactory {

	@Override
	public IAnnotationModel createAnnotationModel(IPath location) {
		IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
		IFile file = root.getFile(location);
		if (file == null || location.segmentCount() < 2) {
			return new AnnotationModel();
		}
		return new ResourceMarkerAnnotationModel(file) {
			@Override
			protected boolean isAcceptable(IMarker marker) {
				try {
					return super.isAcceptable(marker) && !PolicyMarkers.TYPE.equals(marker.getType());
				} catch (CoreException e) {
					return false;
				}
			}
		};
	}
}
