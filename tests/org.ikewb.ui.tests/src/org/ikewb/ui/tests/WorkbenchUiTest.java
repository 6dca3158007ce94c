package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.ikewb.ui.IkewbPerspective;
import org.ikewb.ui.SequenceView;
import org.junit.jupiter.api.Test;

/** The real IDE workbench opens our perspective with the IKE sequence view. */
public class WorkbenchUiTest {

	@Test
	public void perspectiveShowsTheSequenceView() throws Exception {
		assertTrue(PlatformUI.isWorkbenchRunning(), "the workbench runs (UI harness)");
		assertNotNull(Display.getCurrent(), "the test runs on the UI thread");
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(IkewbPerspective.ID));
		UiTestSupport.spin(500);
		assertEquals(IkewbPerspective.ID, page.getPerspective().getId());
		IViewPart part = page.findView(SequenceView.ID);
		assertInstanceOf(SequenceView.class, part, "the perspective contains the sequence view");
		page.showView(SequenceView.ID);
		UiTestSupport.spin(500);
		String shown = ((SequenceView) part).describeContents();
		// the placeholder, or the state of a run another test started in this workbench
		assertTrue(shown.startsWith("No IKE exchange has run yet") || shown.startsWith("Established"), shown);
		File shot = UiTestSupport.screenshot("workbench-sequence-view");
		assertTrue(shot.length() > 1000, "screenshot written: " + shot);
	}
}
