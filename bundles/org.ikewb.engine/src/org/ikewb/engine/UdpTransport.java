package org.ikewb.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

/**
 * The engine's UDP sockets and the framing of IKE on them (RFC 3948): the IKE socket, and the
 * NAT-T socket beside it when there is one. Sending adds the four-octet non-ESP marker where the
 * receiver needs it; receiving drops NAT-T keepalives and ESP, strips the marker and hands the IKE
 * message's octets on. One thread per socket only reads; everything else runs on the engine's loop.
 */
final class UdpTransport implements AutoCloseable {

	/** Where received IKE messages go: the octets after any marker, the sender, and which socket. */
	@FunctionalInterface
	interface Inbound {
		void received(byte[] ike, InetSocketAddress from, boolean viaNatT);
	}

	/** A problem of a reading thread, which goes on reading. */
	@FunctionalInterface
	interface ReceiveProblem {
		void problem(String what);
	}

	/** Why a send failed: reported, not thrown (UDP gives no guarantee anyway; retransmission covers it). */
	@FunctionalInterface
	interface SendFailure {
		void failed(InetSocketAddress to, IOException e);
	}

	private final DatagramChannel channel;
	private final InetSocketAddress local;
	/** The NAT-T socket (RFC 3948: port 4500), or null when there is none. */
	private final DatagramChannel natChannel;
	private final InetSocketAddress natLocal;
	private volatile SendFailure sendFailure = (to, e) -> {
	};
	private Thread receiver;
	private volatile ReceiveProblem receiveProblem = what -> {
	};

	private UdpTransport(DatagramChannel channel, DatagramChannel natChannel) throws IOException {
		this.channel = channel;
		this.local = (InetSocketAddress) channel.getLocalAddress();
		this.natChannel = natChannel;
		this.natLocal = natChannel == null ? null : (InetSocketAddress) natChannel.getLocalAddress();
	}

	/** Binds the IKE socket and, unless {@code natT} is null, the NAT-T socket. */
	static UdpTransport bind(InetSocketAddress ike, InetSocketAddress natT) throws IOException {
		DatagramChannel main = open(ike);
		try {
			return new UdpTransport(main, natT == null ? null : open(natT));
		} catch (IOException e) {
			main.close();
			throw e;
		}
	}

	private static DatagramChannel open(InetSocketAddress address) throws IOException {
		DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
				? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
		try {
			channel.bind(address);
		} catch (IOException e) {
			channel.close();
			throw e;
		}
		return channel;
	}

	/** Starts the reading threads, named after {@code name}; failed sends are reported to {@code sendFailure}. */
	void start(String name, Inbound inbound, SendFailure sendFailure, ReceiveProblem receiveProblem) {
		this.sendFailure = sendFailure;
		this.receiveProblem = receiveProblem;
		receiver = daemon(() -> receiveLoop(channel, false, inbound), name + "-net");
		receiver.start();
		if (natChannel != null) {
			daemon(() -> receiveLoop(natChannel, true, inbound), name + "-natt").start();
		}
	}

	static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	InetSocketAddress localAddress() {
		return local;
	}

	/** The NAT-T socket's address, or null. */
	InetSocketAddress natTAddress() {
		return natLocal;
	}

	boolean hasNatT() {
		return natChannel != null;
	}

	/**
	 * Sends one IKE message from the NAT-T socket (always with the marker) or from the IKE socket.
	 * When neither side uses port 500 the message carries the marker too, as on port 4500:
	 * strongSwan takes any other datagram between two non-500 ports for ESP.
	 */
	void send(byte[] datagram, InetSocketAddress to, boolean natT) {
		try {
			if (natT && natChannel != null) {
				natChannel.send(marked(datagram), to);
			} else if (local.getPort() != 500 && to.getPort() != 500) {
				channel.send(marked(datagram), to);
			} else {
				channel.send(ByteBuffer.wrap(datagram), to);
			}
		} catch (IOException e) {
			sendFailure.failed(to, e);
		}
	}

	private static ByteBuffer marked(byte[] datagram) {
		ByteBuffer marked = ByteBuffer.allocate(datagram.length + 4);
		marked.putInt(0).put(datagram).flip();
		return marked;
	}

	private void receiveLoop(DatagramChannel from, boolean natT, Inbound inbound) {
		ByteBuffer buffer = ByteBuffer.allocate(65536);
		while (from.isOpen()) {
			try {
				buffer.clear();
				InetSocketAddress sender = (InetSocketAddress) from.receive(buffer);
				buffer.flip();
				byte[] datagram = new byte[buffer.remaining()];
				buffer.get(datagram);
				byte[] ike = unframe(datagram, natT);
				if (ike != null) {
					inbound.received(ike, sender, natT);
				}
			} catch (ClosedChannelException e) {
				return;
			} catch (IOException | RejectedExecutionException e) {
				if (!from.isOpen()) {
					return;
				}
			} catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
				// no reading thread may die and leave the port bound but deaf: say it, and read on
				receiveProblem.problem("the receive thread of " + local + " met " + e.getClass().getSimpleName()
						+ " and goes on reading");
			}
		}
	}

	/**
	 * The IKE message in a datagram, or null for what is not one: a NAT-T keepalive (RFC 3948 §2.3:
	 * it keeps a NAT mapping open; nothing to answer or report) or ESP on the NAT-T socket (we carry
	 * no traffic). A leading non-ESP marker is stripped.
	 */
	static byte[] unframe(byte[] datagram, boolean viaNatT) {
		if (datagram.length == 1 && datagram[0] == (byte) 0xff) {
			return null;
		}
		boolean marked = datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0
				&& datagram[3] == 0;
		if (viaNatT && !marked) {
			return null;
		}
		return marked ? Arrays.copyOfRange(datagram, 4, datagram.length) : datagram;
	}

	@Override
	public void close() {
		try {
			channel.close();
			if (natChannel != null) {
				natChannel.close();
			}
		} catch (IOException e) {
			// closing anyway
		}
	}

	/**
	 * Waits for the IKE socket's reader to leave receive(): a channel closed while a thread blocks
	 * there releases its port only then, so that the port can be bound again at once.
	 */
	void awaitClosed(long millis) throws InterruptedException {
		if (receiver != null && Thread.currentThread() != receiver) {
			receiver.join(millis);
		}
	}
}
