package org.ikewb.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;

/**
 * The engine's UDP sockets and the framing of IKE on them (RFC 3948): the IKE socket, and the
 * NAT-T socket beside it when there is one. Sending adds the four-octet non-ESP marker where the
 * receiver needs it; receiving drops NAT-T keepalives and ESP, strips the marker and hands the IKE
 * message's octets on. The sockets are non-blocking and read by the engine's event loop itself
 * ({@link EventLoop}): no thread of their own.
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
	/** Where datagrams are read into (on the loop only); direct, so the kernel copies into it at once. */
	private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
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

	/**
	 * The socket receive buffer asked for (the kernel caps it at net.core.rmem_max). The event loop
	 * reads between pieces of work, so bursts wait in this buffer; what does not fit, the kernel
	 * drops blindly — a legitimate initiator's messages with a flood's. Linux's default (208 KiB) holds
	 * about a hundred 1,200-octet datagrams.
	 */
	static final int RECEIVE_BUFFER = 4 << 20;

	private static DatagramChannel open(InetSocketAddress address) throws IOException {
		DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
				? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
		try {
			channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
			channel.bind(address);
		} catch (IOException e) {
			channel.close();
			throw e;
		}
		return channel;
	}

	/**
	 * Puts the sockets under the event loop's selector (non-blocking from now on); failed sends
	 * are reported to {@code sendFailure}, problems of reading to {@code receiveProblem}.
	 */
	void register(Selector selector, SendFailure sendFailure, ReceiveProblem receiveProblem) throws IOException {
		this.sendFailure = sendFailure;
		this.receiveProblem = receiveProblem;
		channel.configureBlocking(false);
		channel.register(selector, SelectionKey.OP_READ);
		if (natChannel != null) {
			natChannel.configureBlocking(false);
			natChannel.register(selector, SelectionKey.OP_READ);
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
				sent(natChannel.send(marked(datagram), to));
			} else if (local.getPort() != 500 && to.getPort() != 500) {
				sent(channel.send(marked(datagram), to));
			} else {
				sent(channel.send(ByteBuffer.wrap(datagram), to));
			}
		} catch (IOException e) {
			sendFailure.failed(to, e);
		}
	}

	/**
	 * A non-blocking socket sends all or nothing: nothing when its send buffer is full for the
	 * moment. Reported as a failed send; the retransmission (or the peer's) sends it again.
	 */
	private static void sent(int octets) throws IOException {
		if (octets == 0) {
			throw new IOException("the socket's send buffer is full");
		}
	}

	private static ByteBuffer marked(byte[] datagram) {
		ByteBuffer marked = ByteBuffer.allocate(datagram.length + 4);
		marked.putInt(0).put(datagram).flip();
		return marked;
	}

	/**
	 * On the event loop: reads what the sockets hold without blocking, at most {@code max}
	 * datagrams, and hands each IKE message on.
	 */
	void read(int max, Inbound inbound) {
		int n = read(channel, false, max, inbound);
		if (natChannel != null) {
			read(natChannel, true, max - n, inbound);
		}
	}

	private int read(DatagramChannel from, boolean natT, int max, Inbound inbound) {
		int n = 0;
		while (n < max && from.isOpen()) {
			InetSocketAddress sender;
			try {
				buffer.clear();
				sender = (InetSocketAddress) from.receive(buffer);
			} catch (ClosedChannelException e) {
				return n;
			} catch (IOException e) {
				// an ICMP error of an earlier send (port unreachable) surfaces here on some systems
				receiveProblem.problem("reading " + local + ": " + e.getMessage());
				return n;
			}
			if (sender == null) {
				return n; // nothing more now
			}
			n++;
			buffer.flip();
			byte[] datagram = new byte[buffer.remaining()];
			buffer.get(datagram);
			byte[] ike = unframe(datagram, natT);
			if (ike != null) {
				inbound.received(ike, sender, natT);
			}
		}
		return n;
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

}
