package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ikewb.crypto.KeyExchange;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-message catalogue, seen from our initiator: a scripted responder answers its
 * IKE_SA_INIT with a response that is wrong in one way. The initiator must give up at once with a
 * reason (an initiator that receives a duplicated choice treats it as NO_PROPOSAL_CHOSEN), send
 * nothing more, and keep no IKE SA.
 */
class HostileResponderCatalogueTest {

	/** ADDKE1 offers ML-KEM-768 or x25519, so that a responder can (wrongly) pick x25519 twice. */
	static final String OFFER = "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_x25519";

	static Payload.Sa chosen(String proposal) {
		return new Payload.Sa(List.of(ProposalSyntax.parse(proposal, ProtocolId.IKE, 1)));
	}

	static Payload.Ke x25519() {
		return new Payload.Ke(KeyExchangeMethod.CURVE25519,
				Octets.of(KeyExchange.start(KeyExchangeMethod.CURVE25519, ScriptedInitiator.RANDOM).publicValue()));
	}

	/** A well-formed answer choosing x25519 + ML-KEM-768, edited by the case. */
	static Function<IkeMessage, List<Payload>> answer(Function<List<Payload>, List<Payload>> edit) {
		return request -> {
			List<Payload> p = new ArrayList<>(List.of(chosen("aes256gcm16-prfsha384-x25519-ke1_mlkem768"), x25519(),
					new Payload.Nonce(Octets.of(ScriptedInitiator.random(32))),
					Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED)));
			return edit.apply(p);
		};
	}

	static List<Payload> replace(List<Payload> p, Class<?> type, Payload with) {
		p.replaceAll(x -> type.isInstance(x) ? with : x);
		return p;
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("a responder choosing x25519 twice (KE and ADDKE1)",
						answer(p -> replace(p, Payload.Sa.class, chosen("aes256gcm16-prfsha384-x25519-ke1_x25519")))),
				Arguments.of("a responder choosing a PRF we did not offer",
						answer(p -> replace(p, Payload.Sa.class, chosen("aes256gcm16-prfsha256-x25519-ke1_mlkem768")))),
				Arguments.of("a responder answering with two proposals",
						answer(p -> replace(p, Payload.Sa.class, new Payload.Sa(List.of(
								ProposalSyntax.parse("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProtocolId.IKE, 1),
								ProposalSyntax.parse("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProtocolId.IKE, 2)))))),
				Arguments.of("a responder whose KE is not of the method it chose",
						answer(p -> replace(p, Payload.Ke.class,
								new Payload.Ke(KeyExchangeMethod.ECP_256, Octets.of(ScriptedInitiator.random(64)))))),
				Arguments.of("a responder without a Nonce", answer(p -> {
					p.removeIf(Payload.Nonce.class::isInstance);
					return p;
				})),
				Arguments.of("a responder choosing an additional key exchange without INTERMEDIATE_EXCHANGE_SUPPORTED",
						answer(p -> {
							p.removeIf(Payload.Notify.class::isInstance);
							return p;
						})),
				Arguments.of("a responder asking (INVALID_KE_PAYLOAD) for a method we did not offer",
						(Function<IkeMessage, List<Payload>>) request -> List.of(Payload.Notify
								.of(NotifyType.INVALID_KE_PAYLOAD, Octets.of(new byte[] { 0, 21 })))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void ourInitiatorGivesUpAtOnceAndKeepsNothing(String what, Function<IkeMessage, List<Payload>> respond)
			throws Exception {
		byte[] psk = "hostile-responder-psk-0123456789".getBytes(StandardCharsets.US_ASCII);
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine initiator = Engine.bind(loopback, false); DatagramChannel fake = DatagramChannel.open().bind(loopback)) {
			fake.configureBlocking(false);
			// a second retransmission would come after 0.3 + 0.6 s: a give-up by timeout is told apart
			IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn("i.test"), IkeConfig.Identity.fqdn("r.test"),
					psk::clone, OFFER, "aes256gcm16").withRetransmission(300, 1);
			CompletableFuture<EstablishedSa> result = initiator.initiate(config, (InetSocketAddress) fake.getLocalAddress());
			byte[] request = receive(fake, 3000);
			assertNotNull(request, "the initiator sent IKE_SA_INIT");
			IkeMessage init = IkeCodec.decode(request);
			IkeMessage answer = new IkeMessage(IkeHeader.of(init.header().initiatorSpi(),
					ScriptedInitiator.RANDOM.nextLong() | 1, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_RESPONSE, 0),
					respond.apply(init));
			fake.send(ByteBuffer.wrap(IkeCodec.encode(answer)), sender);
			ExecutionException failure = null;
			try {
				result.get(5, TimeUnit.SECONDS);
			} catch (ExecutionException e) {
				failure = e;
			}
			assertNotNull(failure, what + ": the initiator must not establish");
			String reason = String.valueOf(failure.getCause().getMessage());
			assertFalse(reason.contains("no response"), what + ": gave up at once, not by timeout: " + reason);
			byte[] more = receive(fake, 400);
			assertNull(more, what + ": nothing sent after the bad answer");
			assertEquals(0, initiator.ikeSaCount(), what + ": no IKE SA kept");
			System.out.println("hostile responder: " + what + " -> " + reason);
		}
	}

	private static InetSocketAddress sender;

	private static byte[] receive(DatagramChannel channel, long millis) throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(65536);
		long end = System.currentTimeMillis() + millis;
		java.net.SocketAddress from;
		while ((from = channel.receive(buffer)) == null) {
			if (System.currentTimeMillis() > end) {
				return null;
			}
			Thread.sleep(5);
		}
		sender = (InetSocketAddress) from;
		buffer.flip();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return strip(bytes);
	}

	private static byte[] strip(byte[] bytes) {
		return bytes.length > 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0
				? Arrays.copyOfRange(bytes, 4, bytes.length)
				: bytes;
	}
}
