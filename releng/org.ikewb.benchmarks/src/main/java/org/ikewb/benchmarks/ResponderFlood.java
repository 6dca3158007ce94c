package org.ikewb.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EngineLoad;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;

/**
 * The long version of ResponderFloodTest, run on demand with a capped heap, as issue #15 asks:
 * {@code java -Xmx256m -cp benchmarks.jar org.ikewb.benchmarks.ResponderFlood 12 2 oversized}. For the
 * given seconds, flooding threads attack the responder of a loopback session while a hybrid
 * x25519 + ML-KEM-768 initiator on 127.0.0.1 connects again and again. Every second it reports what
 * the responder dropped, answered with a COOKIE and refused, its half-open SAs, heap in use, RSS, and
 * the legitimate initiator's handshakes and their time. The floods:
 * <ul>
 * <li>{@code oversized}: ~64 KB IKE_SA_INIT datagrams from 127.0.0.2, as fast as the threads can send;
 * <li>{@code spoofed}: well-formed hybrid IKE_SA_INIT requests from 250 addresses (127.0.1.1 ..
 * 127.0.1.250) that never read an answer, as a flood with forged sources does;
 * <li>{@code cookie-echo}: one address (127.0.0.2) that returns every COOKIE, with the responder asking
 * every new IKE SA for one (threshold 0), as it does under load: only the per-source cap holds it.
 * </ul>
 *
 * Usage: ResponderFlood [seconds] [flooding threads] [oversized|spoofed|cookie-echo]
 */
public final class ResponderFlood {

