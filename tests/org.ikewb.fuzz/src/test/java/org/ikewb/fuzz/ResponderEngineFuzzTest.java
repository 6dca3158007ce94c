package org.ikewb.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A real responder engine, over UDP on loopback, fed sequences of hostile datagrams — the engine's
 * state (half-open SAs, message-ID windows, the response cache, fragment buffers, the receive
 * queue), not only the decoder. Each sequence opens a half-open IKE SA with a valid IKE_SA_INIT;
 * the fuzzed datagrams may carry that SA's SPIs so that they reach its task manager. Afterwards the
 * responder must still answer a valid IKE_SA_INIT, and no exception of ours may have reached the
 * loop ("internal error").
 */
class ResponderEngineFuzzTest {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final byte[] PSK = "fuzz-psk-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
	private static final List<String> INTERNAL_ERRORS = new CopyOnWriteArrayList<>();
	private static final Engine RESPONDER;
	private static final DatagramChannel CLIENT;

	static {
		try {
			RESPONDER = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
			RESPONDER.setCookieThreshold(Integer.MAX_VALUE);
			RESPONDER.setHalfOpenTimeout(2_000);
			RESPONDER.setHalfOpenLimits(10_000, 20_000);
			RESPONDER.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.fuzz"), null, PSK::clone,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16"));
			RESPONDER.addListener(e -> {
				if (e instanceof TraceEvent.Error error && error.reason().contains("internal error")) {
					INTERNAL_ERRORS.add(error.reason());
				}
			});
			CLIENT = DatagramChannel.open();
			CLIENT.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			CLIENT.socket().setSoTimeout(2_000);
		} catch (Exception e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	private static byte[] init(long spi) {
		byte[] ke = new byte[32];
		byte[] nonce = new byte[32];
		RANDOM.nextBytes(ke);
		RANDOM.nextBytes(nonce);
		return IkeCodec.encode(new IkeMessage(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0),
				List.of(new Payload.Sa(List.of(ProposalSyntax.parse("aes256gcm16-prfsha384-x25519", ProtocolId.IKE, 1))),
						new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(ke)), new Payload.Nonce(Octets.of(nonce)))));
	}

	/** Sends a valid IKE_SA_INIT and returns the responder's SPI from its answer (0: no answer). */
	private static long open(long spi) throws Exception {
		CLIENT.send(ByteBuffer.wrap(init(spi)), RESPONDER.localAddress());
		long deadline = System.nanoTime() + 3_000_000_000L;
		while (System.nanoTime() < deadline) { // answers to the fuzzed datagrams may come first
			try {
				java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[65536], 65536);
				CLIENT.socket().receive(packet);
				byte[] d = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
				int at = d.length > 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 ? 4 : 0;
				if (d.length >= at + 16 && ByteBuffer.wrap(d, at, 8).getLong() == spi) {
					return ByteBuffer.wrap(d, at + 8, 8).getLong();
				}
			} catch (SocketTimeoutException e) {
				return 0;
			}
		}
		return 0;
	}

	@FuzzTest(maxDuration = "30s")
	void datagramSequence(FuzzedDataProvider data) throws Exception {
		long spiI = RANDOM.nextLong() | 1;
		long spiR = open(spiI);
		assertTrue(spiR != 0, "the responder answers a valid IKE_SA_INIT before the sequence");
		int count = data.consumeInt(1, 8);
		List<byte[]> sequence = new ArrayList<>();
		for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
			boolean ours = data.consumeBoolean();
			boolean marker = data.consumeBoolean();
			byte[] body = data.consumeBytes(data.consumeInt(0, 1500));
			if (ours && body.length >= 16) {
				// the SA's SPIs: the datagram reaches its task manager
				ByteBuffer.wrap(body).putLong(spiI).putLong(spiR);
			}
			sequence.add(marker ? ByteBuffer.allocate(body.length + 4).putInt(0).put(body).array() : body);
		}
		for (byte[] d : sequence) {
			CLIENT.send(ByteBuffer.wrap(d), RESPONDER.localAddress());
		}
		assertTrue(open(RANDOM.nextLong() | 1) != 0, "the responder still answers after the sequence");
		assertTrue(INTERNAL_ERRORS.isEmpty(), "an exception reached the event loop: " + INTERNAL_ERRORS);
	}
}
