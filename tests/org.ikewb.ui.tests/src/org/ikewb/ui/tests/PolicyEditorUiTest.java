package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.MarkerAnnotation;
import org.ikewb.dsl.ui.editor.PolicyContentAssistProcessor;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyIssueAnnotation;
import org.ikewb.dsl.ui.editor.PolicyMarkers;
import org.junit.jupiter.api.Test;

/** The .ikewb editor (jface.text + Xtext runtime and ide services) in the real IDE workbench. */
public class PolicyEditorUiTest {

	static final String TEXT = """
			// a round that lists the same method twice
			policy branch {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf prfsha384
			        ke x25519
			        addke 1 mlkem768, mlkem768
			    }
			}
			""";

	@Test
	public void editorHighlightsValidatesAndCompletes() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("policies");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		IFile file = project.getFile("branch.ikewb");
		ByteArrayInputStream in = new ByteArrayInputStream(TEXT.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, true, false, null);
		} else {
			file.create(in, true, null);
		}

		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		IEditorPart part = IDE.openEditor(page, file);
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, part, ".ikewb opens in the policy editor");
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());

		// validation while typing: one annotation in the editor and one marker in the Problems view
		int dup = TEXT.lastIndexOf("mlkem768");
		UiTestSupport.waitUntil(() -> !problemMarkers(file).isEmpty() && !issueAnnotations(editor).isEmpty(), 30_000,
				"the reconciler's marker and annotation");
		// the reconciler and the workspace build both (re)write the file's markers: read one whole,
		// again if it was replaced while being read
		java.util.Map<String, Object> attributes = new java.util.HashMap<>();
		String[] type = new String[1];
		UiTestSupport.waitUntil(() -> {
			List<IMarker> markers = problemMarkers(file);
			if (markers.size() != 1) {
				return false;
			}
			try {
				type[0] = markers.get(0).getType();
				attributes.clear();
				attributes.putAll(markers.get(0).getAttributes());
				return true;
			} catch (org.eclipse.core.runtime.CoreException e) {
				return false; // replaced while we read it
			}
		}, 30_000, "exactly one problem marker, read whole");
		assertEquals(PolicyMarkers.TYPE, type[0]);
		assertEquals(IMarker.SEVERITY_ERROR, attributes.get(IMarker.SEVERITY));
		assertEquals("duplicate-alternative", attributes.get(PolicyMarkers.ISSUE_CODE));
		assertTrue(String.valueOf(attributes.get(IMarker.MESSAGE)).contains("'mlkem768' is listed twice in addke 1"),
				String.valueOf(attributes.get(IMarker.MESSAGE)));
		assertEquals(7, attributes.get(IMarker.LINE_NUMBER), () -> "marker " + attributes);
		assertEquals(dup, attributes.get(IMarker.CHAR_START));
		assertEquals(dup + "mlkem768".length(), attributes.get(IMarker.CHAR_END));

		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		PolicyIssueAnnotation annotation = issueAnnotations(editor).get(0);
		Position position = model.getPosition(annotation);
		assertEquals(dup, position.getOffset());
		assertEquals("mlkem768".length(), position.getLength());
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof MarkerAnnotation ma) {
				assertNotEquals(PolicyMarkers.TYPE, ma.getMarker().getType(), "our markers are not shown twice");
			}
		}

		// highlighting from the language's lexer: keywords, transform kinds, comments
		StyledText widget = editor.getViewer().getTextWidget();
		assertStyle(widget, TEXT.indexOf("policy"), new RGB(127, 0, 85), SWT.BOLD);
		assertStyle(widget, TEXT.indexOf("addke"), new RGB(0, 112, 140), SWT.BOLD);
		assertStyle(widget, TEXT.indexOf("round"), new RGB(63, 127, 95), SWT.NORMAL);

		// content assist at the start of a transform line offers the transform kinds
		int lineStart = TEXT.indexOf("        ke");
		ICompletionProposal[] proposals = new PolicyContentAssistProcessor(editor)
				.computeCompletionProposals(editor.getViewer(), lineStart);
		List<String> shown = new ArrayList<>();
		for (ICompletionProposal p : proposals) {
			shown.add(p.getDisplayString());
		}
		for (String keyword : List.of("encryption", "prf", "integrity", "ke", "addke", "}")) {
			assertTrue(shown.contains(keyword), keyword + " missing in " + shown);
		}

		page.showView(IPageLayout.ID_PROBLEM_VIEW);
		UiTestSupport.spin(1_000);
		page.activate(editor);
		editor.getViewer().setSelectedRange(dup, 0);
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("editor-with-marker");

		// typing: remove the duplicate -> marker and annotation go away
		int line = document.getLineOfOffset(dup);
		int start = document.getLineOffset(line);
		document.replace(start, document.getLineLength(line), "        addke 1 mlkem768, mlkem1024\n");
		UiTestSupport.waitUntil(() -> problemMarkers(file).isEmpty() && issueAnnotations(editor).isEmpty(), 30_000,
				"issues cleared after the edit");
		page.closeEditor(editor, false);
	}

	private static void assertStyle(StyledText widget, int offset, RGB rgb, int fontStyle) {
		StyleRange r = widget.getStyleRangeAtOffset(offset);
		assertNotNull(r, "no style at " + offset);
		assertNotNull(r.foreground, "no colour at " + offset);
		assertEquals(rgb, r.foreground.getRGB(), "colour at " + offset);
		assertEquals(fontStyle, r.fontStyle & SWT.BOLD, "font style at " + offset);
	}

	private static List<IMarker> problemMarkers(IFile file) {
		try {
			return List.of(file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO));
		} catch (CoreException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<PolicyIssueAnnotation> issueAnnotations(PolicyEditor editor) {
		List<PolicyIssueAnnotation> result = new ArrayList<>();
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof PolicyIssueAnnotation a) {
				result.add(a);
			}
		}
		return result;
	}
}
