package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.engine.TraceEvent;
import org.ikewb.ui.SequenceExport;
import org.ikewb.ui.SequenceLayout;
import org.ikewb.ui.SequenceModel;
import org.junit.jupiter.api.Test;

/**
 * The flow graph's layout (issue #16): what Wireshark's flow graph shows and more — relative time,
 * source → destination, octets and fragments, the key generation of each message, error notifies in
 * red, retransmissions dashed — with every label kept between the lifelines and one layout behind
 * canvas, SVG and Mermaid. Built from real engine traces.
 */
public class SequenceLayoutTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	private static SequenceModel run(List<TraceEvent> trace) {
		SequenceModel model = new SequenceModel();
		model.setLifelines("initiator 127.0.0.1", "responder 127.0.0.1 (embedded)");
		trace.forEach(model::add);
		return model;
	}

	@Test
	public void aHybridRunWithRekeysIsLaidOutBetweenTheLifelinesWithItsRouteSizeAndKeys() throws Exception {
		byte[] psk = LoopbackSession.randomPsk();
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		try (LoopbackSession session = LoopbackSession.open(false,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"))) {
			session.initiator().addListener(trace::add);
			// fragments of 576 octets: the ML-KEM-768 messages take several datagrams
			EstablishedSa sa = session.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE,
					"aes256gcm16").withFragmentSize(576)).get(20, TimeUnit.SECONDS);
			session.initiator().rekeyIke(sa).get(20, TimeUnit.SECONDS);
			assertTrue(session.initiator().flushTrace(java.time.Duration.ofSeconds(5)));
		}
		SequenceModel model = run(trace);
		SequenceLayout layout = SequenceLayout.of(model);
		assertEquals(model.rows().size(), layout.lanes().size());
		int fragmented = 0;
		double previous = 0;
		for (SequenceLayout.Lane lane : layout.lanes()) {
			if (!(lane.row() instanceof SequenceModel.Arrow a)) {
				continue;
			}
			TraceEvent.Message m = a.event();
			// the payload label stays between the lifelines, the full text is the hover
			SequenceLayout.Label payloads = lane.shapes().stream().filter(s -> s instanceof SequenceLayout.Label l
					&& l.x() > SequenceLayout.LEFT && l.x() < SequenceLayout.RIGHT).map(SequenceLayout.Label.class::cast)
					.findFirst().orElseThrow();
			assertTrue(payloads.x() + payloads.text().length() * SequenceLayout.CHAR <= SequenceLayout.RIGHT, payloads.text());
			assertTrue(lane.text().contains(a.payloads()), lane.text());
			// source → destination as the sockets saw them
			String route = m.source().getAddress().getHostAddress() + ":" + m.source().getPort() + " → "
					+ m.destination().getAddress().getHostAddress() + ":" + m.destination().getPort();
			assertTrue(lane.text().contains(route), lane.text() + " has " + route);
			int octets = m.datagrams().stream().mapToInt(org.ikewb.protocol.Octets::length).sum();
			assertTrue(lane.text().contains(String.format(java.util.Locale.ROOT, "%,d octets", octets)), lane.text());
			if (m.datagrams().size() > 1) {
				fragmented++;
				assertTrue(lane.text().contains("SKF " + m.datagrams().size() + " fragments"), lane.text());
			}
			// the key generation that protects it, as a tag in its colour
			List<SequenceLayout.KeyTag> tags = lane.shapes().stream().filter(SequenceLayout.KeyTag.class::isInstance)
					.map(SequenceLayout.KeyTag.class::cast).toList();
			assertEquals(a.keyGeneration() < 0 ? 0 : 1, tags.size(), lane.text());
			if (a.keyGeneration() >= 0) {
				assertEquals(a.keyGeneration(), tags.get(0).generation());
			}
			// time relative to the first message, never going back
			double t = Double.parseDouble(lane.text().substring(lane.text().lastIndexOf("| +") + 3));
			assertTrue(t >= previous, lane.text() + " after +" + previous);
			previous = t;
		}
		assertTrue(fragmented >= 2, "both ML-KEM-768 messages came in fragments: " + fragmented);
		// one layout behind the exports: one titled group per row in a well-formed SVG, one Mermaid line per row
		String svg = SequenceExport.svg(model);
		DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		assertEquals(layout.lanes().size(), svg.split("<title>", -1).length - 1);
		String[] mermaid = SequenceExport.mermaid(model).split("\n");
		assertEquals(layout.lanes().size() + 3, mermaid.length, String.join("\n", mermaid));
	}

	@Test
	public void anErrorNotifyIsRedAndARetransmissionDashed() throws Exception {
		byte[] psk = LoopbackSession.randomPsk();
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		try (LoopbackSession session = LoopbackSession.open(false,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"))) {
			session.initiator().addListener(trace::add);
			// a proposal the responder does not accept: it answers NO_PROPOSAL_CHOSEN
			try {
				session.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, "aes128gcm16-prfsha256-ecp256",
						"aes256gcm16")).get(20, TimeUnit.SECONDS);
			} catch (ExecutionException expected) {
				// the run fails, as it should
			}
			assertTrue(session.initiator().flushTrace(java.time.Duration.ofSeconds(5)));
		}
		SequenceModel model = run(trace);
		SequenceLayout.Lane refusal = SequenceLayout.of(model).lanes().stream()
				.filter(l -> l.row() instanceof SequenceModel.Arrow a && a.payloads().contains("N(NO_PROPOSAL_CHOSEN)"))
				.findFirst().orElseThrow(() -> new AssertionError(model.rows().toString()));
		assertTrue(refusal.shapes().stream().anyMatch(s -> s instanceof SequenceLayout.Line l && l.tone() == SequenceLayout.Tone.ERROR),
				"the refusal's arrow is red");
		// a retransmission (the same traced message sent again) is drawn dashed and muted
		TraceEvent.Message first = trace.stream().filter(TraceEvent.Message.class::isInstance).map(TraceEvent.Message.class::cast)
				.findFirst().orElseThrow();
		SequenceModel again = new SequenceModel();
		again.add(new TraceEvent.Message(first.time(), first.initiatorSpi(), first.direction(), first.local(), first.peer(),
				first.decoded(), first.keyGeneration(), true));
		SequenceLayout.Lane retransmitted = SequenceLayout.of(again).lanes().get(0);
		assertTrue(retransmitted.shapes().stream().anyMatch(s -> s instanceof SequenceLayout.Line l && l.dashed()
				&& l.tone() == SequenceLayout.Tone.MUTED && l.x1() != l.x2()), "dashed, muted arrow");
		assertTrue(retransmitted.text().contains("retransmission"), retransmitted.text());
	}
}
