package org.ikewb.interop.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A seeded, in-process UDP relay on loopback that loses, duplicates, delays and reorders datagrams:
 * this kernel has no netem. The initiator sends to {@link #address()}; the relay forwards from a
 * socket of its own to the responder and relays the answers back. Each direction has its own
 * {@link Faults}, optionally limited to some exchange types (read from the IKE header, behind the
 * non-ESP marker when present), and its own seeded random source, so a run is repeatable as far as
 * thread timing allows.
 */
final class UdpRelay implements AutoCloseable {

	/** What happens to the datagrams of one direction. Rates are probabilities per datagram. */
	record Faults(double loss, double duplicate, double reorder, int maxDelayMillis, Set<Integer> exchangeTypes,
			int dropFirst) {

		static final Faults NONE = new Faults(0, 0, 0, 0, Set.of(), 0);

		/** Loss plus 5 % duplication and 10 % reordering (held back 5..maxDelay ms while others pass). */
		static Faults lossy(double loss) {
			return new Faults(loss, 0.05, 0.10, 40, Set.of(), 0);
		}

		/** Drops the first {@code n} datagrams of one exchange type, nothing else. */
		static Faults dropFirst(int exchangeType, int n) {
			return new Faults(0, 0, 0, 0, Set.of(exchangeType), n);
		}

		boolean applies(int exchangeType) {
			return exchangeTypes.isEmpty() || exchangeTypes.contains(exchangeType);
		}
	}

	/** Counters of one direction. */
	static final class Stats {
		final AtomicLong seen = new AtomicLong();
		final AtomicLong dropped = new AtomicLong();
		final AtomicLong duplicated = new AtomicLong();
		final AtomicLong reordered = new AtomicLong();
		final Map<Integer, AtomicLong> byExchange = new ConcurrentHashMap<>();

		@Override
		public String toString() {
			return seen + " seen, " + dropped + " dropped, " + duplicated + " duplicated, " + reordered + " reordered";
		}
	}

	private final DatagramChannel front;
	private final DatagramChannel back;
	private final InetSocketAddress responder;
	private volatile SocketAddress initiator;
	private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "relay-delay");
		t.setDaemon(true);
		return t;
	});
	final Stats toResponder = new Stats();
	final Stats toInitiator = new Stats();

	UdpRelay(InetSocketAddress responder, Faults forward, Faults backward, long seed) throws IOException {
		this.responder = responder;
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		front = DatagramChannel.open().bind(any);
		back = DatagramChannel.open().bind(any);
		start("relay-to-responder", front, () -> responder, back, forward, new Random(seed), toResponder, true);
		start("relay-to-initiator", back, () -> initiator, front, backward, new Random(seed * 31 + 7), toInitiator, false);
	}

	/** Where the initiator sends. */
	InetSocketAddress address() throws IOException {
		return (InetSocketAddress) front.getLocalAddress();
	}

	private void start(String name, DatagramChannel in, java.util.function.Supplier<SocketAddress> target,
			DatagramChannel out, Faults faults, Random random, Stats stats, boolean learnInitiator) {
		AtomicInteger droppedFirst = new AtomicInteger();
		Thread t = new Thread(() -> {
			ByteBuffer buffer = ByteBuffer.allocate(65536);
			while (in.isOpen()) {
				try {
					buffer.clear();
					SocketAddress from = in.receive(buffer);
					if (learnInitiator) {
						initiator = from;
					} else if (!from.equals(responder)) {
						continue;
					}
					buffer.flip();
					byte[] datagram = new byte[buffer.remaining()];
					buffer.get(datagram);
					SocketAddress to = target.get();
					if (to == null) {
						continue;
					}
					stats.seen.incrementAndGet();
					int exchange = exchangeType(datagram);
					stats.byExchange.computeIfAbsent(exchange, k -> new AtomicLong()).incrementAndGet();
					if (!faults.applies(exchange)) {
						send(out, datagram, to);
						continue;
					}
					// draw every decision from the random source in a fixed order: the same seed gives the
					// same faults to the same sequence of datagrams
					double lose = random.nextDouble();
					double duplicate = random.nextDouble();
					double reorder = random.nextDouble();
					int delay = faults.maxDelayMillis() <= 5 ? 0 : 5 + random.nextInt(faults.maxDelayMillis() - 4);
					if (droppedFirst.get() < faults.dropFirst()) {
						droppedFirst.incrementAndGet();
						stats.dropped.incrementAndGet();
						continue;
					}
					if (lose < faults.loss()) {
						stats.dropped.incrementAndGet();
						continue;
					}
					if (reorder < faults.reorder() && delay > 0) {
						stats.reordered.incrementAndGet();
						delays.schedule(() -> send(out, datagram, to), delay, TimeUnit.MILLISECONDS);
					} else {
						send(out, datagram, to);
					}
					if (duplicate < faults.duplicate()) {
						stats.duplicated.incrementAndGet();
						delays.schedule(() -> send(out, datagram, to), Math.max(1, delay / 2), TimeUnit.MILLISECONDS);
					}
				} catch (ClosedChannelException e) {
					return;
				} catch (IOException | java.util.concurrent.RejectedExecutionException e) {
					if (!in.isOpen()) {
						return;
					}
				}
			}
		}, name);
		t.setDaemon(true);
		t.start();
	}

	private static void send(DatagramChannel out, byte[] datagram, SocketAddress to) {
		try {
			out.send(ByteBuffer.wrap(datagram), to);
		} catch (IOException e) {
			// the relay is closing
		}
	}

	/** The IKE exchange type (header octet 18), after a non-ESP marker if there is one; -1 if none. */
	static int exchangeType(byte[] d) {
		int at = d.length >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 ? 4 : 0;
		return d.length >= at + 28 ? d[at + 18] & 0xff : -1;
	}

	@Override
	public void close() throws IOException {
		front.close();
		back.close();
		delays.shutdownNow();
	}
}