	private ResponderFlood() {
	}

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final SecureRandom RANDOM = new SecureRandom();

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
		String mode = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "oversized";
		if (!List.of("oversized", "spoofed", "cookie-echo").contains(mode)) {
			System.err.println("ResponderFlood: unknown flood '" + mode + "'; use oversized, spoofed or cookie-echo");
			System.exit(2);
		}
		byte[] psk = LoopbackSession.randomPsk();
		try (LoopbackSession session = LoopbackSession.open(false,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"))) {
			Engine responder = session.responder();
			if (mode.equals("cookie-echo")) {
				responder.setCookieThreshold(0);
			}
			AtomicBoolean flooding = new AtomicBoolean(true);
			AtomicLong sent = new AtomicLong();
			List<Thread> flooders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Flood flood = switch (mode) {
					case "spoofed" -> new Spoofed(t, threads);
					case "cookie-echo" -> new CookieEcho();
					default -> new Oversized();
				};
				Thread thread = new Thread(() -> {
					try (flood) {
						while (flooding.get()) {
							sent.addAndGet(flood.send(responder.localAddress()));
						}
					} catch (IOException e) {
						System.err.println("flooding thread stopped: " + e);
					}
				}, "flood-" + t);
				thread.setDaemon(true);
				thread.start();
				flooders.add(thread);
			}
			System.out.printf("ResponderFlood %s: %d threads for %d s, max heap %d MiB%n", mode, threads, seconds,
					Runtime.getRuntime().maxMemory() >> 20);
			System.out.println("| s | sent | dropped (queue) | COOKIEs | refused (per source / all) | half-open | heap MiB | RSS MiB | legitimate handshakes (ms each) |");
			System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			int second = 0;
			long maxHeap = 0;
			long maxRss = 0;
			int maxHalfOpen = 0;
			while (System.nanoTime() < end) {
				long begin = System.nanoTime();
				List<Long> handshakes = new ArrayList<>();
				while (System.nanoTime() - begin < 1_000_000_000L) {
					long t0 = System.nanoTime();
					try {
						session.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE, "aes256gcm16")
								.withRetransmission(500, 6)).get(30, TimeUnit.SECONDS);
						handshakes.add((System.nanoTime() - t0) / 1_000_000);
					} catch (Exception e) {
						handshakes.add(-1L);
					}
				}
				EngineLoad load = responder.load();
				Runtime rt = Runtime.getRuntime();
				long heap = rt.totalMemory() - rt.freeMemory();
				long rss = rss();
				maxHeap = Math.max(maxHeap, heap);
				maxRss = Math.max(maxRss, rss);
				maxHalfOpen = Math.max(maxHalfOpen, load.halfOpen());
				System.out.printf("| %d | %d | %d | %d | %d / %d | %d | %d | %d | %d %s |%n", ++second, sent.get(),
						load.datagramsDropped() + load.initDroppedOversized(), load.cookiesSent(), load.initDroppedPerSource(),
						load.initDroppedGlobal(), load.halfOpen(), heap >> 20, rss >> 20, handshakes.size(),
						handshakes.size() > 6 ? handshakes.subList(0, 6) + "..." : handshakes);
			}
			flooding.set(false);
			for (Thread t : flooders) {
				t.join(2000);
			}
			System.out.printf("after the flood: %s; most heap seen %d MiB, RSS %d MiB, half-open %d (%s)%n",
					responder.load().summary(), maxHeap >> 20, maxRss >> 20, maxHalfOpen,
					ManagementFactory.getRuntimeMXBean().getInputArguments());
		}
	}

	/** One flooding thread's attack: {@link #send} sends what it sends in one go and says how many datagrams. */
	private interface Flood extends AutoCloseable {
		int send(InetSocketAddress responder) throws IOException;

		@Override
		void close() throws IOException;
	}

	/** An IKE_SA_INIT request the responder would accept, with a COOKIE first when given. */
	private static byte[] init(long spi, Octets nonce, Octets cookie, int extraNotifies, boolean marker) {
		List<Payload> payloads = new ArrayList<>();
		if (cookie != null) {
			payloads.add(Payload.Notify.of(NotifyType.COOKIE, cookie));
		}
		payloads.add(new Payload.Sa(List.of(ProposalSyntax.parse(IKE, ProtocolId.IKE, 1))));
		byte[] ke = new byte[32];
		RANDOM.nextBytes(ke);
		payloads.add(new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(ke)));
		payloads.add(new Payload.Nonce(nonce));
		payloads.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
		for (int i = 0; i < extraNotifies; i++) {
			payloads.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
		}
		byte[] message = IkeCodec.encode(new IkeMessage(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT,
				IkeHeader.FLAG_INITIATOR, 0), payloads));
		if (!marker) {
			return message;
		}
		// a request with a COOKIE arrives as the legitimate initiator's would: neither side is on port
		// 500, so after the first exchange it carries the non-ESP marker
		return ByteBuffer.allocate(message.length + 4).putInt(0).put(message).array();
	}

	private static Octets nonce() {
		byte[] n = new byte[32];
		RANDOM.nextBytes(n);
		return Octets.of(n);
	}

	/** ~64 KB IKE_SA_INIT requests (8,000 notifies) from 127.0.0.2. */
	private static final class Oversized implements Flood {
		private final byte[] big = init(RANDOM.nextLong() | 1, Octets.of(new byte[32]), null, 8_000, false);
		private final DatagramChannel channel;

		Oversized() throws IOException {
			channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
		}

		@Override
		public int send(InetSocketAddress responder) throws IOException {
			channel.send(ByteBuffer.wrap(big), responder);
			return 1;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	/** Well-formed requests from this thread's share of 250 addresses, round robin; answers are never read. */
	private static final class Spoofed implements Flood {
		private final List<DatagramChannel> sources = new ArrayList<>();
		private int next;

		Spoofed(int thread, int threads) throws IOException {
			for (int host = 1 + thread; host <= 250; host += threads) {
				DatagramChannel c = DatagramChannel.open();
				c.bind(new InetSocketAddress(InetAddress.getByName("127.0.1." + host), 0));
				sources.add(c);
			}
		}

		@Override
		public int send(InetSocketAddress responder) throws IOException {
			DatagramChannel c = sources.get(next++ % sources.size());
			c.send(ByteBuffer.wrap(init(RANDOM.nextLong() | 1, nonce(), null, 0, false)), responder);
			return 1;
		}

		@Override
		public void close() throws IOException {
			for (DatagramChannel c : sources) {
				c.close();
			}
		}
	}

	/**
	 * One address that behaves like an initiator up to the COOKIE: it sends requests with fresh SPIs and
	 * one nonce (the COOKIE binds SPI, nonce and address; the attacker chooses them) and returns every
	 * COOKIE it gets, so that each returned request costs the responder a key exchange.
	 */
	private static final class CookieEcho implements Flood {
		private final DatagramChannel channel;
		private final Octets nonce = nonce();
		private final ByteBuffer answer = ByteBuffer.allocate(65_536);

		CookieEcho() throws IOException {
			channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
			channel.configureBlocking(false);
		}

		@Override
		public int send(InetSocketAddress responder) throws IOException {
			int sent = 1;
			channel.send(ByteBuffer.wrap(init(RANDOM.nextLong() | 1, nonce, null, 0, false)), responder);
			for (int i = 0; i < 64; i++) { // return what has come back so far
				answer.clear();
				if (channel.receive(answer) == null) {
					break;
				}
				answer.flip();
				byte[] bytes = Arrays.copyOf(answer.array(), answer.limit());
				if (bytes.length > 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0) {
					bytes = Arrays.copyOfRange(bytes, 4, bytes.length);
				}
				IkeMessage reply;
				try {
					reply = IkeCodec.decode(bytes);
				} catch (MalformedMessageException e) {
					continue;
				}
				for (Payload p : reply.payloads()) {
					if (p instanceof Payload.Notify n && n.notifyType().equals(NotifyType.COOKIE)) {
						channel.send(ByteBuffer.wrap(init(reply.header().initiatorSpi(), nonce, n.data(), 0, true)), responder);
						sent++;
					}
				}
			}
			return sent;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	/** Resident set size of this process, from /proc (0 where there is none). */
	private static long rss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
				}
			}
		} catch (IOException | NumberFormatException e) {
			// not Linux
		}
		return 0;
	}
}
