package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.ui.SequenceModel;
import org.ikewb.ui.SequenceView;
import org.junit.jupiter.api.Test;

/** The sequence view fills live with a real hybrid exchange and rekeys against the embedded responder. */
public class SequenceViewUiTest {

	@Test
	public void aHybridExchangeWithRekeysIsDrawnArrowByArrow() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		CompletableFuture<EstablishedSa> run = view.runEmbedded(true);
		UiTestSupport.waitUntil(run::isDone, 30_000, "the exchange and its rekeys");
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Established"), 10_000, "the view's status");
		UiTestSupport.spin(300);
		assertTrue(!run.isCompletedExceptionally(), view.describeContents());

		List<SequenceModel.Arrow> arrows = view.arrows();
		List<String> firstSix = arrows.subList(0, 6).stream().map(SequenceModel.Arrow::label).toList();
		assertTrue(firstSix.get(0).startsWith("IKE_SA_INIT #0  SA KEi Curve25519 No"), firstSix.get(0));
		assertTrue(firstSix.get(1).startsWith("IKE_SA_INIT #0  SA KEr Curve25519 No"), firstSix.get(1));
		assertEquals("IKE_INTERMEDIATE #1  SK{KEi(1) ML-KEM-768}", firstSix.get(2));
		assertEquals("IKE_INTERMEDIATE #1  SK{KEr(1) ML-KEM-768}", firstSix.get(3));
		assertEquals("IKE_AUTH #2  SK{IDi IDr AUTH SA TSi TSr}", firstSix.get(4));
		assertEquals("IKE_AUTH #2  SK{IDr AUTH SA TSi TSr}", firstSix.get(5));
		assertTrue(arrows.get(0).toResponder() && !arrows.get(1).toResponder(), "arrow directions");
		assertTrue(arrows.stream().anyMatch(a -> a.exchange().startsWith("CREATE_CHILD_SA")), "rekeys drawn");
		assertTrue(arrows.stream().anyMatch(a -> a.exchange().startsWith("IKE_FOLLOWUP_KE")
				&& a.payloads().contains("N(ADDITIONAL_KEY_EXCHANGE)")), "IKE_FOLLOWUP_KE drawn");
		List<SequenceModel.KeyBand> bands = view.rows().stream().filter(SequenceModel.KeyBand.class::isInstance)
				.map(SequenceModel.KeyBand.class::cast).toList();
		assertEquals("IKE_SA_INIT Curve25519", bands.get(0).cause());
		assertEquals("ADDKE1 ML-KEM-768", bands.get(1).cause());
		assertTrue(bands.get(2).cause().startsWith("IKE SA rekey"), bands.get(2).cause());

		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("sequence-view-hybrid-with-rekey");
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
	}
}
