package org.ikewb.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** Policy files on the left, the editor in the middle, the IKE sequence view and problems below. */
public class IkewbPerspective implements IPerspectiveFactory {

	public static final String ID = "org.ikewb.ui.perspective";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editors = layout.getEditorArea();
		layout.addView(IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.LEFT, 0.22f, editors);
		IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.55f, editors);
		bottom.addView(SequenceView.ID);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		layout.addShowViewShortcut(SequenceView.ID);
		layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
	}
}
