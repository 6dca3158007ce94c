package org.ikewb.engine;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the engine accepts from its sockets before the event loop handles it: bounded in octets and
 * in datagrams over all senders, and per sender address, so that one source flooding (or many
 * spoofed ones) cannot fill memory or crowd out the others. What does not fit is dropped and
 * counted; the peer's retransmission brings it again once there is room (RFC 7296 §2.1). Admission
 * runs on the reading threads, release on the loop.
 */
final class InboundQueue {

	/** Bounds: octets and datagrams queued in all, octets queued per source address. */
	record Limits(long maxBytes, int maxDatagrams, long maxBytesPerSource) {
		/** 8 MiB and 8,192 datagrams in all, 1 MiB per source address. */
		static final Limits DEFAULT = new Limits(8L << 20, 8192, 1L << 20);
	}

	private final Limits limits;
	private final AtomicLong bytes = new AtomicLong();
	private final AtomicLong datagrams = new AtomicLong();
	private final AtomicLong highWater = new AtomicLong();
	private final AtomicLong dropped = new AtomicLong();
	private final ConcurrentHashMap<InetAddress, AtomicLong> perSource = new ConcurrentHashMap<>();

	InboundQueue(Limits limits) {
		this.limits = limits;
	}

	/** Takes a datagram of {@code length} octets from {@code source} in, or counts it dropped. */
	boolean admit(int length, InetAddress source) {
		long size = Math.max(length, 1);
		if (datagrams.incrementAndGet() > limits.maxDatagrams()) {
			datagrams.decrementAndGet();
			dropped.incrementAndGet();
			return false;
		}
		long total = bytes.addAndGet(size);
		if (total > limits.maxBytes()) {
			bytes.addAndGet(-size);
			datagrams.decrementAndGet();
			dropped.incrementAndGet();
			return false;
		}
		boolean[] fits = { true };
		perSource.compute(source, (address, queued) -> {
			AtomicLong q = queued == null ? new AtomicLong() : queued;
			if (q.get() + size > limits.maxBytesPerSource()) {
				fits[0] = false;
			} else {
				q.addAndGet(size);
			}
			return q.get() == 0 ? null : q;
		});
		if (!fits[0]) {
			bytes.addAndGet(-size);
			datagrams.decrementAndGet();
			dropped.incrementAndGet();
			return false;
		}
		highWater.accumulateAndGet(total, Math::max);
		return true;
	}

	/** The loop is done with a datagram that was admitted. */
	void release(int length, InetAddress source) {
		long size = Math.max(length, 1);
		bytes.addAndGet(-size);
		datagrams.decrementAndGet();
		perSource.computeIfPresent(source, (address, queued) -> queued.addAndGet(-size) <= 0 ? null : queued);
	}

	/** A quarter full or more: new IKE SAs are asked for a COOKIE first, which costs no state. */
	boolean underLoad() {
		return bytes.get() * 4 >= limits.maxBytes() || datagrams.get() * 4 >= limits.maxDatagrams();
	}

	long queuedBytes() {
		return bytes.get();
	}

	long highWater() {
		return highWater.get();
	}

	long dropped() {
		return dropped.get();
	}

	Limits limits() {
		return limits;
	}
}
