package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EngineLoad;
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
import org.junit.jupiter.api.Test;

/**
 * A responder that stays up under floods (issue #15.1 and #15.3), short enough for every build: the
 * asserts are on what stays bounded and on a legitimate hybrid initiator getting through, never on
 * time. The flooders send from 127.0.0.2, the legitimate initiator from 127.0.0.1.
 */
class ResponderFloodTest {

	private static final byte[] PSK = "responder-flood-psk-0123456789ab".getBytes(StandardCharsets.US_ASCII);
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final SecureRandom RANDOM = new SecureRandom();

	private static Engine responder() throws Exception {
		Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, PSK::clone, IKE, "aes256gcm16"));
		return responder;
	}

	/** A hybrid initiator from 127.0.0.1: establishes or says why. */
	private static EstablishedSa legitimate(Engine responder) throws Exception {
		try (Engine initiator = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			return initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i.test"), null, PSK::clone, IKE, "aes256gcm16")
					.withRetransmission(500, 6), responder.localAddress()).get(60, TimeUnit.SECONDS);
		}
	}

	private static DatagramChannel flooder() throws Exception {
		DatagramChannel channel = DatagramChannel.open();
		channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
		return channel;
	}

	/** An IKE_SA_INIT request, with a COOKIE first when given. */
	private static IkeMessage init(long spi, Octets nonce, Octets cookie, int extraNotifies) {
		List<Payload> payloads = new ArrayList<>();
		if (cookie != null) {
			payloads.add(Payload.Notify.of(NotifyType.COOKIE, cookie));
		}
		payloads.add(new Payload.Sa(List.of(ProposalSyntax.parse(IKE, ProtocolId.IKE, 1)))); // what the responder accepts
		byte[] ke = new byte[32];
		RANDOM.nextBytes(ke);
		payloads.add(new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(ke)));
		payloads.add(new Payload.Nonce(nonce));
		payloads.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
		for (int i = 0; i < extraNotifies; i++) {
			payloads.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
		}
		return new IkeMessage(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0), payloads);
	}

	@Test
	void anOversizedDatagramFloodIsDroppedNotQueuedAndTheLegitimateInitiatorGetsThrough() throws Exception {
		// ~64 KB IKE_SA_INIT requests (8,000 notifies each), as fast as two threads can send them: before,
		// every one was queued without a limit until the heap ran out and the receive thread died
		byte[] big = IkeCodec.encode(init(RANDOM.nextLong() | 1, Octets.of(new byte[32]), null, 8_000));
		assertTrue(big.length > 60_000, "datagram of " + big.length);
		try (Engine responder = responder(); DatagramChannel a = flooder(); DatagramChannel b = flooder()) {
			AtomicBoolean flooding = new AtomicBoolean(true);
			AtomicLong sent = new AtomicLong();
			List<Thread> threads = new ArrayList<>();
			for (DatagramChannel channel : List.of(a, b)) {
				Thread t = new Thread(() -> {
					while (flooding.get()) {
						try {
							channel.send(ByteBuffer.wrap(big), responder.localAddress());
							sent.incrementAndGet();
						} catch (java.io.IOException e) {
							return;
						}
					}
				});
				t.start();
				threads.add(t);
			}
			Thread.sleep(300);
			EstablishedSa during = legitimate(responder); // while the flood goes on
			flooding.set(false);
			for (Thread t : threads) {
				t.join();
			}
			EngineLoad load = responder.load();
			System.out.printf("oversized flood: %d datagrams of %d octets sent; %s; queue high water %d octets%n",
					sent.get(), big.length, load.summary(), load.queuedBytesHighWater());
			assertEquals(1, during.intermediateExchanges(), "the legitimate hybrid initiator established during the flood");
			assertTrue(load.queuedBytesHighWater() <= 8L << 20, "the receive queue stayed within 8 MiB: " + load);
			assertTrue(load.datagramsDropped() + load.initDroppedOversized() > 0,
					"what did not fit was dropped and counted: " + load + ", sent " + sent.get());
			assertEquals(0, load.halfOpen(), "no 64 KB request got state: " + load);
			EstablishedSa after = legitimate(responder);
			assertEquals(1, after.intermediateExchanges(), "and after it");
		}
	}

	@Test
	void aSpoofedSourceFloodGetsCookiesAndLeavesNoMoreStateThanTheThreshold() throws Exception {
		// 250 source addresses (127.0.0.2 .. 127.0.0.251) that never return a COOKIE: above the threshold,
		// every request costs one stateless answer and no key exchange
		try (Engine responder = responder()) {
			responder.setCookieThreshold(50);
			List<DatagramChannel> sources = new ArrayList<>();
			try {
				for (int i = 2; i < 252; i++) {
					DatagramChannel c = DatagramChannel.open();
					c.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + i), 0));
					sources.add(c);
				}
				for (int round = 0; round < 8; round++) {
					for (DatagramChannel c : sources) {
						byte[] n = new byte[32];
						RANDOM.nextBytes(n);
						c.send(ByteBuffer.wrap(IkeCodec.encode(init(RANDOM.nextLong() | 1, Octets.of(n), null, 0))),
								responder.localAddress());
					}
				}
				EstablishedSa during = legitimate(responder); // returns its COOKIE, as a real initiator does
				// the fair order may let the legitimate initiator through before the flood is all answered
				EngineLoad load = responder.load();
				for (int i = 0; i < 500 && load.queuedBytes() > 0; i++) {
					Thread.sleep(10);
					load = responder.load();
				}
				System.out.printf("spoofed-source flood: 2,000 requests from 250 addresses; %s%n", load.summary());
				assertEquals(1, during.intermediateExchanges());
				assertTrue(load.halfOpen() <= 50, "half-open state bounded by the COOKIE threshold: " + load);
				assertTrue(load.cookiesSent() >= 1_000, "the rest got a COOKIE: " + load);
			} finally {
				for (DatagramChannel c : sources) {
					c.close();
				}
			}
		}
	}

	@Test
	void aCookieEchoingSourceHoldsAtMostItsShareOfHalfOpenSas() throws Exception {
		try (Engine responder = responder(); DatagramChannel attacker = flooder()) {
			responder.setCookieThreshold(0); // every request must return a COOKIE: this source does
			responder.setHalfOpenLimits(8, 20_000);
			List<org.ikewb.engine.TraceEvent.Load> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
			responder.addListener(e -> {
				if (e instanceof org.ikewb.engine.TraceEvent.Load l) {
					reports.add(l);
				}
			});
			attacker.configureBlocking(true);
			attacker.socket().setSoTimeout(2000);
			ByteBuffer answer = ByteBuffer.allocate(65536);
			int echoed = 0;
			for (int i = 0; i < 60; i++) {
				long spi = RANDOM.nextLong() | 1;
				byte[] n = new byte[32];
				RANDOM.nextBytes(n);
				Octets nonce = Octets.of(n);
				attacker.send(ByteBuffer.wrap(IkeCodec.encode(init(spi, nonce, null, 0))), responder.localAddress());
				IkeMessage reply;
				do { // the answer to this request (not a late one to the previous request)
					answer.clear();
					attacker.receive(answer);
					answer.flip();
					byte[] bytes = new byte[answer.remaining()];
					answer.get(bytes);
					reply = IkeCodec.decode(bytes.length > 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0
							&& bytes[3] == 0 ? java.util.Arrays.copyOfRange(bytes, 4, bytes.length) : bytes);
				} while (reply.header().initiatorSpi() != spi);
				var cookie = reply.payloads().stream().filter(p -> p instanceof Payload.Notify x
						&& x.notifyType().equals(NotifyType.COOKIE)).map(p -> ((Payload.Notify) p).data()).findFirst();
				if (cookie.isEmpty()) {
					continue;
				}
				byte[] withCookie = IkeCodec.encode(init(spi, nonce, cookie.get(), 0));
				ByteBuffer marked = ByteBuffer.allocate(withCookie.length + 4).putInt(0).put(withCookie).flip();
				attacker.send(marked, responder.localAddress()); // neither side on 500: the non-ESP marker
				echoed++;
			}
			Thread.sleep(500);
			EngineLoad load = responder.load();
			System.out.printf("cookie-echoing source: %d requests with a valid COOKIE; %s%n", echoed, load);
			assertEquals(60, echoed, "every request got a COOKIE and returned it");
			assertTrue(load.halfOpen() <= 8, "one source holds at most 8 half-open SAs: " + load);
			assertEquals(8, load.halfOpenBySource().getOrDefault("127.0.0.2", 0), load.toString());
			assertTrue(load.initDroppedPerSource() >= 50, load.toString());
			assertEquals(1, legitimate(responder).intermediateExchanges(), "another source still gets through");
			// the trace says it too, within the engine's report interval (5 s)
			long deadline = System.nanoTime() + 8_000_000_000L;
			while (reports.stream().noneMatch(r -> r.load().initDroppedPerSource() >= 50) && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			assertTrue(reports.stream().anyMatch(r -> r.load().initDroppedPerSource() >= 50
					&& r.load().halfOpenBySource().getOrDefault("127.0.0.2", 0) == 8), reports.toString());
		}
	}
}
