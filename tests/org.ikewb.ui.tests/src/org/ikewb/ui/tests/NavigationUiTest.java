package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.keys.IBindingService;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyNavigation;
import org.ikewb.dsl.ui.editor.PolicyRename;
import org.junit.jupiter.api.Test;

/**
 * Navigation the Xtext editor norm has (issue #17): F3 and Ctrl+click from a proposal reference to
 * its definition in an imported file; rename of a proposal used from two files, undoable, refused
 * when it would clash.
 */
public class NavigationUiTest {

	static final String LIBRARY = """
			ike proposal hybrid {
			    encryption aes256gcm16
			    prf        prfsha384
			    ke         x25519
			    addke 1    mlkem768
			}
			ike proposal classic {
			    encryption aes256gcm16
			    prf        prfsha384
			    ke         x25519
			}
			""";

	static String site(String name) {
		return """
				import "lib/pq.ikewb"
				policy %s {
				    peer hq {
				        local  address 192.0.2.1 id fqdn "%s.example.net"
				        remote address 192.0.2.2 id fqdn "hq.example.net"
				        auth psk from env "PATH"
				        ike proposals hybrid
				        rekey ike proposals hybrid, classic
				    }
				}
				""".formatted(name, name);
	}

	/** For ten seconds, answers every question dialog with its default button; returns what they asked. */
	private static List<String> confirmDialogs() {
		org.eclipse.swt.widgets.Display display = org.eclipse.swt.widgets.Display.getCurrent();
		List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
		long until = System.currentTimeMillis() + 10_000;
		Runnable[] poll = new Runnable[1];
		poll[0] = () -> {
			for (org.eclipse.swt.widgets.Shell shell : display.getShells()) {
				if (shell.isVisible() && shell.getData() instanceof org.eclipse.jface.dialogs.MessageDialog dialog) {
					asked.add(shell.getText());
					UiTestSupport.screenshot("navigation-undo-question-" + asked.size());
					org.eclipse.swt.widgets.Button yes = shell.getDefaultButton();
					if (yes != null) {
						yes.setSelection(true);
						yes.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
					} else {
						dialog.close();
					}
				}
			}
			if (System.currentTimeMillis() < until) {
				display.timerExec(200, poll[0]);
			}
		};
		display.timerExec(200, poll[0]);
		return asked;
	}

