package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditorActionConstants;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.ikewb.dsl.ui.editor.PolicyContentAssistProcessor;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyMarkers;
import org.ikewb.dsl.ui.editor.PolicyOutlinePage;
import org.ikewb.dsl.ui.editor.PolicyQuickAssistProcessor;
import org.ikewb.dsl.ui.editor.PolicyTextHover;
import org.ikewb.model.policy.Target;
import org.junit.jupiter.api.Test;

/**
 * The editor beyond typing: hover, completion at an ADDKE position, quick fix in the editor and
 * from the Problems view, Outline, Format and Generate Config — in the real workbench.
 */
public class PolicyEditorFeaturesUiTest {

	static final String TEXT = """
			policy branch {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768, mlkem768
			    }

			    esp proposal child {
			        encryption aes256gcm16
			    }

			    peer hq {
			        local  address 192.0.2.1 id fqdn "branch.example.net"
			        remote address 192.0.2.2 id fqdn "hq.example.net"
			        auth psk from env "PATH"
			        ike proposals hybrid
			        child lan {
			            local  ts 10.1.0.0/16
			            remote ts 10.0.0.0/8
			            esp proposals child
			        }
			    }
			}
			""";

	static IFile file(String name, String text) throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("features");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		IFile file = project.getFile(name);
		ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, true, false, null);
		} else {
			file.create(in, true, null);
		}
		return file;
	}

	static List<IMarker> markers(IFile file) throws Exception {
		return List.of(file.findMarkers(PolicyMarkers.TYPE, true, IResource.DEPTH_ZERO));
	}

	@Test
	public void hoverCompletionQuickFixOutlineFormatAndGenerate() throws Exception {
		IFile file = file("branch.ikewb", TEXT);
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, file));
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		// the workspace check may have marked the saved file already: wait for the editor's own check
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the editor's first check");
		UiTestSupport.waitUntil(() -> {
			try {
				return markers(file).size() == 1;
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "the duplicate's marker");

		// semantic highlighting: ML-KEM is post-quantum (bold green), x25519 classical (no colour of its own)
		org.eclipse.swt.custom.StyleRange pq = editor.getViewer().getTextWidget().getStyleRangeAtOffset(TEXT.indexOf("mlkem768"));
		assertNotNull(pq);
		assertEquals(new org.eclipse.swt.graphics.RGB(0, 128, 64), pq.foreground.getRGB());
		assertEquals(org.eclipse.swt.SWT.BOLD, pq.fontStyle & org.eclipse.swt.SWT.BOLD);
		org.eclipse.swt.custom.StyleRange classical = editor.getViewer().getTextWidget()
				.getStyleRangeAtOffset(TEXT.indexOf("x25519"));
		assertTrue(classical == null || classical.foreground == null, "classical methods keep the default colour");

		// hover on the duplicate: the finding and the algorithm's data
		int dup = TEXT.lastIndexOf("mlkem768");
		String hover = new PolicyTextHover(editor).hoverText(document, dup, "mlkem768".length());
		assertTrue(hover.contains("error duplicate-alternative: 'mlkem768' is listed twice"), hover);
		assertTrue(hover.contains("mlkem768 = ML-KEM-768, transform ID 36"), hover);
		assertTrue(hover.contains("encapsulation key 1184 octets, ciphertext 1088 octets"), hover);
		assertTrue(hover.contains("supported by: strongSwan 6.1, Libreswan 5.4, FortiOS 7.6"), hover);
		// the same text as the editor's own hover popup (F2 = Show Tooltip Description), for the screenshot
		page.showView(IPageLayout.ID_PROBLEM_VIEW);
		page.activate(editor);
		editor.getViewer().setSelectedRange(dup + 2, 0);
		UiTestSupport.spin(300);
		IAction show = editor.getAction(ITextEditorActionConstants.SHOW_INFORMATION);
		assertNotNull(show);
		// the mouse rests on the duplicate: the text widget's hover event opens the hover popup
		org.eclipse.swt.custom.StyledText widget = editor.getViewer().getTextWidget();
		org.eclipse.swt.graphics.Point at = widget.getLocationAtOffset(dup + 3);
		org.eclipse.swt.graphics.Point screen = widget.toDisplay(at.x + 2, at.y + 4);
		org.eclipse.swt.widgets.Event move = new org.eclipse.swt.widgets.Event();
		move.type = org.eclipse.swt.SWT.MouseMove;
		move.x = screen.x;
		move.y = screen.y;
		widget.getDisplay().post(move);
		UiTestSupport.spin(300);
		org.eclipse.swt.widgets.Event rest = new org.eclipse.swt.widgets.Event();
		rest.x = at.x + 2;
		rest.y = at.y + 4;
		widget.notifyListeners(org.eclipse.swt.SWT.MouseHover, rest);
		UiTestSupport.spin(1_500);
		UiTestSupport.screenshot("editor-with-marker-and-hover");

		// completion at an ADDKE position: ML-KEM methods first, with ID and sizes
		int addke = TEXT.indexOf("mlkem768");
		ICompletionProposal[] proposals = new PolicyContentAssistProcessor(editor).computeCompletionProposals(editor.getViewer(),
				addke);
		List<String> shown = new ArrayList<>();
		for (ICompletionProposal p : proposals) {
			shown.add(p.getDisplayString());
		}
		// the line already has mlkem768 (twice: the duplicate this test is about): not offered again
		assertFalse(shown.stream().anyMatch(s -> s.startsWith("mlkem768 ")), shown::toString);
		assertTrue(shown.stream().anyMatch(s -> s.startsWith("mlkem1024 - ML-KEM-1024 (ID 37)")), shown::toString);
		assertTrue(shown.get(0).startsWith("mlkem"), "post-quantum first in an addke round: " + shown);

		// quick fix in the editor (Ctrl+1): remove the duplicate; the marker goes
		List<ICompletionProposal> fixes = new PolicyQuickAssistProcessor(editor).proposals(document, dup + 1);
		assertEquals(List.of("Remove the second 'mlkem768'"), fixes.stream().map(ICompletionProposal::getDisplayString).toList());
		fixes.get(0).apply(document);
		assertTrue(document.get().contains("addke 1    mlkem768\n"), document.get());
		UiTestSupport.waitUntil(() -> {
			try {
				return markers(file).isEmpty();
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "the marker to go after the quick fix");

		// outline: policy > proposals, peer > child
		page.showView(IPageLayout.ID_OUTLINE);
		PolicyOutlinePage outline = (PolicyOutlinePage) editor.getAdapter(IContentOutlinePage.class);
		UiTestSupport.waitUntil(() -> !outline.roots().isEmpty(), 10_000, "the outline");
		PolicyOutlinePage.Node policy = outline.roots().get(0);
		assertEquals("policy branch", policy.label());
		assertEquals(List.of("ike proposal hybrid", "esp proposal child", "peer hq → 192.0.2.2"),
				policy.children().stream().map(PolicyOutlinePage.Node::label).toList());
		assertEquals("child lan", policy.children().get(2).children().get(0).label());
		page.activate(editor);
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("editor-outline");

		// format: the layout of the formatter
		document.set(document.get().replace("prf        prfsha384", "prf   prfsha384").replace("ke         x25519", "ke x25519   "));
		editor.format();
		assertTrue(document.get().contains("        prf prfsha384\n        ke x25519\n"), document.get());

		// generate config next to the file
		List<IFile> written = editor.generate(Target.STRONGSWAN);
		assertEquals("branch.swanctl.conf", written.get(0).getName());
		String conf = new String(written.get(0).getContents().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(conf.contains("proposals = aes256gcm16-prfsha384-x25519-ke1_mlkem768"), conf);
		page.closeEditor(editor, false);
	}

	@Test
	public void quickFixFromTheProblemsView() throws Exception {
		IFile file = file("greedy.ikewb", TEXT.replace("addke 1    mlkem768, mlkem768",
				"addke 1    mlkem768, mlkem1024\n        addke 2    mlkem768"));
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, file));
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the editor's first check");
		UiTestSupport.waitUntil(() -> {
			try {
				return markers(file).stream().anyMatch(m -> "greedy-selection-fails".equals(m.getAttribute(PolicyMarkers.ISSUE_CODE, "")));
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "the greedy-selection warning");
		IMarker marker = markers(file).stream()
				.filter(m -> "greedy-selection-fails".equals(m.getAttribute(PolicyMarkers.ISSUE_CODE, ""))).findFirst().orElseThrow();
		assertTrue(IDE.getMarkerHelpRegistry().hasResolutions(marker));
		IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
		assertEquals(1, resolutions.length);
		resolutions[0].run(marker);
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		assertTrue(document.get().contains("addke 1    mlkem1024, mlkem768"), document.get());
		UiTestSupport.waitUntil(() -> {
			try {
				return markers(file).isEmpty();
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "no findings after the reorder");
		page.closeEditor(editor, false);
	}
}
