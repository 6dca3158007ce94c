package org.ikewb.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** Policy files on the left, the editor in the middle, the debug views on the right, the IKE sequence view and problems below. */
public class IkewbPerspective implements IPerspectiveFactory {

	public static final String ID = "org.ikewb.ui.perspective";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		String editors = layout.getEditorArea();
		layout.addView(IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.LEFT, 0.22f, editors);
		IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.55f, editors);
		bottom.addView(SequenceView.ID);
		bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
		bottom.addPlaceholder(org.ikewb.dsl.ui.editor.PolicyReferencesView.ID); // opened by Find References (Ctrl+Shift+G)
		// Predict Exchange draws its diagram beside the live one, so a prediction and a run of the same pair compare
		layout.createPlaceholderFolder("predicted", IPageLayout.RIGHT, 0.5f, "bottom")
				.addPlaceholder(SequenceView.ID + ":" + SequenceView.PREDICTED);
		// Eclipse's Run/Debug world: the Debug view with the exchange launches, their paused message in
		// Variables, exchange breakpoints; the Run menu and the Debug toolbar (Resume, F6 Step Over, Terminate)
		IFolderLayout debug = layout.createFolder("debug", IPageLayout.RIGHT, 0.62f, editors);
		debug.addView(IDebugUIConstants.ID_DEBUG_VIEW);
		debug.addView(IDebugUIConstants.ID_VARIABLE_VIEW);
		debug.addView(IDebugUIConstants.ID_BREAKPOINT_VIEW);
		layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);
		layout.addActionSet(IDebugUIConstants.DEBUG_ACTION_SET);
		layout.addNewWizardShortcut("org.ikewb.dsl.ui.newPolicy"); // File > New > IKEv2 Policy at the top
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
		layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
		layout.addShowViewShortcut(SequenceView.ID);
		layout.addShowViewShortcut(IPageLayout.ID_PROBLEM_VIEW);
		layout.addShowViewShortcut(org.ikewb.dsl.ui.editor.PolicyReferencesView.ID);
		layout.addShowViewShortcut(IDebugUIConstants.ID_DEBUG_VIEW);
		layout.addShowViewShortcut(IDebugUIConstants.ID_VARIABLE_VIEW);
		layout.addShowViewShortcut(IDebugUIConstants.ID_BREAKPOINT_VIEW);
	}
}
