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
		view.setTraceKeys(true); // opt in: the inspector shows the keys of each generation
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
		// the README's picture: the whole screen, the IKE_AUTH request selected with its decrypted payloads
		org.eclipse.swt.widgets.Shell shell = page.getWorkbenchWindow().getShell();
		org.eclipse.swt.graphics.Rectangle before = shell.getBounds();
		shell.setBounds(shell.getDisplay().getBounds());
		view.selectArrow(4);
		UiTestSupport.spin(500);
		UiTestSupport.screenshot("readme-sequence-view");
		shell.setBounds(before);
		UiTestSupport.spin(200);

		// the inspector: the IKE_INTERMEDIATE request, its decrypted KE payload, the hex, the keys
		view.selectArrow(2);
		List<String> rows = view.inspectorRows();
		assertTrue(rows.contains("Exchange type: IKE_INTERMEDIATE (43)"), rows::toString);
		assertTrue(rows.stream().anyMatch(r -> r.startsWith("SK: encrypted and authenticated")), rows::toString);
		assertTrue(rows.contains("decrypted KE: ML-KEM-768 (36), 1184 octets"), rows::toString);
		assertTrue(view.inspectField("decrypted KE"));
		int[] highlight = view.inspectorHighlight();
		assertTrue(highlight[1] > 1184 * 2, "the whole KE payload is highlighted: " + highlight[1] + " characters");
		assertTrue(view.inspectorHex().startsWith("decrypted inner payloads ("), view.inspectorHex().substring(0, 40));
		// the header's Length field highlights exactly its four octets (it drifted one octet per line)
		assertTrue(view.inspectField("Length"));
		int[] length = view.inspectorHighlight();
		String lengthHex = view.inspectorHex().substring(length[0], length[0] + length[1]).replaceAll("\\s", "");
		byte[] first = arrows.get(2).event().datagrams().get(0).toByteArray();
		int base = first[0] == 0 && first[1] == 0 && first[2] == 0 && first[3] == 0 ? 4 : 0;
		assertEquals(java.util.HexFormat.of().formatHex(first, base + 24, base + 28), lengthHex);
		// a decrypted traffic selector: its starting address highlights exactly the address octets the
		// engine negotiated with (compared with the decoded payload, not with the spans drawn)
		view.selectArrow(4);
		List<String> auth = view.inspectorRows();
		assertTrue(auth.stream().anyMatch(r -> r.startsWith("decrypted TSi: ")), auth::toString);
		assertTrue(view.inspectField("decrypted TSi"));
		assertTrue(view.inspectField("Starting address"));
		int[] address = view.inspectorHighlight();
		String addressHex = view.inspectorHex().substring(address[0], address[0] + address[1]).replaceAll("\\s", "");
		org.ikewb.protocol.Payload.Ts tsi = arrows.get(4).event().inner().stream()
				.filter(p -> p instanceof org.ikewb.protocol.Payload.Ts t && t.type().equals(org.ikewb.protocol.PayloadType.TSI))
				.map(org.ikewb.protocol.Payload.Ts.class::cast).findFirst().orElseThrow();
		assertEquals(tsi.selectors().get(0).start().hex(), addressHex);
		UiTestSupport.spin(300);
		UiTestSupport.screenshot("sequence-view-inspector-decrypted-ts");
		view.selectArrow(2);
		String keys = view.inspectorKeys();
		assertTrue(keys.startsWith("Protected with key generation 0"), keys);
		assertTrue(keys.contains("SK_ei ") && keys.contains("SKEYSEED "), keys);
		assertTrue(keys.contains("IntAuth after IKE_INTERMEDIATE #1"), keys);
		UiTestSupport.spin(300);
		UiTestSupport.screenshot("sequence-view-inspector");

		// exports: PNG, SVG, Mermaid, pcap with Wireshark's key table and the decrypted pcap
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ikewb-export");
		view.exportPng(dir.resolve("d.png"));
		view.exportSvg(dir.resolve("d.svg"));
		view.exportMermaid(dir.resolve("d.mmd"));
		view.exportPcap(dir.resolve("d.pcap"));
		byte[] png = java.nio.file.Files.readAllBytes(dir.resolve("d.png"));
		assertEquals((byte) 0x89, png[0]);
		assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
		String svg = java.nio.file.Files.readString(dir.resolve("d.svg"));
		assertTrue(svg.startsWith("<svg") && svg.contains("IKE_AUTH #2") && svg.contains("keys generation 1: ADDKE1 ML-KEM-768"), svg);
		String mermaid = java.nio.file.Files.readString(dir.resolve("d.mmd"));
		assertTrue(mermaid.startsWith("sequenceDiagram\n"), mermaid);
		assertTrue(mermaid.contains("I->>R: IKE_INTERMEDIATE no. 1 SK{KEi(1) ML-KEM-768}"), mermaid);
		assertTrue(mermaid.contains("Note over I,R: keys generation 1: ADDKE1 ML-KEM-768"), mermaid);
		byte[] pcap = java.nio.file.Files.readAllBytes(dir.resolve("d.pcap"));
		assertEquals(arrows.stream().mapToInt(SequenceModel.Arrow::fragments).sum() > 0, pcap.length > 24);
		assertTrue(java.nio.file.Files.readString(dir.resolve("d.pcap.keys")).contains("AES-GCM-256"),
				"Wireshark's ikev2_decryption_table");
		byte[] decrypted = java.nio.file.Files.readAllBytes(dir.resolve("d-decrypted.pcap"));
		assertEquals(252, decrypted[20] & 0xff, "the decrypted export beside it: Wireshark's exported-PDU link type");
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
	}

	@Test
	public void aReceivedFragmentedMessageShowsEveryFragment() throws Exception {
		// the responder fragments at 576 octets (RFC 7383): its IKE_INTERMEDIATE response, carrying the
		// ML-KEM-768 ciphertext, arrives in several SKF datagrams at the initiator we watch
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		byte[] psk = org.ikewb.engine.LoopbackSession.randomPsk();
		org.ikewb.engine.LoopbackSession session = org.ikewb.engine.LoopbackSession.open(true,
				org.ikewb.engine.IkeConfig.psk(org.ikewb.engine.IkeConfig.Identity.fqdn("r"), null, psk::clone,
						org.ikewb.ui.EmbeddedRun.IKE, org.ikewb.ui.EmbeddedRun.ESP).withFragmentSize(576));
		view.watch(session.initiator(), "initiator", "responder (fragments at 576)", false, session);
		CompletableFuture<EstablishedSa> run = session.initiate(org.ikewb.engine.IkeConfig.psk(
				org.ikewb.engine.IkeConfig.Identity.fqdn("i"), null, psk::clone, org.ikewb.ui.EmbeddedRun.IKE,
				org.ikewb.ui.EmbeddedRun.ESP));
		view.whenDone(run);
		UiTestSupport.waitUntil(run::isDone, 30_000, "the exchange");
		UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Established"), 10_000, "the view's status");
		assertTrue(!run.isCompletedExceptionally(), view.describeContents());

		List<SequenceModel.Arrow> arrows = view.arrows();
		int index = -1;
		for (int i = 0; i < arrows.size(); i++) {
			SequenceModel.Arrow a = arrows.get(i);
			if (a.exchange().startsWith("IKE_INTERMEDIATE") && !a.toResponder()) {
				index = i;
			}
		}
		assertTrue(index >= 0, "the IKE_INTERMEDIATE response is drawn: " + arrows.stream().map(a -> a.toResponder() + " " + a.label()).toList());
		SequenceModel.Arrow response = arrows.get(index);
		int n = response.event().datagrams().size();
		assertTrue(n >= 2, "received in fragments: " + n);
		assertEquals(n, response.fragments(), "the arrow counts every fragment");
		assertTrue(response.label().contains("KEr(1) ML-KEM-768"), "the reassembled payloads: " + response.label());
		view.selectArrow(index);
		List<String> rows = view.inspectorRows();
		for (int d = 1; d <= n; d++) {
			String prefix = "Fragment datagram " + d + " of " + n + ": ";
			assertTrue(rows.stream().anyMatch(r -> r.startsWith(prefix)), prefix + " in " + rows);
		}
		assertTrue(rows.stream().anyMatch(r -> r.startsWith("Decrypted payloads: ") && r.endsWith("reassembled from " + n
				+ " fragments")), rows::toString);
		// the last fragment's own octets, and the reassembled KE payload's
		assertTrue(view.inspectField("Fragment datagram " + n + " of " + n));
		byte[] lastFragment = response.event().datagrams().get(n - 1).toByteArray();
		assertEquals("datagram " + n + " of " + n + " (" + lastFragment.length + " octets):\n" + org.ikewb.ui.HexDump.dump(lastFragment),
				view.inspectorHex());
		assertTrue(view.inspectField("decrypted KE"));
		int[] ke = view.inspectorHighlight();
		// the highlight runs over several lines: drop their offset columns
		String keHex = view.inspectorHex().substring(ke[0], ke[0] + ke[1]).replaceAll("\n[0-9a-f]{4}  ", "")
				.replaceAll("\\s", "");
		org.ikewb.protocol.Payload.Ke kePayload = response.event().inner().stream()
				.filter(org.ikewb.protocol.Payload.Ke.class::isInstance).map(org.ikewb.protocol.Payload.Ke.class::cast)
				.findFirst().orElseThrow();
		assertTrue(keHex.endsWith(kePayload.data().hex()), "the highlight ends with the ciphertext, reassembled");
		assertEquals(1088 * 2 + 16, keHex.length(), "KE header, group and reserved, and the 1088-octet ciphertext");
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
		UiTestSupport.spin(300);
		UiTestSupport.screenshot("sequence-view-received-fragments");
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);

		// the pcap holds every datagram, each fragment included
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ikewb-fragments");
		view.exportPcap(dir.resolve("f.pcap"));
		java.nio.ByteBuffer pcap = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(dir.resolve("f.pcap")))
				.order(java.nio.ByteOrder.LITTLE_ENDIAN);
		int packets = 0;
		for (int at = 24; at < pcap.limit(); at += 16 + pcap.getInt(at + 8)) {
			packets++;
		}
		assertEquals(arrows.stream().mapToInt(a -> a.event().datagrams().size()).sum(), packets);
	}

	@Test
	public void debuggingPausesAtEveryMessageAndStepsThrough() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		view.setTraceKeys(false);
		CompletableFuture<EstablishedSa> run = view.debugEmbedded(false);
		List<String> pauses = new java.util.ArrayList<>();
		for (int i = 0; i < 20 && !run.isDone(); i++) {
			UiTestSupport.waitUntil(() -> run.isDone() || view.describeContents().startsWith("Paused"), 20_000, "a pause point");
			if (run.isDone()) {
				break;
			}
			String paused = view.describeContents();
			pauses.add(paused.substring("Paused ".length(), paused.indexOf(':')));
			assertTrue(view.rows().get(view.rows().size() - 1) instanceof SequenceModel.StepRow, "the point is drawn");
			if (pauses.size() == 3) {
				page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
				UiTestSupport.spin(300);
				UiTestSupport.screenshot("sequence-view-paused");
				page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
			}
			view.step();
			UiTestSupport.waitUntil(() -> run.isDone() || !view.describeContents().equals(paused), 20_000, "the step");
		}
		UiTestSupport.waitUntil(run::isDone, 20_000, "the end of the exchange");
		assertTrue(!run.isCompletedExceptionally());
		assertEquals(List.of("before sending IKE_SA_INIT request #0", "after receiving IKE_SA_INIT response #0",
				"before sending IKE_INTERMEDIATE request #1", "after receiving IKE_INTERMEDIATE response #1",
				"before sending IKE_AUTH request #2", "after receiving IKE_AUTH response #2"), pauses);
	}

	@Test
	public void aBreakpointPausesANormalRunAtItsExchangeType() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		SequenceView view = (SequenceView) page.showView(SequenceView.ID);
		view.setBreakpoint(org.ikewb.protocol.ExchangeType.IKE_AUTH, true);
		try {
			CompletableFuture<EstablishedSa> run = view.runEmbedded(false);
			UiTestSupport.waitUntil(() -> view.describeContents().startsWith("Paused"), 20_000, "the breakpoint");
			assertEquals("Paused before sending IKE_AUTH request #2: Step, Continue or Terminate", view.describeContents());
			assertEquals(4, view.arrows().size(), "IKE_SA_INIT and IKE_INTERMEDIATE have run");
			view.resume();
			UiTestSupport.waitUntil(() -> run.isDone() || view.describeContents().startsWith("Paused after receiving IKE_AUTH"),
					20_000, "the response's pause or the end");
			view.resume();
			UiTestSupport.waitUntil(run::isDone, 20_000, "the end");
			assertTrue(!run.isCompletedExceptionally());
		} finally {
			view.setBreakpoint(org.ikewb.protocol.ExchangeType.IKE_AUTH, false);
		}
	}
}
