package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.ui.HexDump;
import org.ikewb.ui.SequenceModel;
import org.junit.jupiter.api.Test;

/**
 * What the sequence view shows, checked against the engine's own trace (issue #16): keys per IKE SA
 * and generation, arrows by direction, the hex layout under the highlights.
 */
public class SequenceModelTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	@Test
	public void afterAnIkeRekeyEachMessageShowsTheKeysOfItsOwnIkeSa() throws Exception {
		byte[] psk = LoopbackSession.randomPsk();
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		try (LoopbackSession session = LoopbackSession.open(true,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"))) {
			Engine initiator = session.initiator();
			initiator.addListener(trace::add);
			EstablishedSa sa = session.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE,
					"aes256gcm16")).get(20, TimeUnit.SECONDS);
			EstablishedSa rekeyed = initiator.rekeyIke(sa).get(20, TimeUnit.SECONDS);
			initiator.checkLiveness(rekeyed).get(10, TimeUnit.SECONDS);
			assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5)));
			SequenceModel model = new SequenceModel();
			trace.forEach(model::add);
			// every protected message: the keys the engine derived for that message's IKE SA and generation
			int checked = 0;
			for (SequenceModel.Arrow a : model.arrows()) {
				if (a.keyGeneration() < 0) {
					continue;
				}
				long spi = a.event().initiatorSpi();
				TraceEvent.KeysDerived derived = trace.stream().filter(e -> e instanceof TraceEvent.KeysDerived k
						&& k.initiatorSpi() == spi && k.generation() == a.keyGeneration()).map(TraceEvent.KeysDerived.class::cast)
						.findFirst().orElseThrow();
				assertEquals(derived.keys().skeyseed(), model.keys(a).orElseThrow().skeyseed(), a.label());
				checked++;
			}
			assertTrue(checked >= 6, "IKE_INTERMEDIATE, IKE_AUTH, the rekey, the liveness check: " + checked);
			// both IKE SAs have a generation 0, with different SKEYSEEDs
			assertNotEquals(model.keys(sa.initiatorSpi(), 0).orElseThrow().skeyseed(),
					model.keys(rekeyed.initiatorSpi(), 0).orElseThrow().skeyseed());
			SequenceModel.KeyBand last = model.rows().stream().filter(SequenceModel.KeyBand.class::isInstance)
					.map(SequenceModel.KeyBand.class::cast).reduce((x, y) -> y).orElseThrow();
			assertTrue(last.label().startsWith("keys generation 0 of IKE SA "
					+ String.format("%016x", rekeyed.initiatorSpi())), last.label());
			// each band stands right before the first message its keys protect: the old IKE SA's delete
			// (still under the old keys) comes before the new SA's band
			List<SequenceModel.Row> rows = model.rows();
			for (int i = 0; i < rows.size(); i++) {
				if (rows.get(i) instanceof SequenceModel.KeyBand band) {
					SequenceModel.Arrow next = (SequenceModel.Arrow) rows.get(i + 1);
					assertEquals(band.initiatorSpi(), next.event().initiatorSpi(), band.label() + " before " + next.label());
					assertEquals(band.generation(), next.keyGeneration(), band.label() + " before " + next.label());
					for (SequenceModel.Row earlier : rows.subList(0, i)) {
						assertTrue(!(earlier instanceof SequenceModel.Arrow a) || a.event().initiatorSpi() != band.initiatorSpi()
								|| a.keyGeneration() != band.generation(), "no message before the band uses its keys: " + band.label());
					}
				}
			}
			int lastBand = rows.indexOf(last);
			assertTrue(rows.subList(0, lastBand).stream().anyMatch(r -> r instanceof SequenceModel.Arrow a
					&& a.event().initiatorSpi() == sa.initiatorSpi() && a.exchange().startsWith("INFORMATIONAL")
					&& a.payloads().contains("D")), "the old SA's delete is drawn above the new SA's keys");
		}
	}

	@Test
	public void keysShownAgreeWithThePeerForEveryMessageWhenBothSidesRekey() throws Exception {
		// a hybrid run whose Child SA and IKE SA are rekeyed by each side in turn; we watch one engine
		// and check what the view would show for every protected message against the other engine's
		// key log, then open each datagram with the keys shown (its ICV verifies only with the right ones)
		byte[] psk = "both-sides-rekey-psk-0123456789ab".getBytes(StandardCharsets.US_ASCII);
		List<TraceEvent> ours = new CopyOnWriteArrayList<>();
		List<TraceEvent> theirs = new CopyOnWriteArrayList<>();
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine us = Engine.bind(any, true); Engine peer = Engine.bind(any, true)) {
			peer.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16-x25519-ke1_mlkem768"));
			us.addListener(ours::add);
			peer.addListener(theirs::add);
			EstablishedSa sa = us.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE,
					"aes256gcm16-x25519-ke1_mlkem768"), peer.localAddress()).get(20, TimeUnit.SECONDS);
			EstablishedSa.Child ourRekey = us.rekeyChild(sa, sa.children().get(0)).get(20, TimeUnit.SECONDS);
			// the peer rekeys the Child SA our rekey made, once the Delete of the old one has reached it
			// (until then its list still holds the old Child SA, which it must not pick)
			EstablishedSa atPeer = peer.established().get(5, TimeUnit.SECONDS).get(0);
			EstablishedSa.Child atPeerChild = null;
			for (long end = System.currentTimeMillis() + 10_000; atPeerChild == null && System.currentTimeMillis() < end;) {
				atPeer = peer.current(atPeer).get(5, TimeUnit.SECONDS);
				if (atPeer.children().size() == 1 && atPeer.children().get(0).outboundSpi().equals(ourRekey.inboundSpi())) {
					atPeerChild = atPeer.children().get(0);
				} else {
					Thread.sleep(20);
				}
			}
			assertTrue(atPeerChild != null, "the peer holds the rekeyed Child SA only: " + atPeer.children());
			peer.rekeyChild(atPeer, atPeerChild).get(20, TimeUnit.SECONDS);
			EstablishedSa second = us.rekeyIke(us.current(sa).get(5, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
			EstablishedSa secondAtPeer = peer.established().get(5, TimeUnit.SECONDS).stream()
					.filter(e -> e.initiatorSpi() == second.initiatorSpi()).findFirst().orElseThrow();
			EstablishedSa third = peer.rekeyIke(secondAtPeer).get(20, TimeUnit.SECONDS);
			EstablishedSa last = us.established().get(5, TimeUnit.SECONDS).stream()
					.filter(e -> e.initiatorSpi() == third.initiatorSpi()).findFirst()
					.orElseThrow(() -> new AssertionError("the peer's rekey replaced ours"));
			us.checkLiveness(last).get(10, TimeUnit.SECONDS);
			assertTrue(us.flushTrace(java.time.Duration.ofSeconds(5)) && peer.flushTrace(java.time.Duration.ofSeconds(5)));

			SequenceModel model = new SequenceModel();
			ours.forEach(model::add);
			java.util.Set<Long> saSeen = new java.util.HashSet<>();
			int checked = 0;
			for (SequenceModel.Arrow a : model.arrows()) {
				if (a.keyGeneration() < 0) {
					continue;
				}
				long spi = a.event().initiatorSpi();
				org.ikewb.crypto.IkeSaKeys shown = model.keys(a).orElseThrow(() -> new AssertionError("no keys for " + a.label()));
				org.ikewb.crypto.IkeSaKeys peers = theirs.stream().filter(e -> e instanceof TraceEvent.KeysDerived k
						&& k.initiatorSpi() == spi && k.generation() == a.keyGeneration()).map(e -> ((TraceEvent.KeysDerived) e).keys())
						.findFirst().orElseThrow(() -> new AssertionError("the peer derived no keys for " + a.label()));
				assertEquals(peers.skeyseed(), shown.skeyseed(), a.label());
				assertEquals(peers.skD(), shown.skD(), a.label());
				assertEquals(peers.skEi(), shown.skEi(), a.label());
				assertEquals(peers.skEr(), shown.skEr(), a.label());
				assertEquals(peers.skPi(), shown.skPi(), a.label());
				assertEquals(peers.skPr(), shown.skPr(), a.label());
				assertEquals(peers.skAi(), shown.skAi(), a.label());
				assertEquals(peers.skAr(), shown.skAr(), a.label());
				assertEquals(peers.generation(), shown.generation(), a.label());
				for (org.ikewb.protocol.DecodedDatagram d : a.event().decoded().datagrams()) {
					byte[] wire = d.bytes().toByteArray();
					if (wire.length >= 4 && wire[0] == 0 && wire[1] == 0 && wire[2] == 0 && wire[3] == 0) {
						wire = java.util.Arrays.copyOfRange(wire, 4, wire.length);
					}
					org.ikewb.crypto.SkProtection.open(wire, d.message(), shown); // throws when the ICV does not verify
				}
				saSeen.add(spi);
				checked++;
			}
			assertEquals(3, saSeen.size(), "messages of all three IKE SAs were checked");
			assertTrue(model.arrows().stream().anyMatch(a -> a.exchange().startsWith("CREATE_CHILD_SA")
					&& a.event().direction() == TraceEvent.Direction.RECEIVED && !a.event().message().header().isResponse()
					&& !a.toResponder()), "a CREATE_CHILD_SA request the peer started is drawn from its lifeline to ours");
			assertTrue(checked >= 20, "every protected message of the run: " + checked);
		}
	}

	@Test
	public void arrowsFollowTheDirectionOfEachMessageNotTheInitiatorFlag() throws Exception {
		// our engine responds; the peer starts the IKE SA, then we rekey it: in the rekeyed SA we are the
		// original initiator, so the header's Initiator flag is ours while we are the right lifeline
		byte[] psk = "sequence-model-psk-0123456789ab".getBytes(StandardCharsets.US_ASCII);
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine ours = Engine.bind(any, false); Engine peer = Engine.bind(any, false)) {
			ours.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"));
			ours.addListener(trace::add);
			peer.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE, "aes256gcm16"),
					ours.localAddress()).get(20, TimeUnit.SECONDS);
			EstablishedSa mine = ours.established().get(5, TimeUnit.SECONDS).get(0);
			EstablishedSa fresh = ours.rekeyIke(mine).get(20, TimeUnit.SECONDS);
			ours.checkLiveness(fresh).get(10, TimeUnit.SECONDS); // in the new SA, whose original initiator we are
			assertTrue(ours.flushTrace(java.time.Duration.ofSeconds(5)));
			SequenceModel model = new SequenceModel();
			model.setLifelines("initiator (remote)", "responder (us)", false);
			trace.forEach(model::add);
			for (SequenceModel.Arrow a : model.arrows()) {
				boolean sent = a.event().direction() == TraceEvent.Direction.SENT;
				assertEquals(!sent, a.toResponder(), "we are the right lifeline: what we send goes left, " + a.label());
			}
			assertTrue(model.arrows().stream().anyMatch(a -> a.event().direction() == TraceEvent.Direction.SENT
					&& a.event().message().header().fromInitiator()
					&& a.event().message().header().exchangeType().equals(ExchangeType.INFORMATIONAL)),
					"in the rekeyed SA our requests carry the Initiator flag, and are still drawn leftward");
		}
	}

	@Test
	public void everyOctetIsWhereTheHighlightLooksForIt() {
		byte[] bytes = new byte[300];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 7 + 3);
		}
		String text = HexDump.dump(bytes);
		for (int i = 0; i < bytes.length; i++) {
			assertEquals(String.format("%02x", bytes[i] & 0xff), text.substring(HexDump.charAt(i), HexDump.charAt(i) + 2),
					"octet " + i);
		}
	}

	@Test
	public void aPpkIsABandThatNamesItAndTheInspectorShowsTheKeysAfterMixing() throws Exception {
		byte[] psk = "sequence-ppk-psk-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		byte[] ppk = org.ikewb.protocol.Octets.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff").toByteArray();
		IkeConfig.Ppk ppks = new IkeConfig.Ppk(List.of(new IkeConfig.Ppk.Key(
				org.ikewb.protocol.Octets.of("pq-1".getBytes(StandardCharsets.US_ASCII)), ppk::clone)), true);
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine us = Engine.bind(any, true); Engine peer = Engine.bind(any, true)) {
			peer.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16").withPpk(ppks));
			us.addListener(trace::add);
			EstablishedSa sa = us.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE, "aes256gcm16")
					.withPpk(ppks), peer.localAddress()).get(20, TimeUnit.SECONDS);
			assertTrue(us.flushTrace(java.time.Duration.ofSeconds(5)));
			SequenceModel model = new SequenceModel();
			trace.forEach(model::add);
			// the bands: IKE_SA_INIT, ADDKE1, then the PPK, right above IKE_AUTH
			List<SequenceModel.Row> rows = model.rows();
			List<String> bands = rows.stream().filter(r -> r instanceof SequenceModel.KeyBand)
					.map(r -> ((SequenceModel.KeyBand) r).cause()).toList();
			assertEquals(3, bands.size(), bands::toString);
			assertEquals("RFC 8784: PPK 'pq-1' mixed into SK_d, SK_pi, SK_pr", bands.get(2));
			int band = -1;
			int auth = -1;
			for (int i = 0; i < rows.size(); i++) {
				if (rows.get(i) instanceof SequenceModel.KeyBand k && k.cause().startsWith("RFC 8784")) {
					band = i;
				}
				if (auth < 0 && rows.get(i) instanceof SequenceModel.Arrow a && a.exchange().startsWith("IKE_AUTH")) {
					auth = i;
				}
			}
			assertEquals(band + 1, auth, "the PPK's band stands where its keys first protect a message: " + rows);
			SequenceModel.Arrow request = (SequenceModel.Arrow) rows.get(auth);
			assertTrue(request.payloads().contains("N(PPK_IDENTITY)"), request.payloads());
			// the inspector's keys for IKE_AUTH: those after mixing, equal to what the SA ended with
			assertEquals(sa.keys().skD(), model.keys(request).orElseThrow().skD());
			assertEquals(sa.keys().skPi(), model.keys(request).orElseThrow().skPi());
			// and the PPK's value appears nowhere the view draws from
			assertTrue(!rows.toString().contains("00112233445566778899aabbccddeeff"), "no PPK value in the rows");
		}
	}
}
