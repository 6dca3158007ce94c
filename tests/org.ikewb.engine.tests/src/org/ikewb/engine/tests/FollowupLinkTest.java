package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.SkProtection;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.junit.jupiter.api.Test;

/** An IKE_FOLLOWUP_KE whose ADDITIONAL_KEY_EXCHANGE link the responder never issued gets STATE_NOT_FOUND. */
class FollowupLinkTest {

	private static final byte[] PSK = "link-test-psk".getBytes(StandardCharsets.US_ASCII);

	@Test
	void anUnknownLinkIsStateNotFound() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		List<TraceEvent> trace = new CopyOnWriteArrayList<>();
		try (Engine initiator = Engine.bind(any, true); Engine responder = Engine.bind(any, false);
				DatagramSocket forger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			initiator.addListener(trace::add);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone, ike, "aes256gcm16"));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, PSK::clone, ike,
					"aes256gcm16"), responder.localAddress()).get(10, TimeUnit.SECONDS);
			Thread.sleep(200);
			IkeSaKeys keys = trace.stream().filter(e -> e instanceof TraceEvent.KeysDerived)
					.map(e -> ((TraceEvent.KeysDerived) e).keys()).reduce((a, b) -> b).orElseThrow();

			// a well-protected request, the next message ID (3), a link the responder never gave out
			byte[] ek = KeyExchange.start(KeyExchangeMethod.ML_KEM_768, new SecureRandom()).publicValue();
			byte[] inner = IkeCodec.encodeChain(List.of(new Payload.Ke(KeyExchangeMethod.ML_KEM_768, Octets.of(ek)),
					Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, Octets.fromHex("0102030405060708"))));
			IkeHeader header = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), ExchangeType.IKE_FOLLOWUP_KE,
					IkeHeader.FLAG_INITIATOR, 3);
			byte[] request = SkProtection.seal(header, PayloadType.KE.value(), inner, keys, new SecureRandom());
			byte[] marked = new byte[request.length + 4]; // neither port is 500: the non-ESP marker
			System.arraycopy(request, 0, marked, 4, request.length);
			forger.send(new DatagramPacket(marked, marked.length, responder.localAddress()));

			forger.setSoTimeout(5000);
			DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
			forger.receive(answer);
			byte[] response = Arrays.copyOfRange(answer.getData(), 4, answer.getLength());
			IkeMessage decoded = IkeCodec.decode(response);
			assertTrue(decoded.header().isResponse(), decoded.summary());
			assertTrue(decoded.first(Payload.Encrypted.class).isPresent(), decoded.summary() + " " + Octets.of(response).hex());
			List<Payload> payloads = IkeCodec.decodeInner(decoded.first(Payload.Encrypted.class).orElseThrow()
					.firstInnerPayload(), SkProtection.open(response, decoded, keys), 0);
			assertEquals(NotifyType.STATE_NOT_FOUND, ((Payload.Notify) payloads.get(0)).notifyType());
		}
	}
}
