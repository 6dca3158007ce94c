package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.quickaccess.IQuickAccessComputer;
import org.eclipse.ui.quickaccess.QuickAccessElement;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.dsl.ui.editor.OutlinePeer;
import org.ikewb.dsl.ui.editor.PolicyOutlinePage;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.ui.Icons;
import org.ikewb.ui.SequenceView;
import org.ikewb.ui.launch.ExchangeLaunch;
import org.ikewb.ui.launch.ExchangeLaunchDelegate;
import org.ikewb.ui.launch.ExchangeTab;
import org.junit.jupiter.api.Test;

/**
 * How a user gets to an exchange (issue #16): the launch tab starts from the open editor, browses
 * and lists the policy's peers; Run As on a peer in the Outline; Quick Access finds the
 * configurations; every place shows the workbench's icons.
 */
public class LaunchingUiTest {

	private static IWorkbenchPage page() {
		return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
	}

	private static IEditorPart openPolicy() throws Exception {
		LaunchConfigurationUiTest.configuration(); // the project, its policy and PSK files
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path("/launches/pair.ikewb"));
		IEditorPart editor = IDE.openEditor(page(), file, true);
		UiTestSupport.spin(300);
		return editor;
	}

	/** The control right after the label that reads {@code label} (how a user finds a field). */
	private static Control after(Composite root, String label) {
		Control[] children = root.getChildren();
		for (int i = 0; i < children.length; i++) {
			if (children[i] instanceof Label l && l.getText().equals(label) && i + 1 < children.length) {
				return children[i + 1];
			}
			if (children[i] instanceof Composite c) {
				Control found = after(c, label);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static Text policyField(Composite root) {
		Composite row = (Composite) after(root, "Policy file:");
		return (Text) row.getChildren()[0];
	}

	@Test
	public void aNewConfigurationStartsFromTheOpenPolicyAndOffersItsPeers() throws Exception {
		openPolicy();
		ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(ExchangeLaunch.TYPE);
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null, "fresh");
		Shell shell = new Shell(Display.getCurrent());
		try {
			shell.setText("IKEv2 exchange: a new configuration");
			shell.setLayout(new FillLayout());
			ExchangeTab tab = new ExchangeTab();
			tab.createControl(shell);
			tab.setDefaults(wc);
			assertEquals("/launches/pair.ikewb", wc.getAttribute(ExchangeLaunch.POLICY, ""), "prefilled from the active editor");
			assertEquals("branch", wc.getAttribute(ExchangeLaunch.PEER, ""), "its first initiating peer");
			assertEquals("gateway", wc.getAttribute(ExchangeLaunch.EMBEDDED_PEER, ""), "its responder, embedded");
			tab.initializeFrom(wc);
			shell.setSize(640, 300);
			shell.open();
			Composite root = (Composite) tab.getControl();
			Combo peer = (Combo) after(root, "Peer to play:");
			Combo embedded = (Combo) after(root, "Embedded responder:");
			assertArrayEquals(new String[] { "branch", "gateway" }, peer.getItems(), "the policy's peers to choose from");
			assertArrayEquals(new String[] { "branch", "gateway" }, embedded.getItems());
			assertEquals("branch", peer.getText());
			assertTrue(tab.isValid(wc), tab.getErrorMessage());
			UiTestSupport.spin(200);
			UiTestSupport.screenshot("launch-tab-prefilled");

			// mistakes a user makes, each with a message that says what to do
			peer.setText("brnach");
			assertTrue(!tab.isValid(wc));
			assertEquals("The policy has no peer 'brnach' (it has: branch, gateway)", tab.getErrorMessage());
			peer.setText("gateway");
			assertTrue(!tab.isValid(wc));
			assertEquals("The embedded responder must be another peer than the one played", tab.getErrorMessage());
			peer.setText("branch");
			Text policy = policyField(root);
			policy.setText("/launches/missing.ikewb");
			assertTrue(!tab.isValid(wc));
			assertTrue(tab.getErrorMessage().contains("is not in the workspace: Browse"), tab.getErrorMessage());
			policy.setText("/launches/pair.ikewb");
			assertTrue(tab.isValid(wc), tab.getErrorMessage());
			// Browse… is there, beside the path
			Composite row = (Composite) after(root, "Policy file:");
			assertEquals("Browse…", ((org.eclipse.swt.widgets.Button) row.getChildren()[1]).getText());
		} finally {
			shell.close();
		}
	}

	@Test
	public void runAsOnAPeerInTheOutlineLaunchesThatPeer() throws Exception {
		IEditorPart editor = openPolicy();
		page().showView(IPageLayout.ID_OUTLINE);
		page().activate(editor);
		PolicyOutlinePage outline = (PolicyOutlinePage) editor.getAdapter(IContentOutlinePage.class);
		UiTestSupport.waitUntil(() -> !outline.roots().isEmpty(), 10_000, "the outline");
		PolicyOutlinePage.Node policy = outline.roots().get(0);
		PolicyOutlinePage.Node branch = policy.children().stream().filter(n -> n.label().startsWith("peer branch")).findFirst()
				.orElseThrow();
		PolicyOutlinePage.Node gateway = policy.children().stream().filter(n -> n.label().startsWith("peer gateway")).findFirst()
				.orElseThrow();
		OutlinePeer peer = Adapters.adapt(branch, OutlinePeer.class);
		assertEquals("branch", peer.name());
		assertTrue(!peer.responder() && Adapters.adapt(gateway, OutlinePeer.class).responder());
		assertNull(Adapters.adapt(policy, OutlinePeer.class), "only peers are launchable");

		// the Outline's context menu on the peer: Run As › IKEv2 exchange, as on a file
		Tree tree = (Tree) outline.getControl();
		TreeItem item = find(tree.getItems(), "peer branch");
		assertNotNull(item, "the peer's row");
		assertNotNull(item.getImage(), "outline rows have icons");
		tree.setSelection(item);
		Event select = new Event();
		select.item = item;
		tree.notifyListeners(SWT.Selection, select);
		UiTestSupport.spin(200);
		Menu menu = tree.getMenu();
		assertNotNull(menu, "the Outline has a context menu");
		menu.notifyListeners(SWT.Show, new Event());
		UiTestSupport.spin(200);
		MenuItem runAs = itemNamed(menu, "Run As");
		assertNotNull(runAs, "Run As in " + names(menu));
		Menu sub = runAs.getMenu();
		sub.notifyListeners(SWT.Show, new Event());
		UiTestSupport.spin(200);
		MenuItem exchange = itemNamed(sub, "IKEv2 exchange");
		assertNotNull(exchange, "IKEv2 exchange in Run As: " + names(sub));
		menu.notifyListeners(SWT.Hide, new Event());
		CompletableFuture<EstablishedSa> before = ExchangeLaunchDelegate.lastExchange();
		exchange.notifyListeners(SWT.Selection, new Event());
		UiTestSupport.waitUntil(() -> ExchangeLaunchDelegate.lastExchange() != before && ExchangeLaunchDelegate.lastExchange().isDone(),
				30_000, "the exchange launched from the Outline");
		assertTrue(!ExchangeLaunchDelegate.lastExchange().isCompletedExceptionally());
		SequenceView view = (SequenceView) page().showView(SequenceView.ID);
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Established"), 10_000, "the view's status");
		assertEquals("IKE_AUTH #2  SK{IDi IDr AUTH SA TSi TSr}", view.arrows().get(4).label());
	}

	@Test
	public void quickAccessFindsExchangeConfigurations() throws Exception {
		ILaunchConfiguration config = LaunchConfigurationUiTest.configuration();
		List<String> found = new ArrayList<>();
		for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor("org.eclipse.ui.quickAccess")) {
			if (e.getAttribute("class") == null || !e.getAttribute("class").startsWith("org.eclipse.debug")) {
				continue;
			}
			IQuickAccessComputer computer = (IQuickAccessComputer) e.createExecutableExtension("class");
			for (QuickAccessElement element : computer.computeElements()) {
				if (element.getLabel().contains(config.getName())) {
					found.add(e.getAttribute("name") + ": " + element.getLabel());
					assertNotNull(element.getImageDescriptor(), element.getLabel());
				}
			}
		}
		assertTrue(found.size() >= 2, "Run and Debug find " + config.getName() + ": " + found);
	}

	@Test
	public void everyPlaceShowsTheWorkbenchsIcons() throws Exception {
		IEditorPart editor = openPolicy();
		SequenceView view = (SequenceView) page().showView(SequenceView.ID);
		List<IAction> actions = view.toolbarActions();
		assertTrue(actions.size() >= 5, actions.toString());
		for (IAction a : actions) {
			assertNotNull(a.getImageDescriptor(), a.getText());
			assertNotNull(a.getImageDescriptor().getImageData(100), "the picture of " + a.getText() + " loads");
			assertTrue(a.getToolTipText() != null && !a.getToolTipText().isBlank(), a.getText());
		}
		assertNotNull(view.getTitleImage());
		ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(ExchangeLaunch.TYPE);
		assertSamePicture(Icons.own("exchange.png"), DebugUITools.getDefaultImageDescriptor(type), "launch type");
		assertSamePicture(PolicyLanguageUi.icon("policy_file.png"),
				PlatformUI.getWorkbench().getEditorRegistry().getImageDescriptor("branch.ikewb"), ".ikewb files");
		assertNotNull(editor.getTitleImage());
		page().showView(IPageLayout.ID_OUTLINE);
		page().activate(editor);
		PolicyOutlinePage outline = (PolicyOutlinePage) editor.getAdapter(IContentOutlinePage.class);
		UiTestSupport.waitUntil(() -> !outline.roots().isEmpty(), 10_000, "the outline");
		UiTestSupport.spin(300);
		for (TreeItem i : ((Tree) outline.getControl()).getItems()) {
			assertNotNull(i.getImage(), i.getText());
		}
		UiTestSupport.screenshot("icons-outline-and-toolbar");
	}

	private static void assertSamePicture(ImageDescriptor expected, ImageDescriptor actual, String where) {
		assertNotNull(actual, where);
		ImageData e = expected.getImageData(100);
		ImageData a = actual.getImageData(100);
		assertNotNull(a, where);
		assertEquals(e.width, a.width, where);
		for (int x = 0; x < e.width; x++) {
			for (int y = 0; y < e.height; y++) {
				// colour and opacity (the pixel values depend on each image's palette)
				assertEquals(e.palette.getRGB(e.getPixel(x, y)), a.palette.getRGB(a.getPixel(x, y)), where + " at " + x + "," + y);
				assertEquals(e.getAlpha(x, y), a.getAlpha(x, y), where + " at " + x + "," + y);
			}
		}
	}

	private static TreeItem find(TreeItem[] items, String prefix) {
		for (TreeItem i : items) {
			if (i.getText().startsWith(prefix)) {
				return i;
			}
			TreeItem inside = find(i.getItems(), prefix);
			if (inside != null) {
				return inside;
			}
		}
		return null;
	}

	private static MenuItem itemNamed(Menu menu, String text) {
		for (MenuItem i : menu.getItems()) {
			if (i.getText().replace("&", "").replaceFirst("^\\d+ ", "").startsWith(text)) {
				return i;
			}
		}
		return null;
	}

	private static List<String> names(Menu menu) {
		List<String> out = new ArrayList<>();
		for (MenuItem i : menu.getItems()) {
			out.add(i.getText());
		}
		return out;
	}
}
