package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyMarkers;
import org.ikewb.ui.ExamplesImportWizard;
import org.junit.jupiter.api.Test;

/** The examples import wizard, and re-validation of a 1,000-line policy after keystrokes (recorded, not asserted). */
public class ExamplesAndScaleUiTest {

	@Test
	public void theExamplesImportAndOpenWithTheirImportsResolved() throws Exception {
		assertNotNull(PlatformUI.getWorkbench().getImportWizardRegistry().findWizard("org.ikewb.ui.examplesImport"),
				"File > Import > IKEv2 Workbench > Example Policies");
		List<IFile> files = ExamplesImportWizard.importExamples();
		List<String> names = files.stream().map(f -> f.getProjectRelativePath().toString()).sorted().toList();
		assertTrue(names.containsAll(List.of("branch-to-hq.ikewb", "road-warrior.ikewb", "proposals/pq-library.ikewb",
				"broken/every-diagnostic.ikewb", "three-rounds.ikewb", "loopback.ikewb", "ppk-site.ikewb",
				"broken/short.ppk")), names::toString);
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(ExamplesImportWizard.PROJECT);
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		// road-warrior imports the library: no linking errors inside the workbench either
		IFile roadWarrior = project.getFile("road-warrior.ikewb");
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, roadWarrior));
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the first reconcile");
		UiTestSupport.spin(1_000);
		IMarker[] markers = roadWarrior.findMarkers(PolicyMarkers.TYPE, true, IResource.DEPTH_ZERO);
		for (IMarker m : markers) {
			assertFalse(m.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR, m.getAttribute(IMarker.MESSAGE, ""));
		}
		page.closeEditor(editor, false);
		IFile broken = project.getFile("broken/every-diagnostic.ikewb");
		PolicyEditor brokenEditor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, broken));
		UiTestSupport.waitUntil(() -> {
			try {
				return broken.findMarkers(PolicyMarkers.TYPE, true, IResource.DEPTH_ZERO).length > 20;
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "the broken example's markers");
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("editor-broken-example");
		page.closeEditor(brokenEditor, false);
	}

	@Test
	public void keystrokeRevalidationOfAThousandLinePolicyIsRecorded() throws Exception {
		StringBuilder text = new StringBuilder("""
				policy fleet {
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				        addke 1    mlkem768, mlkem1024
				    }
				    esp proposal child {
				        encryption aes256gcm16
				    }
				""");
		for (int i = 0; text.toString().split("\n").length < 1000; i++) {
			text.append("""
					    peer p%d {
					        local  address 198.51.100.1 id fqdn "hub.example.net"
					        remote address 10.%d.%d.1 id fqdn "site%d.example.net"
					        auth psk from env "PATH"
					        ike proposals hybrid
					        child lan {
					            local  ts 172.16.0.0/12
					            remote ts 10.%d.%d.0/24
					            esp proposals child
					        }
					    }
					""".formatted(i, i / 250, i % 250, i, 100 + i / 250, i % 250));
		}
		text.append("}\n");
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("scale");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		IFile file = project.getFile("fleet.ikewb");
		ByteArrayInputStream in = new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, true, false, null);
		} else {
			file.create(in, true, null);
		}
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, file));
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		UiTestSupport.waitUntil(() -> !editor.reconcileTimes().isEmpty(), 30_000, "the first reconcile");
		int lines = document.getNumberOfLines();
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			int before = editor.reconcileTimes().size();
			int at = document.get().indexOf("peer p10 ") + "peer p10".length();
			document.replace(at, i % 2 == 0 ? 0 : 1, i % 2 == 0 ? "x" : "");
			UiTestSupport.waitUntil(() -> editor.reconcileTimes().size() > before, 30_000, "the reconcile after a keystroke");
			long[] last = editor.reconcileTimes().get(editor.reconcileTimes().size() - 1);
			millis.add(last[0] / 1_000_000);
		}
		List<Long> warm = new ArrayList<>(millis.subList(2, millis.size()));
		java.util.Collections.sort(warm);
		String report = "keystroke re-validation in the editor, " + lines + "-line policy (parse + link + all rules, after the "
				+ "reconciler's 300 ms delay): median " + warm.get(warm.size() / 2) + " ms, max " + warm.get(warm.size() - 1)
				+ " ms, all " + millis + "\n";
		java.nio.file.Path out = java.nio.file.Path.of("target/screenshots/reconcile-times.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.print(report);
		assertTrue(lines >= 1000, "a 1,000-line file: " + lines);
		page.closeEditor(editor, false);
	}
}
