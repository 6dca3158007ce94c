package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.ikewb.dsl.ui.editor.PolicyEditor;
import org.ikewb.dsl.ui.editor.PolicyMarkers;
import org.ikewb.model.policy.Target;
import org.ikewb.ui.DeviceImportWizard;
import org.junit.jupiter.api.Test;

/**
 * File › Import › Device Configurations, as an architect moving a classical site to hybrid would use
 * it: a swanctl.conf is previewed (what maps, what does not, with lines), imported with "require
 * post-quantum", each classical proposal migrated with the quick fix from the Problems view, and the
 * strongSwan config generated from the result carries the ML-KEM round. (That charon loads such
 * regenerated files and establishes with our engine is the interop suite's ImportRoundTripInteropTest
 * and GeneratedConfigInteropTest.)
 */
public class DeviceImportUiTest {

	@Test
	public void aSwanctlConfIsPreviewedImportedMigratedToHybridAndGenerated() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("imports");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		assertNotNull(PlatformUI.getWorkbench().getImportWizardRegistry().findWizard("org.ikewb.ui.deviceImport"),
				"File > Import > IKEv2 Workbench > Device Configurations");
		DeviceImportWizard wizard = new DeviceImportWizard();
		wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
		WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		Path conf = Path.of("../interop/import-corpus/strongswan/site-to-site-hybrid.conf").toAbsolutePath().normalize();
		wizard.page().setInput(DeviceImportWizard.Format.STRONGSWAN, List.of(conf));
		wizard.page().setRequirePostQuantum(true);
		UiTestSupport.spin(300);
		List<String> rows = wizard.page().findingRows();
		assertTrue(rows.contains("15 info import-secret: the pre-shared key is read from environment variable HQ_PSK: "
				+ "its value (in the secrets) is not copied"), rows::toString);
		String preview = wizard.page().previewText();
		assertTrue(preview.contains("require post-quantum") && preview.contains("peer hq {") && preview.contains("child web {"),
				preview);
		assertTrue(wizard.canFinish(), "the folder is the selected project");
		UiTestSupport.screenshot("device-import-preview");
		assertTrue(wizard.performFinish());
		dialog.close();
		IFile file = wizard.written();
		assertTrue(file.exists() && file.getName().equals("site-to-site-hybrid.ikewb"), String.valueOf(file));

		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		PolicyEditor editor = assertInstanceOf(PolicyEditor.class, IDE.openEditor(page, file));
		// the classical fallback proposal: no-post-quantum, fixed with Migrate to hybrid (required)
		IMarker classical = waitFor(file, "no-post-quantum");
		IMarkerResolution migrate = Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(classical))
				.filter(r -> r.getLabel().startsWith("Migrate to hybrid") && r.getLabel().endsWith("(required)")).findFirst()
				.orElseThrow(() -> new AssertionError("no Migrate to hybrid fix"));
		migrate.run(classical);
		// the hybrid proposal's optional round: downgrade-possible, made post-quantum only
		IMarker optional = waitFor(file, "downgrade-possible");
		IMarkerResolution strict = Arrays.stream(IDE.getMarkerHelpRegistry().getResolutions(optional)).findFirst().orElseThrow();
		strict.run(optional);
		UiTestSupport.waitUntil(() -> {
			try {
				return Arrays.stream(file.findMarkers(PolicyMarkers.TYPE, true, 0))
						.noneMatch(m -> m.getAttribute(IMarker.SEVERITY, 0) == IMarker.SEVERITY_ERROR);
			} catch (Exception e) {
				return false;
			}
		}, 30_000, "no errors left after the migration");
		UiTestSupport.screenshot("device-import-migrated");
		List<IFile> written = editor.generate(Target.STRONGSWAN);
		String swanctl = new String(written.get(0).getContents().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(swanctl.contains("proposals = aes256gcm16-prfsha384-x25519-ke1_mlkem768, aes256-prfsha256-sha256-modp3072-ke1_mlkem768"),
				swanctl);
		assertFalse(swanctl.contains("ke1_none"), swanctl);
		page.closeEditor(editor, false);
	}

	private static IMarker waitFor(IFile file, String code) throws Exception {
		UiTestSupport.waitUntil(() -> {
			try {
				return Arrays.stream(file.findMarkers(PolicyMarkers.TYPE, true, 0))
						.anyMatch(m -> code.equals(m.getAttribute(PolicyMarkers.ISSUE_CODE, "")));
			} catch (Exception e) {
				return false;
			}
		}, 30_000, code);
		return Arrays.stream(file.findMarkers(PolicyMarkers.TYPE, true, 0))
				.filter(m -> code.equals(m.getAttribute(PolicyMarkers.ISSUE_CODE, ""))).findFirst().orElseThrow();
	}
}
