package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.ui.SequenceView;
import org.ikewb.ui.launch.ExchangeLaunch;
import org.ikewb.ui.launch.ExchangeLaunchDelegate;
import org.ikewb.ui.launch.ExchangeTab;
import org.junit.jupiter.api.Test;

/** "IKEv2 exchange" launch configurations: Run draws the exchange, Debug pauses at every message. */
public class LaunchConfigurationUiTest {

	static final String POLICY = """
			policy pair {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768
			    }
			    esp proposal child {
			        encryption aes256gcm16
			    }
			    peer branch {
			        local  address 127.0.0.1 id fqdn "branch.test"
			        remote address 127.0.0.1 port 15620 id fqdn "gateway.test"
			        auth psk from file "pair.psk"
			        ike proposals hybrid
			        child lan { local ts 10.1.0.0/16  remote ts 10.0.0.0/8  esp proposals child }
			    }
			    peer gateway {
			        role responder
			        local  address 127.0.0.1 port 15620 id fqdn "gateway.test"
			        remote address any id fqdn "branch.test"
			        auth psk from file "pair.psk"
			        ike proposals hybrid
			        child lan { local ts 10.0.0.0/8  remote ts 10.1.0.0/16  esp proposals child }
			    }
			}
			""";

	static ILaunchConfiguration configuration() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("launches");
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		write(project.getFile("pair.psk"), "launch-config-psk-0123456789\n");
		write(project.getFile("pair.ikewb"), POLICY);
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(ExchangeLaunch.TYPE);
		assertNotNull(type, "the launch configuration type is registered");
		assertTrue(type.supportsMode(ILaunchManager.DEBUG_MODE) && type.supportsMode(ILaunchManager.RUN_MODE));
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null, "pair-branch");
		wc.setAttribute(ExchangeLaunch.POLICY, "/launches/pair.ikewb");
		wc.setAttribute(ExchangeLaunch.PEER, "branch");
		wc.setAttribute(ExchangeLaunch.EMBEDDED_PEER, "gateway");
		wc.setAttribute(ExchangeLaunch.TRACE_KEYS, true);
		return wc.doSave();
	}

	/** The Exchange tab in {@code shell}, filled from {@code config}, valid, shown and photographed. */
	private static ExchangeTab showTab(Shell shell, ILaunchConfiguration config, String title, int width, int height,
			String screenshot) throws Exception {
		shell.setText(title);
		shell.setLayout(new FillLayout());
		ExchangeTab tab = new ExchangeTab();
		tab.createControl(shell);
		tab.initializeFrom(config);
		assertTrue(tab.isValid(config), tab.getErrorMessage());
		shell.setSize(width, height);
		shell.open();
		UiTestSupport.spin(300);
		UiTestSupport.screenshot(screenshot);
		return tab;
	}

	static void write(IFile file, String text) throws Exception {
		ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, true, false, null);
		} else {
			file.create(in, true, null);
		}
	}

	@Test
	public void aLaunchRekeysToOtherAlgorithmsAndTheViewShowsThem() throws Exception {
		ILaunchConfigurationWorkingCopy wc = configuration().getWorkingCopy();
		wc.setAttribute(ExchangeLaunch.REKEY, true);
		// the policy negotiates prfsha384; the launch rekeys the IKE SA to prfsha256 with ML-KEM-1024
		wc.setAttribute(ExchangeLaunch.REKEY_IKE_PROPOSALS, "aes256gcm16-prfsha256-x25519-ke1_mlkem1024");
		wc.setAttribute(ExchangeLaunch.REKEY_ESP_PROPOSALS, "aes128gcm16");
		ILaunchConfiguration config = wc.doSave();

		// the tab shows the rekey settings and refuses proposals that do not parse
		Shell shell = new Shell(Display.getCurrent());
		ExchangeTab tab = showTab(shell, config, "IKEv2 exchange: pair-branch (rekey)", 900, 330,
				"launch-configuration-rekey");
		ILaunchConfigurationWorkingCopy broken = config.getWorkingCopy();
		broken.setAttribute(ExchangeLaunch.REKEY_IKE_PROPOSALS, "aes256gcm16-prfsha999-x25519");
		tab.initializeFrom(broken);
		assertTrue(!tab.isValid(broken));
		assertTrue(tab.getErrorMessage().startsWith("Rekey IKE proposals: unknown algorithm 'prfsha999'"),
				tab.getErrorMessage());
		shell.close();

		config.launch(ILaunchManager.RUN_MODE, null);
		CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
		UiTestSupport.waitUntil(() -> run != null && run.isDone(), 30_000, "the launched exchange and its rekeys");
		assertTrue(!run.isCompletedExceptionally(), () -> run.handle((ok, e) -> e.toString()).join());
		assertEquals("aes256gcm16-prfsha256-x25519-ke1_mlkem1024", org.ikewb.protocol.ProposalSyntax.format(run.join()
				.proposal()), "the rekeyed IKE SA uses the launch's proposal");
		String child = org.ikewb.protocol.ProposalSyntax.format(run.join().children().get(0).proposal());
		assertTrue(child.startsWith("aes128gcm16"), "the rekeyed Child SA uses the launch's ESP proposal and moved to the new IKE SA: "
				+ child);
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Established"), 10_000, "the view's status");
		List<String> labels = view.arrows().stream().map(a -> a.label()).toList();
		assertTrue(labels.stream().filter(l -> l.startsWith("CREATE_CHILD_SA")).count() >= 4,
				"Child SA rekey and IKE SA rekey, request and response each: " + labels);
		assertTrue(labels.stream().anyMatch(l -> l.startsWith("IKE_FOLLOWUP_KE")),
				"the IKE SA rekey's ADDKE round (ML-KEM-1024): " + labels);
		UiTestSupport.screenshot("launch-rekeyed");
	}

	@Test
	public void aFailingRunSaysWhyInTheViewAndEnds() throws Exception {
		ILaunchConfiguration config = configuration();
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("launches");
		// the embedded gateway holds another PSK: the exchange fails in IKE_AUTH
		write(project.getFile("other.psk"), "another-psk-entirely-0123456789\n");
		write(project.getFile("failing.ikewb"), POLICY.replace("policy pair", "policy failing")
				.replace("remote address any id fqdn \"branch.test\"\n        auth psk from file \"pair.psk\"",
						"remote address any id fqdn \"branch.test\"\n        auth psk from file \"other.psk\""));
		assertTrue(new String(project.getFile("failing.ikewb").getContents().readAllBytes(), StandardCharsets.UTF_8)
				.contains("other.psk"), "the gateway's PSK differs");
		ILaunchConfigurationWorkingCopy wc = config.getWorkingCopy();
		wc.setAttribute(ExchangeLaunch.POLICY, "/launches/failing.ikewb");
		config = wc.doSave();
		config.launch(ILaunchManager.DEBUG_MODE, null);
		CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		// debug mode pauses at every message: continue, the run must end with its reason
		UiTestSupport.waitUntil(() -> run.isDone() || view.describeContents().startsWith("Paused"), 20_000, "the first pause");
		view.resume();
		UiTestSupport.waitUntil(run::isDone, 30_000, "the failing exchange ends");
		assertTrue(run.isCompletedExceptionally());
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Failed: "), 10_000, "the view's status");
		assertTrue(view.describeContents().contains("AUTHENTICATION_FAILED"), view.describeContents());
		assertTrue(view.rows().stream().anyMatch(r -> r instanceof org.ikewb.ui.SequenceModel.ErrorRow e
				&& e.reason().contains("AUTHENTICATION_FAILED")), "the diagram shows the failure: " + view.rows());
		assertTrue(!view.describeContents().contains("Exception"), view.describeContents());
		UiTestSupport.spin(300);
		UiTestSupport.screenshot("launch-failed");
	}

	@Test
	public void runAndDebugAPolicyPeerFromALaunchConfiguration() throws Exception {
		ILaunchConfiguration config = configuration();
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();

		// the tab shows what the configuration says
		Shell shell = new Shell(Display.getCurrent());
		showTab(shell, config, "IKEv2 exchange: pair-branch", 760, 260, "launch-configuration-tab");
		shell.close();

		// Run: the exchange is drawn in the view
		config.launch(ILaunchManager.RUN_MODE, null);
		CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
		UiTestSupport.waitUntil(() -> run != null && run.isDone(), 30_000, "the launched exchange");
		assertTrue(!run.isCompletedExceptionally());
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Established"), 10_000, "the view's status");
		assertEquals(6, view.arrows().size(), view.arrows().toString());
		assertEquals("IKE_INTERMEDIATE #1  SK{KEi(1) ML-KEM-768}", view.arrows().get(2).label());

		// Debug: pauses at every message; step through
		config.launch(ILaunchManager.DEBUG_MODE, null);
		CompletableFuture<EstablishedSa> debug = ExchangeLaunchDelegate.lastExchange();
		List<String> pauses = new ArrayList<>();
		while (!debug.isDone() && pauses.size() < 20) {
			UiTestSupport.waitUntil(() -> debug.isDone() || view.describeContents().startsWith("Paused"), 20_000, "a pause");
			if (debug.isDone()) {
				break;
			}
			String paused = view.describeContents();
			pauses.add(paused);
			view.step();
			UiTestSupport.waitUntil(() -> debug.isDone() || !view.describeContents().equals(paused), 20_000, "the step");
		}
		UiTestSupport.waitUntil(debug::isDone, 20_000, "the debugged exchange");
		assertTrue(!debug.isCompletedExceptionally());
		assertEquals(6, pauses.size(), pauses.toString());
		assertTrue(pauses.get(4).startsWith("Paused before sending IKE_AUTH request #2"), pauses.get(4));
	}
}