	/** A project with lib/pq.ikewb (the library) and a.ikewb, b.ikewb (two sites that import it), freshly written. */
	private static IFile[] libraryAndTwoSites(String name) throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		if (!project.getFolder("lib").exists()) {
			project.getFolder("lib").create(true, true, null);
		}
		IFile[] files = { project.getFile("lib/pq.ikewb"), project.getFile("a.ikewb"), project.getFile("b.ikewb") };
		LaunchConfigurationUiTest.write(files[0], LIBRARY);
		LaunchConfigurationUiTest.write(files[1], site("a"));
		LaunchConfigurationUiTest.write(files[2], site("b"));
		return files;
	}

	private static String read(IFile f) throws Exception {
		return new String(f.getContents().readAllBytes(), StandardCharsets.UTF_8);
	}

	@Test
	public void f3JumpsAcrossAnImportAndRenameChangesEveryFileThatUsesTheProposal() throws Exception {
		IFile[] files = libraryAndTwoSites("navigation");
		IFile lib = files[0];
		IFile a = files[1];
		IFile b = files[2];
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = (PolicyEditor) IDE.openEditor(page, a);
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the editor's first check");
		int reference = site("a").indexOf("ike proposals hybrid") + "ike proposals ".length() + 2;

		// F3 is bound in the policy editor, and runs Open Declaration
		IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
		assertEquals("F3", bindings.getBestActiveBindingFormattedFor(PolicyEditor.OPEN_DECLARATION_COMMAND));
		assertEquals("Shift+Alt+R", bindings.getBestActiveBindingFormattedFor(PolicyEditor.RENAME_COMMAND));
		editor.selectAndReveal(reference, 0);
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(PolicyEditor.OPEN_DECLARATION_COMMAND, null);
		UiTestSupport.spin(300);
		assertTrue(page.getActiveEditor() instanceof PolicyEditor libEditor && lib.equals(libEditor.getFile()),
				"F3 opened the imported file: " + page.getActiveEditor().getTitle());
		PolicyEditor libEditor = (PolicyEditor) page.getActiveEditor();
		ITextSelection selected = (ITextSelection) libEditor.getSelectionProvider().getSelection();
		assertEquals("hybrid", selected.getText(), "the proposal's name is selected");
		assertEquals(LIBRARY.indexOf("hybrid"), selected.getOffset());
		UiTestSupport.screenshot("navigation-f3-across-import");

		// Ctrl+click: the reference is a hyperlink to the same place
		page.activate(editor);
		IHyperlink[] links = new PolicyNavigation.HyperlinkDetector(editor).detectHyperlinks(editor.getViewer(),
				new Region(reference, 0), false);
		assertNotNull(links, "a hyperlink on the reference");
		assertEquals(new Region(reference - 2, "hybrid".length()), links[0].getHyperlinkRegion());
		assertFalse(PolicyNavigation.declarationAt(editor, site("a").indexOf("192.0.2.1")).isPresent(), "an address links nowhere");

		// rename from a use in a.ikewb: the definition in the library and the uses in a.ikewb and b.ikewb
		PolicyRename.Plan plan = PolicyRename.plan(editor, reference, "hybrid_pq");
		assertEquals(3, plan.spans().size(), "three files");
		assertEquals(5, plan.places(), "the definition and two uses in each site");
		PolicyRename.perform(plan);
		UiTestSupport.spin(300);
		assertTrue(read(lib).startsWith("ike proposal hybrid_pq {"), read(lib));
		for (IFile site : new IFile[] { a, b }) {
			String text = read(site);
			assertTrue(text.contains("ike proposals hybrid_pq\n") && text.contains("rekey ike proposals hybrid_pq, classic"), text);
			assertFalse(new PolicyFiles(PolicyLanguageUi.injector()).load(site.getLocation().toPath()).hasErrors(),
					"still valid: " + site.getName());
		}
		String shown = editor.getDocumentProvider().getDocument(editor.getEditorInput()).get();
		assertTrue(shown.contains("ike proposals hybrid_pq"), "the open editor shows the new name");
		assertFalse(editor.isDirty(), "the rename saved what it changed");

		// one undo reverts all three files; Eclipse asks first, as for any undo that reaches beyond the
		// editor ("... affects other files. Undo anyway?"): the test answers as a user would
		List<String> asked = confirmDialogs();
		PolicyRename.undo();
		UiTestSupport.spin(300);
		assertEquals(LIBRARY, read(lib), "asked: " + asked);
		assertEquals(site("a"), read(a));
		assertEquals(site("b"), read(b));

		// a name that is taken is refused, with the reason, and nothing is written
		PolicyRename.Refused clash = assertThrows(PolicyRename.Refused.class, () -> PolicyRename.plan(editor, reference, "classic"));
		assertTrue(clash.getMessage().contains("would break") && clash.getMessage().contains("classic"), clash.getMessage());
		assertThrows(PolicyRename.Refused.class, () -> PolicyRename.plan(editor, reference, "peer hq"));
		assertEquals(LIBRARY, read(lib));
		page.closeAllEditors(false);
	}

	@Test
	public void fileNewIkev2PolicyWritesAStarterThatChecksClean() throws Exception {
		assertNotNull(PlatformUI.getWorkbench().getNewWizardRegistry().findWizard("org.ikewb.dsl.ui.newPolicy"),
				"File > New > IKEv2 Policy");
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("newpolicy");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		org.ikewb.dsl.ui.editor.PolicyNewWizard wizard = new org.ikewb.dsl.ui.editor.PolicyNewWizard();
		wizard.init(PlatformUI.getWorkbench(), new org.eclipse.jface.viewers.StructuredSelection(project));
		org.eclipse.jface.wizard.WizardDialog dialog = new org.eclipse.jface.wizard.WizardDialog(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		UiTestSupport.spin(300);
		UiTestSupport.screenshot("new-policy-wizard");
		assertTrue(wizard.canFinish(), "the defaults are enough");
		assertTrue(wizard.performFinish());
		dialog.close();
		IFile created = project.getFile("policy.ikewb");
		assertTrue(created.exists());
		PolicyFiles.Loaded loaded = new PolicyFiles(PolicyLanguageUi.injector()).load(created.getLocation().toPath());
		assertTrue(loaded.issues().stream().allMatch(i -> "secret-not-found".equals(i.getCode())),
				"only the PSK's environment variable is left to set: " + loaded.issues());
		assertTrue(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor() instanceof PolicyEditor e
				&& created.equals(e.getFile()), "opened in the policy editor");
		PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
	}

	private static List<String> texts(PolicyEditor editor, List<org.eclipse.jface.text.Position> spans) {
		String text = editor.getDocumentProvider().getDocument(editor.getEditorInput()).get();
		return spans.stream().map(p -> text.substring(p.getOffset(), p.getOffset() + p.getLength())).toList();
	}

	@Test
	public void findReferencesMarkOccurrencesAndFolding() throws Exception {
		IFile[] files = libraryAndTwoSites("references");
		IFile lib = files[0];
		IFile a = files[1];
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = (PolicyEditor) IDE.openEditor(page, a);
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the editor's first check");
		org.eclipse.jface.text.IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());

		// an unsaved change counts: the rekey line now names classic first
		String rekey = "rekey ike proposals hybrid, classic";
		document.replace(site("a").indexOf(rekey), rekey.length(), "rekey ike proposals classic, hybrid");
		String text = document.get();
		int reference = text.indexOf("ike proposals hybrid") + "ike proposals ".length() + 2;

		// Ctrl+Shift+G: the References view lists the definition in the library and the uses in both sites
		IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
		assertEquals("Shift+Ctrl+G", bindings.getBestActiveBindingFormattedFor(PolicyEditor.FIND_REFERENCES_COMMAND));
		editor.selectAndReveal(reference, 0);
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(PolicyEditor.FIND_REFERENCES_COMMAND, null);
		UiTestSupport.spin(300);
		org.ikewb.dsl.ui.editor.PolicyReferencesView view = (org.ikewb.dsl.ui.editor.PolicyReferencesView) page
				.findView(org.ikewb.dsl.ui.editor.PolicyReferencesView.ID);
		assertNotNull(view, "the References view is open");
		org.ikewb.dsl.ui.editor.PolicyReferences.Result result = view.result();
		assertEquals("hybrid", result.name());
		assertEquals(List.of("pq.ikewb:1:def", "a.ikewb:7:ref", "a.ikewb:8:ref", "b.ikewb:7:ref", "b.ikewb:8:ref"),
				result.references().stream().map(r -> r.file().getName() + ":" + r.line() + ":" + (r.declaration() ? "def" : "ref")).toList());
		assertEquals("        rekey ike proposals classic, hybrid", result.references().get(2).lineText(), "the editor's unsaved line");
		assertEquals("'hybrid' (IKE proposal): 4 references in 3 files, and its definition", view.getContentDescription());
		UiTestSupport.screenshot("references-view");

		// opening an entry (double-click, Enter) goes there: the definition in the library
		org.eclipse.swt.widgets.Tree tree = view.viewer().getTree();
		org.eclipse.swt.widgets.TreeItem definition = tree.getItem(0).getItem(0);
		tree.setSelection(definition);
		org.eclipse.swt.widgets.Event open = new org.eclipse.swt.widgets.Event();
		open.item = definition;
		tree.notifyListeners(org.eclipse.swt.SWT.DefaultSelection, open);
		UiTestSupport.spin(300);
		assertTrue(page.getActiveEditor() instanceof PolicyEditor libEditor && lib.equals(libEditor.getFile()),
				"opened " + page.getActiveEditor().getTitle());
		PolicyEditor libEditor = (PolicyEditor) page.getActiveEditor();
		assertEquals("hybrid", ((ITextSelection) libEditor.getSelectionProvider().getSelection()).getText());

		// Mark Occurrences: the caret on the definition marks it (nothing in this file uses it)
		UiTestSupport.waitUntil(() -> texts(libEditor, libEditor.occurrences()).equals(List.of("hybrid")), 10_000,
				"the definition marked in the library");

		// in the site, a use marks both uses; another proposal marks its own; an address marks nothing
		assertEquals(editor, IDE.openEditor(page, a));
		editor.selectAndReveal(reference, 0);
		UiTestSupport.waitUntil(() -> editor.occurrences().size() == 2, 10_000, "both uses of hybrid marked");
		assertEquals(List.of("hybrid", "hybrid"), texts(editor, editor.occurrences()));
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("mark-occurrences");
		editor.selectAndReveal(text.indexOf("classic") + 1, 0);
		UiTestSupport.waitUntil(() -> texts(editor, editor.occurrences()).equals(List.of("classic")), 10_000, "classic marked");
		editor.selectAndReveal(text.indexOf("192.0.2.1"), 0);
		UiTestSupport.waitUntil(() -> editor.occurrences().isEmpty(), 10_000, "nothing marked on an address");

		// folding: the policy and its peer fold; collapsing the policy leaves one visible line for it
		UiTestSupport.waitUntil(() -> editor.foldingRegions().size() == 2, 10_000, "policy and peer foldable");
		assertEquals(List.of("policy a {", "    peer hq {"), editor.foldingRegions().stream()
				.map(p -> text.substring(p.getOffset(), text.indexOf('\n', p.getOffset()))).toList());
		org.eclipse.jface.text.source.projection.ProjectionViewer viewer = (org.eclipse.jface.text.source.projection.ProjectionViewer) editor
				.getViewer();
		int lines = viewer.getTextWidget().getLineCount();
		viewer.getProjectionAnnotationModel().collapseAll(text.indexOf("policy a"), text.length() - text.indexOf("policy a"));
		UiTestSupport.spin(200);
		assertEquals(lines - (text.substring(text.indexOf("policy a")).split("\n").length - 1), viewer.getTextWidget().getLineCount(),
				"only the policy's first line is left of it");
		UiTestSupport.screenshot("folding-collapsed");
		viewer.getProjectionAnnotationModel().expandAll(0, text.length());
		page.closeAllEditors(false);
	}
}
