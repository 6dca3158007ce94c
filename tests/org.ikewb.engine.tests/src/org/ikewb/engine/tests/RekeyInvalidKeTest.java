package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.Test;

/**
 * A rekey answered with INVALID_KE_PAYLOAD (RFC 7296 §1.3): the initiator sends the same
 * CREATE_CHILD_SA again with the method asked for, when it offered it; without a common method the
 * rekey fails with the reason.
 */
class RekeyInvalidKeTest {

	private static final byte[] PSK = "rekey-invalid-ke-psk".getBytes(StandardCharsets.US_ASCII);

	private static long count(List<TraceEvent> trace, ExchangeType type, boolean invalidKe) {
		return trace.stream().filter(e -> e instanceof TraceEvent.Message m && m.message().header().exchangeType().equals(type)
				&& !m.retransmission() && (!invalidKe || m.inner().stream().anyMatch(p -> p instanceof Payload.Notify n
						&& n.notifyType().equals(NotifyType.INVALID_KE_PAYLOAD)))).count();
	}

	@Test
	void aChildSaRekeyAndAnIkeSaRekeyFollowInvalidKePayloadToTheMethodTheResponderWants() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		try (Engine initiator = Engine.bind(any, false); Engine responder = Engine.bind(any, false)) {
			initiator.addListener(trace::add);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone,
					"aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384-ke1_mlkem768").withRetransmission(200, 4));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), IkeConfig.Identity.fqdn("r"),
					PSK::clone, "aes256gcm16-prfsha384-x25519-ecp384", "aes256gcm16-x25519-ecp384-ke1_mlkem768")
					.withRetransmission(200, 4), responder.localAddress()).get(10, TimeUnit.SECONDS);

			EstablishedSa.Child child = initiator.rekeyChild(sa, sa.children().get(0)).get(10, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-ecp384-noesn-ke1_mlkem768", ProposalSyntax.format(child.proposal()));
			initiator.flushTrace(java.time.Duration.ofSeconds(2));
			assertEquals(4, count(trace, ExchangeType.CREATE_CHILD_SA, false), "x25519 refused, then ecp384 taken");
			assertEquals(1, count(trace, ExchangeType.CREATE_CHILD_SA, true));
			assertEquals(2, count(trace, ExchangeType.IKE_FOLLOWUP_KE, false), "ML-KEM after the retried exchange");
			EstablishedSa.Child theirs = responder.established().get(5, TimeUnit.SECONDS).get(0).children().get(0);
			assertEquals(child.keys(), theirs.keys());

			EstablishedSa rekeyed = initiator.rekeyIke(initiator.current(sa).get(5, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-ecp384", ProposalSyntax.format(rekeyed.proposal()));
			initiator.flushTrace(java.time.Duration.ofSeconds(2));
			assertEquals(2, count(trace, ExchangeType.CREATE_CHILD_SA, true), "the IKE SA rekey retried too");
		}
	}

	@Test
	void aRekeyWithoutACommonMethodFailsWithTheReasonInsteadOfRetrying() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine initiator = Engine.bind(any, false); Engine responder = Engine.bind(any, false)) {
			// the responder's rekey proposals want ecp384, which the initiator's rekey proposal lacks
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16").withRekeyProposals(null, "aes256gcm16-ecp384")
					.withRetransmission(200, 4));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), IkeConfig.Identity.fqdn("r"),
					PSK::clone, "aes256gcm16-prfsha384-x25519", "aes256gcm16").withRekeyProposals(null, "aes256gcm16-x25519")
					.withRetransmission(200, 4), responder.localAddress()).get(10, TimeUnit.SECONDS);
			ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> initiator.rekeyChild(sa, sa.children().get(0)).get(10, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().contains("NO_PROPOSAL_CHOSEN"), e.getCause().getMessage());
		}
	}
}
