package org.ikewb.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The datagrams waiting for the engine's event loop. Bounded in octets and datagrams over all
 * senders and in octets per sender address, so that one source flooding (or many spoofed ones)
 * cannot fill memory; what does not fit is dropped and counted, and the peer's retransmission brings
 * it again once there is room (RFC 7296 §2.1).
 * <p>
 * And served fairly, so that a flood does not delay everyone behind it: messages for IKE SAs that
 * exist (any message but a new IKE_SA_INIT request) go first, four to one against new IKE_SA_INIT
 * requests, which are served one per source address in turn. A legitimate initiator's IKE_INTERMEDIATE
 * and IKE_AUTH pass a flood of IKE_SA_INIT requests, and its IKE_SA_INIT waits for one request of
 * each flooding address rather than for all of them. When the queue is full, a datagram from an
 * address with nothing waiting takes the place of a flooding address's newest request. Offered on the
 * reading threads, polled on the loop.
 */
final class InboundQueue {

	/** Bounds: octets and datagrams queued in all, octets queued per source address. */
	record Limits(long maxBytes, int maxDatagrams, long maxBytesPerSource) {
		/** 8 MiB and 8,192 datagrams in all, 1 MiB per source address. */
		static final Limits DEFAULT = new Limits(8L << 20, 8192, 1L << 20);
	}

	/** A datagram as the transport unframed it. */
	record Datagram(byte[] ike, InetSocketAddress from, boolean viaNatT) {
	}

	/** Messages for existing IKE SAs served per new IKE_SA_INIT request when both wait. */
	private static final int KNOWN_PER_FRESH = 4;

	private final Limits limits;
	private final ArrayDeque<Datagram> known = new ArrayDeque<>();
	/** New IKE_SA_INIT requests by source, in the order sources take their turn. */
	private final LinkedHashMap<InetAddress, ArrayDeque<Datagram>> fresh = new LinkedHashMap<>();
	private final Map<InetAddress, Long> perSource = new HashMap<>();
	private long bytes;
	private int datagrams;
	private long highWater;
	private long dropped;
	private int knownServed;

	InboundQueue(Limits limits) {
		this.limits = limits;
	}

	/**
	 * Takes a datagram in, or counts it dropped.
	 *
	 * @return whether it was queued
	 */
	synchronized boolean offer(Datagram d) {
		long size = Math.max(d.ike().length, 1);
		InetAddress source = d.from().getAddress();
		long mine = perSource.getOrDefault(source, 0L);
		if (mine + size > limits.maxBytesPerSource()) {
			dropped++;
			return false;
		}
		// full, and this source has nothing waiting: it takes the place of the newest request of a
		// source that has several (a flood's), so a full queue does not shut out who waits for nothing
		while ((datagrams + 1 > limits.maxDatagrams() || bytes + size > limits.maxBytes()) && mine == 0 && evictOne()) {
			dropped++;
		}
		if (datagrams + 1 > limits.maxDatagrams() || bytes + size > limits.maxBytes()) {
			dropped++;
			return false;
		}
		perSource.put(source, mine + size);
		bytes += size;
		datagrams++;
		highWater = Math.max(highWater, bytes);
		if (InitResponder.isInitRequest(d.ike())) {
			fresh.computeIfAbsent(source, a -> new ArrayDeque<>()).addLast(d);
		} else {
			known.addLast(d);
		}
		return true;
	}

	/**
	 * Drops the newest IKE_SA_INIT request of the source whose turn comes next, if it has more than
	 * one waiting (O(1): no search for the largest source).
	 */
	private boolean evictOne() {
		if (fresh.isEmpty()) {
			return false;
		}
		ArrayDeque<Datagram> head = fresh.values().iterator().next();
		if (head.size() < 2) {
			return false;
		}
		account(head.pollLast());
		return true;
	}

	private void account(Datagram d) {
		long size = Math.max(d.ike().length, 1);
		bytes -= size;
		datagrams--;
		perSource.computeIfPresent(d.from().getAddress(), (a, q) -> q - size <= 0 ? null : q - size);
	}

	/** The next datagram for the loop, or null when none waits; its octets leave the bounds. */
	synchronized Datagram poll() {
		Datagram d;
		if (!known.isEmpty() && (fresh.isEmpty() || knownServed < KNOWN_PER_FRESH)) {
			d = known.pollFirst();
			knownServed++;
		} else if (!fresh.isEmpty()) {
			Iterator<Map.Entry<InetAddress, ArrayDeque<Datagram>>> first = fresh.entrySet().iterator();
			Map.Entry<InetAddress, ArrayDeque<Datagram>> turn = first.next();
			d = turn.getValue().pollFirst();
			first.remove();
			if (!turn.getValue().isEmpty()) {
				fresh.put(turn.getKey(), turn.getValue()); // its next request waits for the other sources' turns
			}
			knownServed = 0;
		} else {
			return null;
		}
		account(d);
		return d;
	}

	/** A quarter full or more: new IKE SAs are asked for a COOKIE first, which costs no state. */
	synchronized boolean underLoad() {
		return bytes * 4 >= limits.maxBytes() || datagrams * 4L >= limits.maxDatagrams();
	}

	synchronized long queuedBytes() {
		return bytes;
	}

	synchronized long highWater() {
		return highWater;
	}

	synchronized long dropped() {
		return dropped;
	}

	/** Drops what waits (the engine closes). */
	synchronized void clear() {
		known.clear();
		fresh.clear();
		perSource.clear();
		bytes = 0;
		datagrams = 0;
	}
}
