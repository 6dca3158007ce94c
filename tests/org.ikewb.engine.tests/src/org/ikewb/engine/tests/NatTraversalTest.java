package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.junit.jupiter.api.Test;

/**
 * NAT detection acted upon: a relay in front of the responder's IKE port rewrites addresses as a NAT
 * does; both sides see the NAT_DETECTION hashes differ, the initiator moves to the NAT-T sockets
 * for IKE_INTERMEDIATE and IKE_AUTH, the responder follows it there.
 */
class NatTraversalTest {

	private static final byte[] PSK = "nat-test-psk".getBytes(StandardCharsets.US_ASCII);

	@Test
	void aNatMovesTheExchangeToTheNatTPorts() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		List<TraceEvent> initiatorTrace = new CopyOnWriteArrayList<>();
		List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
		try (Engine initiator = Engine.bind(any, any, false); Engine responder = Engine.bind(any, any, false);
				LossyRelay nat = new LossyRelay(responder.localAddress(), n -> false, n -> false, false)) {
			initiator.addListener(initiatorTrace::add);
			responder.addListener(responderTrace::add);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone, ike, "aes256gcm16"));
			IkeConfig mine = IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, PSK::clone, ike, "aes256gcm16")
					.withPeerNatTPort(responder.natTAddress().getPort());
			EstablishedSa sa = initiator.initiate(mine, nat.address()).get(10, TimeUnit.SECONDS);
			assertEquals(1, sa.intermediateExchanges());
			Thread.sleep(200);
			int natPort = responder.natTAddress().getPort();
			assertTrue(initiatorTrace.stream().anyMatch(e -> e instanceof TraceEvent.AddressChanged a && a.natT()
					&& a.to().getPort() == natPort), "the initiator moved to the responder's NAT-T port");
			TraceEvent.Message auth = initiatorTrace.stream().filter(e -> e instanceof TraceEvent.Message m
					&& m.direction() == TraceEvent.Direction.SENT && m.message().header().exchangeType().equals(ExchangeType.IKE_AUTH))
					.map(TraceEvent.Message.class::cast).findFirst().orElseThrow();
			assertEquals(natPort, auth.peer().getPort(), "IKE_AUTH went to the NAT-T port");
			assertTrue(responderTrace.stream().anyMatch(e -> e instanceof TraceEvent.AddressChanged a && a.natT()
					&& a.to().getPort() == initiator.natTAddress().getPort()), "the responder followed to our NAT-T socket");
			assertEquals(1, nat.toResponder.get(), "only the IKE_SA_INIT request went through the NAT");
			assertEquals(1, nat.toInitiator.get(), "and only its response came back through it");
		}
	}
}
