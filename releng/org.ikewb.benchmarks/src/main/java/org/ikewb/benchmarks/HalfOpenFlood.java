package org.ikewb.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;

/**
 * A responder under a half-open flood: senders on many loopback addresses (127.0.0.2 … — sources
 * that never answer, as spoofed ones cannot) fire IKE_SA_INIT requests with fresh SPIs and X25519
 * values as fast as they can, while a legitimate initiator establishes a hybrid IKE SA. Reports the
 * half-open count over time (bounded by the COOKIE threshold), heap in use, and the legitimate
 * initiator's time (it answers the COOKIE and goes on). A harness, run on demand.
 *
 * Usage: HalfOpenFlood [seconds] [cookieThreshold] [senders] [requestsPerSecond]
 */
public final class HalfOpenFlood {

	private HalfOpenFlood() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
		int threshold = args.length > 1 ? Integer.parseInt(args[1]) : 200;
		int senders = args.length > 2 ? Integer.parseInt(args[2]) : 64;
		int rate = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		byte[] psk = new byte[32];
		new SecureRandom().nextBytes(psk);
		try (Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
				Engine legit = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			responder.setCookieThreshold(threshold);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, ike, "aes256gcm16"));
			InetSocketAddress target = responder.localAddress();
			List<DatagramChannel> channels = new ArrayList<>();
			for (int i = 0; i < senders; i++) {
				DatagramChannel c = DatagramChannel.open();
				c.bind(new InetSocketAddress(InetAddress.getByName("127.0." + (i / 250) + "." + (2 + i % 250)), 0));
				channels.add(c);
			}
			long[] sent = { 0 };
			volatile_flag[0] = true;
			Thread flood = new Thread(() -> {
				SecureRandom random = new SecureRandom();
				Payload.Sa sa = new Payload.Sa(List.of(ProposalSyntax.parse(ike, ProtocolId.IKE, 1)));
				int i = 0;
				long begin = System.nanoTime();
				while (volatile_flag[0]) {
					long due = begin + (long) (sent[0] * 1e9 / rate);
					long wait = due - System.nanoTime();
					if (wait > 0) {
						java.util.concurrent.locks.LockSupport.parkNanos(wait);
					}
					byte[] ke = new byte[32];
					byte[] nonce = new byte[32];
					random.nextBytes(ke);
					random.nextBytes(nonce);
					IkeMessage m = new IkeMessage(IkeHeader.of(random.nextLong() | 1, 0, ExchangeType.IKE_SA_INIT,
							IkeHeader.FLAG_INITIATOR, 0),
							List.of(sa, new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(ke)), new Payload.Nonce(Octets.of(nonce)),
									// as a real hybrid initiator would: else the responder refuses ADDKE statelessly
									Payload.Notify.of(org.ikewb.protocol.NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED)));
					try {
						channels.get(i++ % channels.size()).send(ByteBuffer.wrap(IkeCodec.encode(m)), target);
						sent[0]++;
					} catch (java.io.IOException e) {
						return;
					}
				}
			}, "flood");
			long start = System.nanoTime();
			flood.start();
			int maxHalfOpen = 0;
			long maxHeap = 0;
			Thread.sleep(1000);
			IkeConfig legitConfig = IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, ike, "aes256gcm16")
					.withRetransmission(500, 6);
			long t0 = System.nanoTime();
			legit.initiate(legitConfig, target).get(30, TimeUnit.SECONDS);
			long legitMillis = (System.nanoTime() - t0) / 1_000_000;
			while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
				maxHalfOpen = Math.max(maxHalfOpen, responder.halfOpenCount());
				maxHeap = Math.max(maxHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
				Thread.sleep(100);
			}
			volatile_flag[0] = false;
			flood.join();
			double elapsed = (System.nanoTime() - start) / 1e9;
			System.out.printf("flood: %d IKE_SA_INIT requests from %d sources in %.1f s (%.0f/s, target %d/s), COOKIE threshold %d%n",
					sent[0], senders, elapsed, sent[0] / elapsed, rate, threshold);
			System.out.printf("half-open IKE SAs: at most %d; heap in use: at most %.1f MiB%n", maxHalfOpen, maxHeap / 1048576.0);
			System.out.printf("legitimate hybrid initiator during the flood: established in %d ms%n", legitMillis);
			for (DatagramChannel c : channels) {
				c.close();
			}
		}
	}

	private static final boolean[] volatile_flag = { false };
}
