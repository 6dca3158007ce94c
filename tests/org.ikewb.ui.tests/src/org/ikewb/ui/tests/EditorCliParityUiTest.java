package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyIssueAnnotation;
import org.ikewb.dsl.ui.editor.PolicyMarkers;
import org.ikewb.dsl.ui.editor.PolicyWorkspaceValidation;
import org.ikewb.ui.ExamplesImportWizard;
import org.junit.jupiter.api.Test;

/**
 * The editor and the Problems view report exactly what {@code ikewb validate} reports, on every
 * example and on the broken one (issue #17: the editor had 30 errors where the CLI had 31), and
 * the Problems view has them without the files being opened.
 */
public class EditorCliParityUiTest {

	/** What the command line prints for a file: line, severity, code, message. */
	private static List<String> cli(IFile file) throws Exception {
		List<String> out = new ArrayList<>();
		for (Issue i : new PolicyFiles(PolicyLanguageUi.injector()).load(file.getLocation().toPath()).issues()) {
			out.add(i.getLineNumber() + " " + i.getSeverity() + " " + PolicyFiles.code(i) + ": " + i.getMessage());
		}
		out.sort(null);
		return out;
	}

	private static List<String> markers(IFile file) throws Exception {
		List<String> out = new ArrayList<>();
		for (IMarker m : file.findMarkers(PolicyMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
			int severity = m.getAttribute(IMarker.SEVERITY, -1);
			out.add(m.getAttribute(IMarker.LINE_NUMBER, 0) + " "
					+ (severity == IMarker.SEVERITY_ERROR ? "ERROR" : severity == IMarker.SEVERITY_WARNING ? "WARNING" : "INFO") + " "
					+ PolicyFiles.code(code(m)) + ": " + m.getAttribute(PolicyMarkers.ISSUE_MESSAGE, ""));
			String shown = m.getAttribute(IMarker.MESSAGE, "");
			assertTrue(shown.endsWith(" [" + PolicyFiles.code(code(m)) + "]"), "the Problems view shows the code: " + shown);
			assertEquals(null, m.getAttribute(IMarker.LOCATION, null), "no location text: the view sorts by line number");
		}
		out.sort(null);
		return out;
	}

	private static Issue code(IMarker m) {
		Issue.IssueImpl i = new Issue.IssueImpl();
		i.setCode(m.getAttribute(PolicyMarkers.ISSUE_CODE, null));
		return i;
	}

	private static List<String> editor(PolicyEditor editor) {
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		List<String> out = new ArrayList<>();
		for (Iterator<?> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof PolicyIssueAnnotation a) {
				Issue i = a.getIssue();
				out.add(i.getLineNumber() + " " + i.getSeverity() + " " + PolicyFiles.code(i) + ": " + i.getMessage());
			}
		}
		out.sort(null);
		return out;
	}

	@Test
	public void theProblemsViewAndTheEditorSayWhatTheCommandLineSays() throws Exception {
		List<IFile> files = ExamplesImportWizard.importExamples();
		PolicyWorkspaceValidation.start();
		// unopened: the workspace check alone fills the Problems view
		UiTestSupport.waitUntil(() -> {
			try {
				PolicyWorkspaceValidation.join();
				return files.stream().filter(f -> f.getName().equals("every-diagnostic.ikewb")).findFirst().orElseThrow()
						.findMarkers(PolicyMarkers.TYPE, false, IResource.DEPTH_ZERO).length > 30;
			} catch (Exception e) {
				return false;
			}
		}, 60_000, "the workspace check of the examples");
		int checked = 0;
		for (IFile f : files) {
			if (!"ikewb".equals(f.getFileExtension())) {
				continue;
			}
			List<String> expected = cli(f);
			assertEquals(expected, markers(f), "Problems view vs ikewb validate for " + f.getFullPath());
			checked++;
		}
		assertTrue(checked >= 6, "every example: " + checked);

		// opened: the editor's annotations are the same findings
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		for (IFile f : files) {
			if (!"ikewb".equals(f.getFileExtension())) {
				continue;
			}
			PolicyEditor editor = (PolicyEditor) IDE.openEditor(page, f);
			UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the reconcile of " + f.getName());
			UiTestSupport.spin(300);
			assertEquals(cli(f), editor(editor), "editor vs ikewb validate for " + f.getFullPath());
			page.closeEditor(editor, false);
		}
	}
}
