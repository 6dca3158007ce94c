package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;

/**
 * The long version of ResponderFloodTest, run on demand (best with a capped heap, as issue #15 asks:
 * {@code java -Xmx256m -cp benchmarks.jar org.ikewb.benchmarks.ResponderFlood 30}): for the given
 * seconds, threads on 127.0.0.2 send ~64 KB IKE_SA_INIT datagrams as fast as they can while a
 * hybrid x25519 + ML-KEM-768 initiator on 127.0.0.1 connects again and again. Every second it
 * reports heap in use, RSS, what the responder dropped and held, and the legitimate initiator's
 * handshakes and their time.
 *
 * Usage: ResponderFlood [seconds] [flooding threads]
 */
public final class ResponderFlood {

	private ResponderFlood() {
	}

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
		byte[] psk = LoopbackSession.randomPsk();
		SecureRandom random = new SecureRandom();
		List<Payload> payloads = new ArrayList<>(List.of(new Payload.Sa(List.of(ProposalSyntax.parse(IKE, ProtocolId.IKE, 1))),
				new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(new byte[32])), new Payload.Nonce(Octets.of(new byte[32]))));
		for (int i = 0; i < 8_000; i++) {
			payloads.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
		}
		byte[] big = IkeCodec.encode(new IkeMessage(IkeHeader.of(random.nextLong() | 1, 0, ExchangeType.IKE_SA_INIT,
				IkeHeader.FLAG_INITIATOR, 0), payloads));
		try (LoopbackSession session = LoopbackSession.open(false,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"))) {
			Engine responder = session.responder();
			AtomicBoolean flooding = new AtomicBoolean(true);
			AtomicLong sent = new AtomicLong();
			List<Thread> flooders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				DatagramChannel channel = DatagramChannel.open();
				channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
				Thread thread = new Thread(() -> {
					try (channel) {
						while (flooding.get()) {
							channel.send(ByteBuffer.wrap(big), responder.localAddress());
							sent.incrementAndGet();
						}
					} catch (java.io.IOException e) {
						// closed
					}
				}, "flood-" + t);
				thread.setDaemon(true);
				thread.start();
				flooders.add(thread);
			}
			System.out.printf("ResponderFlood: %d threads sending %d-octet IKE_SA_INIT datagrams for %d s, max heap %d MiB%n",
					threads, big.length, seconds, Runtime.getRuntime().maxMemory() >> 20);
			System.out.println("| s | sent | dropped | queue (high water) | heap MiB | RSS MiB | legitimate handshakes (ms each) |");
			System.out.println("|---:|---:|---:|---:|---:|---:|---|");
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			int second = 0;
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
				System.out.printf("| %d | %d | %d | %d (%d) | %d | %d | %d %s |%n", ++second, sent.get(), load.datagramsDropped(),
						load.queuedBytes(), load.queuedBytesHighWater(), (rt.totalMemory() - rt.freeMemory()) >> 20, rss() >> 20,
						handshakes.size(), handshakes.size() > 6 ? handshakes.subList(0, 6) + "..." : handshakes);
			}
			flooding.set(false);
			for (Thread t : flooders) {
				t.join(2000);
			}
			System.out.println("after the flood: " + responder.load().summary() + "; heap in use "
					+ ((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20) + " MiB ("
					+ ManagementFactory.getRuntimeMXBean().getInputArguments() + ")");
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
		} catch (Exception e) {
			// not Linux
		}
		return 0;
	}
}
