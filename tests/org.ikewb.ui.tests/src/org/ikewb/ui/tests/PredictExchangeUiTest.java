package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.ui.IkewbPerspective;
import org.ikewb.ui.SequenceModel;
import org.ikewb.ui.SequenceView;
import org.ikewb.ui.launch.ExchangeLaunchDelegate;
import org.ikewb.ui.launch.PredictExchangeHandler;
import org.junit.jupiter.api.Test;

/**
 * Predict Exchange: the negotiation simulator's diagram of a policy's peer pair in a second IKE
 * Sequence view, beside the live one; then Run on the same pair, and the run draws what was
 * predicted — the same messages, payloads, fragments and octets.
 */
public class PredictExchangeUiTest {

	@Test
	public void thePredictionOfAPairIsDrawnBesideItsLiveRunAndTheRunMatchesIt() throws Exception {
		ILaunchConfiguration config = LaunchConfigurationUiTest.configuration();
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject("launches").getFile("pair.ikewb");
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		PlatformUI.getWorkbench().showPerspective(IkewbPerspective.ID, window);
		IWorkbenchPage page = window.getActivePage();

		SequenceView predicted = PredictExchangeHandler.predict(page, file, "branch");
		assertTrue(predicted.describeContents().startsWith(
				"Predicted (nothing sent): agreed: aes256gcm16-prfsha384-x25519-ke1_mlkem768 / esp aes256gcm16-noesn"),
				predicted.describeContents());
		assertEquals("IKE Sequence (predicted)", predicted.getPartName());
		List<SequenceModel.Arrow> expected = predicted.arrows();
		assertEquals(6, expected.size(), expected.toString());
		assertEquals("IKE_INTERMEDIATE #1  SK{KEi(1) ML-KEM-768}", expected.get(2).label());
		assertTrue(predicted.rows().stream().anyMatch(r -> r instanceof SequenceModel.KeyBand k && k.generation() == 1
				&& k.label().contains("mlkem768")), predicted.rows()::toString);
		// the inspector reads the predicted message's own encoding, fields and all
		predicted.selectArrow(0);
		assertTrue(predicted.inspectorRows().contains("Exchange type: IKE_SA_INIT (34)"), predicted.inspectorRows()::toString);
		predicted.selectArrow(2);
		assertTrue(predicted.inspectorRows().contains("decrypted KE: ML-KEM-768 (36), 1184 octets"),
				predicted.inspectorRows()::toString);

		config.launch(ILaunchManager.RUN_MODE, null);
		CompletableFuture<EstablishedSa> run = ExchangeLaunchDelegate.lastExchange();
		UiTestSupport.waitUntil(() -> run != null && run.isDone(), 30_000, "the launched exchange");
		SequenceView live = (SequenceView) page.showView(SequenceView.ID);
		UiTestSupport.waitUntil(() -> live.describeContents().startsWith("Established"), 10_000, "the live view's status");
		assertNotSame(live, predicted);
		assertTrue(page.isPartVisible(live) && page.isPartVisible(predicted), "both diagrams are on screen, side by side");
		List<SequenceModel.Arrow> actual = live.arrows();
		assertEquals(expected.size(), actual.size(), actual.toString());
		for (int i = 0; i < expected.size(); i++) {
			SequenceModel.Arrow p = expected.get(i);
			SequenceModel.Arrow a = actual.get(i);
			assertEquals(p.label(), a.label(), "message " + i);
			assertEquals(p.toResponder(), a.toResponder(), "message " + i);
			assertEquals(p.event().datagrams().stream().map(d -> d.length()).toList(),
					a.event().datagrams().stream().map(d -> d.length()).toList(), "octets of message " + i + " " + a.label());
		}
		UiTestSupport.spin(500); // let both views paint before the picture
		UiTestSupport.screenshot("predicted-beside-live");

		// from the policy editor's context menu: the file's first initiator and its counterpart
		page.hideView(predicted);
		IDE.openEditor(page, file);
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.ikewb.ui.predictExchange", null);
		SequenceView again = (SequenceView) page.findViewReference(SequenceView.ID, SequenceView.PREDICTED).getPart(false);
		assertEquals(6, again.arrows().size(), again.arrows().toString());
	}
}
