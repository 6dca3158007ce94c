package org.ikewb.engine.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A UDP relay on loopback between an initiator and a responder: it forwards each datagram unless
 * the drop rule says so (by the datagram's number in its direction), and can send one twice.
 */
final class LossyRelay implements AutoCloseable {

	private final DatagramChannel channel;
	private final InetSocketAddress responder;
	private volatile InetSocketAddress initiator;
	private final IntPredicate dropToResponder;
	private final IntPredicate dropToInitiator;
	private final boolean duplicate;
	private volatile boolean reorder;
	private ByteBuffer heldToResponder;
	private ByteBuffer heldToInitiator;
	final AtomicInteger toResponder = new AtomicInteger();
	final AtomicInteger toInitiator = new AtomicInteger();
	final AtomicInteger dropped = new AtomicInteger();
	private final Thread thread;

	LossyRelay(InetSocketAddress responder, IntPredicate dropToResponder, IntPredicate dropToInitiator,
			boolean duplicate) throws IOException {
		this.responder = responder;
		this.dropToResponder = dropToResponder;
		this.dropToInitiator = dropToInitiator;
		this.duplicate = duplicate;
		this.channel = DatagramChannel.open();
		channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		thread = new Thread(this::run, "relay");
		thread.setDaemon(true);
		thread.start();
	}

	/** Holds every other datagram back and sends it after the next one in the same direction. */
	LossyRelay reordering() {
		reorder = true;
		return this;
	}

	InetSocketAddress address() throws IOException {
		return (InetSocketAddress) channel.getLocalAddress();
	}

	private void run() {
		ByteBuffer buffer = ByteBuffer.allocate(65536);
		while (channel.isOpen()) {
			try {
				buffer.clear();
				InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
				buffer.flip();
				boolean fromResponder = from.equals(responder);
				if (!fromResponder) {
					initiator = from;
				}
				int n = fromResponder ? toInitiator.incrementAndGet() : toResponder.incrementAndGet();
				if ((fromResponder ? dropToInitiator : dropToResponder).test(n)) {
					dropped.incrementAndGet();
					continue;
				}
				InetSocketAddress to = fromResponder ? initiator : responder;
				if (reorder) {
					ByteBuffer copy = ByteBuffer.allocate(buffer.remaining()).put(buffer.duplicate()).flip();
					ByteBuffer held = fromResponder ? heldToInitiator : heldToResponder;
					if (held == null) {
						if (fromResponder) {
							heldToInitiator = copy;
						} else {
							heldToResponder = copy;
						}
						continue; // wait for the next datagram (a retransmission releases it at the latest)
					}
					channel.send(copy, to);
					channel.send(held, to);
					if (fromResponder) {
						heldToInitiator = null;
					} else {
						heldToResponder = null;
					}
					continue;
				}
				channel.send(buffer.duplicate(), to);
				if (duplicate) {
					channel.send(buffer.duplicate(), to);
				}
			} catch (IOException e) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
