package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ikewb.engine.Engine;
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
 * The first part of the malformed-message catalogue: hostile IKE_SA_INIT requests (and strays) sent
 * over UDP to a real responder; each case names what RFC 7296 wants back — a notify, or silence
 * (§2.21: no answer to what cannot be authenticated or matched to an SA) — and no IKE SA state may
 * remain.
 */
class HostileInitCatalogueTest {

	static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	static final SecureRandom RANDOM = new SecureRandom();

	static byte[] random(int n) {
		byte[] b = new byte[n];
		RANDOM.nextBytes(b);
		return b;
	}

	static Payload.Sa sa(String proposal) {
		return new Payload.Sa(List.of(ProposalSyntax.parse(proposal, ProtocolId.IKE, 1)));
	}

	static final Payload IES = Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED);

	/** A well-formed hybrid IKE_SA_INIT request, payloads changed by {@code edit}. */
	static byte[] init(Function<List<Payload>, List<Payload>> edit) {
		List<Payload> payloads = new ArrayList<>(List.of(sa(IKE), new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(random(32))),
				new Payload.Nonce(Octets.of(random(32))), IES));
		return IkeCodec.encode(new IkeMessage(IkeHeader.of(RANDOM.nextLong() | 1, 0, ExchangeType.IKE_SA_INIT,
				IkeHeader.FLAG_INITIATOR, 0), edit.apply(payloads)));
	}

	static List<Payload> without(List<Payload> p, Class<?> type) {
		p.removeIf(type::isInstance);
		return p;
	}

	static List<Payload> replace(List<Payload> p, Class<?> type, Payload with) {
		p.replaceAll(x -> type.isInstance(x) ? with : x);
		return p;
	}

	static byte[] patched(byte[] datagram, int at, int value) {
		datagram[at] = (byte) value;
		return datagram;
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("a request missing its SA payload", init(p -> without(p, Payload.Sa.class)), NotifyType.INVALID_SYNTAX),
				Arguments.of("a request missing its KE payload", init(p -> without(p, Payload.Ke.class)), NotifyType.INVALID_SYNTAX),
				Arguments.of("a request missing its Nonce", init(p -> without(p, Payload.Nonce.class)), NotifyType.INVALID_SYNTAX),
				Arguments.of("no acceptable proposal", init(p -> replace(p, Payload.Sa.class, sa("aes128-sha1-prfsha1-modp2048"))),
						NotifyType.NO_PROPOSAL_CHOSEN),
				Arguments.of("a KE of another method than the chosen one",
						init(p -> replace(p, Payload.Ke.class, new Payload.Ke(KeyExchangeMethod.ECP_256, Octets.of(random(64))))),
						NotifyType.INVALID_KE_PAYLOAD),
				Arguments.of("additional key exchanges without INTERMEDIATE_EXCHANGE_SUPPORTED",
						init(p -> without(p, Payload.Notify.class)), NotifyType.NO_PROPOSAL_CHOSEN),
				Arguments.of("an unsupported critical payload",
						init(p -> {
							p.add(new Payload.Unknown(200, true, Octets.of(random(8))));
							return p;
						}), NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD),
				Arguments.of("a major version of 3", patched(init(p -> p), 17, 0x30), NotifyType.INVALID_MAJOR_VERSION),
				Arguments.of("a response flag on a request (no SA of ours)", patched(init(p -> p), 19, 0x28), null),
				Arguments.of("a truncated header", java.util.Arrays.copyOf(init(p -> p), 20), null),
				Arguments.of("an IKE_AUTH for SPIs nobody knows",
						IkeCodec.encode(new IkeMessage(IkeHeader.of(RANDOM.nextLong() | 1, RANDOM.nextLong() | 1, ExchangeType.IKE_AUTH,
								IkeHeader.FLAG_INITIATOR, 1), List.of(new Payload.Encrypted(35, Octets.of(random(64)))))), null),
				Arguments.of("an IKE_INTERMEDIATE before any IKE_SA_INIT",
						IkeCodec.encode(new IkeMessage(IkeHeader.of(RANDOM.nextLong() | 1, RANDOM.nextLong() | 1,
								ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1),
								List.of(new Payload.Encrypted(34, Octets.of(random(64)))))), null),
				Arguments.of("random bytes", random(300), null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void theResponderAnswersAsTheRfcSaysAndKeepsNoState(String what, byte[] datagram, NotifyType expected) throws Exception {
		byte[] psk = new byte[32];
		try (Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
				DatagramChannel peer = DatagramChannel.open()) {
			responder.setCookieThreshold(Integer.MAX_VALUE);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"));
			peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			peer.configureBlocking(false);
			peer.send(ByteBuffer.wrap(datagram), responder.localAddress());
			ByteBuffer answer = ByteBuffer.allocate(65536);
			long end = System.currentTimeMillis() + (expected == null ? 700 : 3000);
			while (peer.receive(answer) == null && System.currentTimeMillis() < end) {
				Thread.sleep(10);
			}
			answer.flip();
			NotifyType got = null;
			if (answer.hasRemaining()) {
				byte[] bytes = new byte[answer.remaining()];
				answer.get(bytes);
				// like charon, the engine prefixes the non-ESP marker towards ports other than 500
				boolean marker = bytes.length > 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;
				IkeMessage m = marker ? IkeCodec.decodeNatT(bytes) : IkeCodec.decode(bytes);
				got = m.payloads().stream().filter(Payload.Notify.class::isInstance).map(p -> ((Payload.Notify) p).notifyType())
						.findFirst().orElse(null);
			}
			assertEquals(expected, got, what);
			assertEquals(0, responder.halfOpenCount(), what + ": no half-open state");
			assertEquals(0, responder.ikeSaCount(), what + ": no IKE SA");
		}
	}
}
