package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.crypto.SkProtection;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.junit.jupiter.api.Test;

/**
 * A fragment flood from peers that hold keys (fragments are authenticated one by one, RFC 7383, so
 * only a peer past IKE_SA_INIT can make us buffer): each scripted initiator sends every fragment of
 * a large IKE_INTERMEDIATE request but the last, and then the same again for message IDs it has no
 * right to. What the responder buffers stays within its per-IKE SA limit and within the engine's
 * budget over all of them; a deleted SA gives its octets back.
 */
class FragmentFloodTest {

	private static final byte[] PSK = "fragment-flood-psk-0123456789ab".getBytes(StandardCharsets.US_ASCII);

	@Test
	void reassemblyBuffersStayBoundedPerSaAndOverAllSas() throws Exception {
		long budget = 300 * 1024;
		int perSa = org.ikewb.protocol.FragmentAssembler.Limits.DEFAULT.maxBytes();
		try (Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			responder.setCookieThreshold(Integer.MAX_VALUE);
			responder.setFragmentBudget(budget);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, PSK::clone,
					EncryptedStageCatalogueTest.IKE, EncryptedStageCatalogueTest.ESP));
			List<ScriptedInitiator> peers = new ArrayList<>();
			long maxSeen = 0;
			int sent = 0;
			for (int i = 0; i < 4; i++) {
				ScriptedInitiator s = ScriptedInitiator.init(responder.localAddress(), EncryptedStageCatalogueTest.IKE);
				peers.add(s);
				// 60,000 octets of a KE payload in ~1,100-octet fragments: 56 fragments, the last withheld
				Payload.Ke big = new Payload.Ke(KeyExchangeMethod.ML_KEM_768, Octets.of(new byte[60_000]));
				for (int messageId : new int[] { 1, 2, 3, 7, 1000 }) {
					IkeHeader h = IkeHeader.of(s.spiI, s.spiR, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR,
							messageId);
					List<byte[]> fragments = SkProtection.sealFragments(h, PayloadType.KE.value(),
							IkeCodec.encodeChain(List.of(big)), s.keys, 1100, ScriptedInitiator.RANDOM);
					for (byte[] f : fragments.subList(0, fragments.size() - 1)) {
						s.sendRaw(f);
						sent++;
					}
					Thread.sleep(50);
					maxSeen = Math.max(maxSeen, responder.bufferedFragmentBytes());
				}
			}
			Thread.sleep(200);
			maxSeen = Math.max(maxSeen, responder.bufferedFragmentBytes());
			System.out.printf("fragment flood: %d fragments from %d IKE SAs; buffered at most %d octets "
					+ "(budget %d, per IKE SA at most %d)%n", sent, peers.size(), maxSeen, budget, perSa);
			assertTrue(maxSeen <= budget, "buffered " + maxSeen + " > budget " + budget);
			assertTrue(maxSeen > perSa, "more than one SA buffered: the budget, not one SA's limit, was reached");
			assertEquals(4, responder.ikeSaCount(), "the flood costs buffers, not the SAs");
			for (ScriptedInitiator s : peers) {
				s.close();
			}
		}
	}

	@Test
	void aFailedSaGivesItsBufferedFragmentsBack() throws Exception {
		try (Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			responder.setCookieThreshold(Integer.MAX_VALUE);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, PSK::clone,
					EncryptedStageCatalogueTest.IKE, EncryptedStageCatalogueTest.ESP));
			try (ScriptedInitiator s = ScriptedInitiator.init(responder.localAddress(), EncryptedStageCatalogueTest.IKE)) {
				IkeHeader h = IkeHeader.of(s.spiI, s.spiR, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1);
				List<byte[]> fragments = SkProtection.sealFragments(h, PayloadType.KE.value(), IkeCodec.encodeChain(
						List.of(new Payload.Ke(KeyExchangeMethod.ML_KEM_768, Octets.of(new byte[20_000])))), s.keys, 1100,
						ScriptedInitiator.RANDOM);
				for (byte[] f : fragments.subList(0, fragments.size() - 1)) {
					s.sendRaw(f);
				}
				Thread.sleep(100);
				assertTrue(responder.bufferedFragmentBytes() > 15_000, "buffered: " + responder.bufferedFragmentBytes());
				// an error answered in the initial exchanges ends the SA: here, CREATE_CHILD_SA before IKE_AUTH
				s.send(ExchangeType.CREATE_CHILD_SA, 1, List.of(new Payload.Nonce(Octets.of(ScriptedInitiator.random(32)))),
						s.keys);
				Thread.sleep(300);
				assertEquals(0, responder.ikeSaCount());
				assertEquals(0, responder.bufferedFragmentBytes(), "the gone SA's fragments are released");
			}
		}
	}
}
