package org.ikewb.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reassembles the messages of one IKE SA that arrive as Encrypted Fragment payloads (RFC 7383
 * §2.6), from fragments that were verified and decrypted one by one. Fragments may arrive in any
 * order and twice; a larger Total Fragments restarts the message (the sender refragmented for a
 * smaller MTU), a smaller one is ignored. Memory stays bounded: at most {@code maxFragments} per
 * message, {@code maxBytes} buffered over all messages, partial messages expire after
 * {@code timeoutNanos}.
 */
public final class FragmentAssembler {

	/** Bounds on what a peer can make us buffer. */
	public record Limits(int maxFragments, int maxBytes, long timeoutNanos, int maxMessages) {
		/**
		 * 64 fragments of a message, 128 KiB buffered (decrypted fragments and the datagrams they
		 * came in: about 60 KiB of message), 30 s, 4 messages in reassembly at once.
		 */
		public static final Limits DEFAULT = new Limits(64, 128 * 1024, 30_000_000_000L, 4);
	}

	/**
	 * Octets that all assemblers sharing it may buffer together: one engine's IKE SAs, so that many
	 * SAs each staying within their own limit cannot add up to unbounded memory.
	 */
	public static final class Budget {
		private final long max;
		private final java.util.concurrent.atomic.AtomicLong used = new java.util.concurrent.atomic.AtomicLong();

		public Budget(long maxBytes) {
			this.max = maxBytes;
		}

		boolean reserve(int bytes) {
			long now;
			do {
				now = used.get();
				if (now + bytes > max) {
					return false;
				}
			} while (!used.compareAndSet(now, now + bytes));
			return true;
		}

		void release(int bytes) {
			used.addAndGet(-bytes);
		}

		/** Octets buffered now by all assemblers sharing this budget. */
		public long used() {
			return used.get();
		}

		public long max() {
			return max;
		}
	}

	/**
	 * A reassembled message: the type of its first inner payload, the inner payloads' octets and the
	 * datagrams it came in, by fragment number (empty when the caller did not hand them over).
	 */
	public record Assembled(int messageId, boolean response, int firstInnerPayload, Octets plaintext,
			List<DecodedDatagram> datagrams) {
		public Assembled {
			datagrams = List.copyOf(datagrams);
		}
	}

	private record Key(int messageId, boolean response) {
	}

	private static final class Partial {
		final int total;
		final Octets[] fragments;
		final DecodedDatagram[] datagrams;
		final long started;
		int received;
		int bytes;
		int firstInner = -1;

		Partial(int total, long started) {
			this.total = total;
			this.fragments = new Octets[total];
			this.datagrams = new DecodedDatagram[total];
			this.started = started;
		}
	}

	private final Limits limits;
	private final LongSupplier clock;
	private final Budget budget;
	private final Map<Key, Partial> partials = new LinkedHashMap<>();
	private int buffered;

	public FragmentAssembler(Limits limits, LongSupplier nanoClock, Budget shared) {
		this.limits = limits;
		this.clock = nanoClock;
		this.budget = shared;
	}

	public FragmentAssembler(Limits limits, LongSupplier nanoClock) {
		this(limits, nanoClock, new Budget(Long.MAX_VALUE));
	}

	public FragmentAssembler() {
		this(Limits.DEFAULT, System::nanoTime);
	}

	/**
	 * Adds the decrypted content of one fragment of message {@code messageId}.
	 *
	 * @return the whole message once its last missing fragment arrived
	 * @throws MalformedMessageException when the fragment breaks a limit (the partial message is dropped)
	 */
	public Optional<Assembled> add(IkeHeader header, Payload.EncryptedFragment fragment, Octets plaintext)
			throws MalformedMessageException {
		return add(header, fragment, plaintext, null);
	}

	/**
	 * Adds the decrypted content of one fragment and the datagram it came in, which the assembled
	 * message hands back with the others (a trace shows every datagram a message took). The
	 * datagram counts against the limits as well.
	 *
	 * @return the whole message once its last missing fragment arrived
	 * @throws MalformedMessageException when the fragment breaks a limit (the partial message is dropped)
	 */
	public Optional<Assembled> add(IkeHeader header, Payload.EncryptedFragment fragment, Octets plaintext,
			DecodedDatagram datagram) throws MalformedMessageException {
		expire();
		int total = fragment.total();
		int number = fragment.number();
		if (total > limits.maxFragments()) {
			throw new MalformedMessageException(IkeHeader.SIZE + 6, "message announces " + total
					+ " fragments, more than the " + limits.maxFragments() + " accepted", null);
		}
		Key key = new Key(header.messageId(), header.isResponse());
		Partial partial = partials.get(key);
		if (partial != null && total < partial.total) {
			return Optional.empty(); // a stale fragment of an earlier, coarser fragmentation
		}
		if (partial != null && total > partial.total) {
			drop(key); // the sender refragmented: start over (RFC 7383 §2.6.1)
			partial = null;
		}
		if (partial == null) {
			if (partials.size() >= limits.maxMessages()) {
				throw new MalformedMessageException(0, partials.size() + " messages are already in reassembly", null);
			}
			partial = new Partial(total, clock.getAsLong());
			partials.put(key, partial);
		}
		if (partial.fragments[number - 1] != null) {
			return Optional.empty(); // duplicate
		}
		int size = plaintext.length() + (datagram == null ? 0 : datagram.bytes().length());
		if (buffered + size > limits.maxBytes()) {
			drop(key);
			throw new MalformedMessageException(0, "fragments would buffer more than " + limits.maxBytes()
					+ " octets", null);
		}
		if (!budget.reserve(size)) {
			drop(key);
			throw new MalformedMessageException(0, "the fragments of all IKE SAs would buffer more than "
					+ budget.max() + " octets", null);
		}
		partial.fragments[number - 1] = plaintext;
		partial.datagrams[number - 1] = datagram;
		partial.bytes += size;
		buffered += size;
		partial.received++;
		if (number == 1) {
			partial.firstInner = fragment.firstInnerPayload();
		}
		if (partial.received < partial.total) {
			return Optional.empty();
		}
		drop(key);
		List<DecodedDatagram> datagrams = datagram == null ? List.of()
				: java.util.Arrays.stream(partial.datagrams).filter(java.util.Objects::nonNull).toList();
		return Optional.of(new Assembled(header.messageId(), header.isResponse(), partial.firstInner,
				Octets.concat(partial.fragments), datagrams.size() == partial.total ? datagrams : List.of()));
	}

	/** Drops partial messages older than the timeout. */
	public void expire() {
		long now = clock.getAsLong();
		for (Iterator<Map.Entry<Key, Partial>> it = partials.entrySet().iterator(); it.hasNext();) {
			Map.Entry<Key, Partial> e = it.next();
			if (now - e.getValue().started > limits.timeoutNanos()) {
				buffered -= e.getValue().bytes;
				budget.release(e.getValue().bytes);
				it.remove();
			}
		}
	}

	private void drop(Key key) {
		Partial p = partials.remove(key);
		if (p != null) {
			buffered -= p.bytes;
			budget.release(p.bytes);
		}
	}

	/** Drops every partial message (the IKE SA is gone) and gives its octets back to the budget. */
	public void clear() {
		for (Partial p : partials.values()) {
			budget.release(p.bytes);
		}
		partials.clear();
		buffered = 0;
	}

	/** Octets currently buffered (for tests and the memory figures). */
	public int bufferedBytes() {
		return buffered;
	}

	/** Messages currently in reassembly. */
	public int pendingMessages() {
		return partials.size();
	}
}
