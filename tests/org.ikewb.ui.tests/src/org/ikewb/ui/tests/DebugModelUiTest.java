package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.IDebugView;
import org.eclipse.jface.viewers.TreePath;
import org.eclipse.jface.viewers.TreeSelection;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.ui.IkewbPerspective;
import org.ikewb.ui.SequenceView;
import org.ikewb.ui.debug.ExchangeBreakpoint;
import org.ikewb.ui.launch.ExchangeLaunchDelegate;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: an exchange launch is Eclipse's own debug target. The Debug view lists it, the paused
 * message is the stack frame with its fields as variables, Step Over (F6) steps it, and exchange breakpoints
 * live in the Breakpoints view.
 */
public class DebugModelUiTest {

	private static final String STEP_OVER = "org.eclipse.debug.ui.commands.StepOver";

	private static IThread thread(ILaunch launch) throws Exception {
		IDebugTarget target = launch.getDebugTargets()[0];
		return target.getThreads()[0];
	}

	@Test
	public void stepAnExchangeWithStepOverF6InTheDebugView() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(IkewbPerspective.ID));
		ILaunchConfiguration config = LaunchConfigurationUiTest.configuration();
		ILaunch launch = config.launch(ILaunchManager.DEBUG_MODE, null);
		CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
		assertEquals(1, launch.getDebugTargets().length, "the launch is a debug target");
		IDebugTarget target = launch.getDebugTargets()[0];
		assertTrue(Arrays.asList(DebugPlugin.getDefault().getLaunchManager().getDebugTargets()).contains(target),
				"the launch manager knows it");
		UiTestSupport.waitUntil(() -> target.isSuspended() || run.isDone(), 20_000, "the first pause");
		assertTrue(target.isSuspended(), () -> "the run ended before its first pause: " + run.handle((ok, e) -> String.valueOf(e)).join());
		IThread thread = thread(launch);
		IStackFrame frame = thread.getTopStackFrame();
		assertEquals("before sending IKE_SA_INIT request #0", frame.getName());
		List<String> variables = new ArrayList<>();
		for (IVariable v : frame.getVariables()) {
			variables.add(v.getName());
		}
		assertEquals("IKE header", variables.get(0), variables.toString());
		assertTrue(variables.containsAll(List.of("SA", "KE", "No")), variables.toString());
		IVariable ke = frame.getVariables()[variables.indexOf("KE")];
		assertTrue(ke.getValue().getValueString().startsWith("Curve25519 (31)"), ke.getValue().getValueString());
		List<String> inKe = new ArrayList<>();
		for (IVariable v : ke.getValue().getVariables()) {
			inKe.add(v.getName());
		}
		assertTrue(inKe.contains("Key exchange data"), inKe.toString());

		org.eclipse.ui.keys.IBindingService bindings = page.getWorkbenchWindow().getService(org.eclipse.ui.keys.IBindingService.class);
		// the Debug view shows the target; select the paused frame and step over until the exchange is done
		IDebugView debugView = (IDebugView) page.showView(IDebugUIConstants.ID_DEBUG_VIEW);
		page.showView(IDebugUIConstants.ID_VARIABLE_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
		List<String> frames = new ArrayList<>();
		int presses = 0;
		while (!run.isDone() && presses < 20) {
			UiTestSupport.waitUntil(() -> run.isDone() || target.isSuspended(), 20_000, "a pause");
			if (run.isDone()) {
				break;
			}
			IStackFrame top = thread(launch).getTopStackFrame();
			frames.add(top.getName());
			TreeSelection selection = new TreeSelection(new TreePath(new Object[] { launch, target, thread, top }));
			page.getWorkbenchWindow().getShell().forceActive();
			page.activate(debugView);
			// the Debug view fills its tree in the background: select the paused frame once it is there
			UiTestSupport.waitUntil(() -> {
				debugView.getViewer().setSelection(selection, true);
				return !debugView.getViewer().getSelection().isEmpty();
			}, 10_000, "the Debug view shows " + top.getName());
			UiTestSupport.waitUntil(() -> {
				Object context = org.eclipse.debug.ui.DebugUITools.getDebugContext();
				return context instanceof IStackFrame f && f.getDebugTarget() == target;
			}, 10_000, "the paused frame is the debug context");
			UiTestSupport.spin(200);
			if (presses == 0) {
				// with an exchange selected, Eclipse's debugging context is active: F6 is Step Over
				UiTestSupport.waitUntil(() -> Arrays.stream(bindings.getActiveBindingsFor(STEP_OVER)).anyMatch(k -> k.format().equals("F6")),
						5_000, "F6 bound to Step Over");
			}
			if (presses == 2) {
				UiTestSupport.screenshot("debug-view-paused-at-intermediate");
			}
			String before = top.getName();
			// Eclipse computes the enablement of debug commands for a new debug context in a job; the
			// handler ignores a command it does not yet consider enabled (as a key press would be ignored)
			org.eclipse.core.commands.Command stepOver = page.getWorkbenchWindow()
					.getService(org.eclipse.ui.commands.ICommandService.class).getCommand(STEP_OVER);
			UiTestSupport.waitUntil(stepOver::isEnabled, 10_000, "Step Over enabled at " + before);
			// F6: the command Eclipse binds to it, run as the key binding runs it (a posted key press
			// depends on which window the X server gives focus to)
			page.getWorkbenchWindow().getService(org.eclipse.ui.handlers.IHandlerService.class).executeCommand(STEP_OVER, null);
			presses++;
			UiTestSupport.waitUntil(() -> run.isDone() || !target.isSuspended() || !nameOf(launch).equals(before), 10_000,
					"F6 steps past " + before);
		}
		UiTestSupport.waitUntil(run::isDone, 20_000, "the stepped exchange");
		assertTrue(!run.isCompletedExceptionally(), () -> run.handle((ok, e) -> String.valueOf(e)).join());
		assertEquals(6, frames.size(), frames.toString());
		assertEquals("before sending IKE_AUTH request #2", frames.get(4), frames.toString());
		UiTestSupport.waitUntil(target::isTerminated, 10_000, "the target ends with the exchange");
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		// the six messages F6 stepped through (a slow machine may add retransmissions, drawn as such)
		assertEquals(6, view.arrows().stream().filter(a -> !a.retransmission()).count(),
				() -> "the sequence view drew what F6 stepped through: " + view.arrows().stream().map(a -> a.label()).toList());
	}

	private static String nameOf(ILaunch launch) {
		try {
			IStackFrame top = thread(launch).getTopStackFrame();
			return top == null ? "" : top.getName();
		} catch (Exception e) {
			return "";
		}
	}

	@Test
	public void runAsOnAPolicyFilePicksItsPeersAndRuns() throws Exception {
		LaunchConfigurationUiTest.configuration(); // the project and its PSK
		org.eclipse.core.resources.IProject project = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot()
				.getProject("launches");
		org.eclipse.core.resources.IFile file = project.getFile("shortcut.ikewb");
		LaunchConfigurationUiTest.write(file, LaunchConfigurationUiTest.POLICY.replace("policy pair", "policy shortcut"));
		CompletableFuture<EstablishedSa> before = ExchangeLaunchDelegate.lastExchange();
		new org.ikewb.ui.launch.ExchangeLaunchShortcut().launch(new org.eclipse.jface.viewers.StructuredSelection(file),
				ILaunchManager.RUN_MODE);
		ILaunchConfiguration made = org.ikewb.ui.launch.ExchangeLaunchShortcut.configuration(file);
		assertEquals("branch", made.getAttribute(org.ikewb.ui.launch.ExchangeLaunch.PEER, ""), "the first initiating peer");
		assertEquals("gateway", made.getAttribute(org.ikewb.ui.launch.ExchangeLaunch.EMBEDDED_PEER, ""), "the file's responder");
		UiTestSupport.waitUntil(() -> ExchangeLaunchDelegate.lastExchange() != null && ExchangeLaunchDelegate.lastExchange() != before
				&& ExchangeLaunchDelegate.lastExchange().isDone(), 30_000, "the shortcut's run");
		assertTrue(!ExchangeLaunchDelegate.lastExchange().isCompletedExceptionally());
		assertEquals(1, Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations())
				.filter(c -> {
					try {
						return c.getAttribute(org.ikewb.ui.launch.ExchangeLaunch.POLICY, "").equals("/launches/shortcut.ikewb");
					} catch (org.eclipse.core.runtime.CoreException e) {
						return false;
					}
				}).count(), "one configuration for the file, reused by the next Run As");
	}

	@Test
	public void exchangeBreakpointsLiveInTheBreakpointsView() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		view.setBreakpoint(ExchangeType.IKE_AUTH, true);
		try {
			IBreakpoint[] all = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints("org.ikewb.ui.debugModel");
			assertEquals(1, all.length);
			assertEquals(ExchangeType.IKE_AUTH, ((ExchangeBreakpoint) all[0]).exchangeType().orElseThrow());
			page.showView(IDebugUIConstants.ID_BREAKPOINT_VIEW);
			UiTestSupport.spin(300);
			UiTestSupport.screenshot("breakpoints-view");
			// a launch that does not step every message pauses only there; Resume (the Debug view's F8) goes on
			ILaunch launch = LaunchConfigurationUiTest.configuration().launch(ILaunchManager.RUN_MODE, null);
			IDebugTarget target = launch.getDebugTargets()[0];
			CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
			List<String> pauses = new ArrayList<>();
			while (!run.isDone() && pauses.size() < 20) {
				UiTestSupport.waitUntil(() -> run.isDone() || target.isSuspended(), 20_000, "a pause");
				if (run.isDone()) {
					break;
				}
				String paused = thread(launch).getTopStackFrame().getName();
				pauses.add(paused);
				target.resume();
				// resumed: running, done, or already paused at the next point (the response comes within
				// milliseconds, so the running state between two pauses may never be seen)
				UiTestSupport.waitUntil(() -> {
					try {
						return run.isDone() || !target.isSuspended() || thread(launch).getTopStackFrame() == null
								|| !paused.equals(thread(launch).getTopStackFrame().getName());
					} catch (Exception e) {
						return true;
					}
				}, 10_000, "resumed");
			}
			assertTrue(!run.isCompletedExceptionally());
			assertTrue(!pauses.isEmpty() && pauses.stream().allMatch(p -> p.contains("IKE_AUTH")),
					"paused at IKE_AUTH only: " + pauses);
		} finally {
			view.setBreakpoint(ExchangeType.IKE_AUTH, false);
		}
		assertEquals(0, DebugPlugin.getDefault().getBreakpointManager().getBreakpoints("org.ikewb.ui.debugModel").length);
	}
}
