package org.ikewb.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal client of strongSwan's vici protocol (src/libcharon/plugins/vici/README.md): one
 * command at a time over a Unix socket, flat key/value requests, responses read as flat key/value
 * maps (sections and lists skipped). Enough to initiate and terminate SAs without one swanctl
 * process per SA, which would cost more than the handshake being measured.
 */
final class Vici implements AutoCloseable {

	private static final int CMD_REQUEST = 0;
	private static final int CMD_RESPONSE = 1;
	private static final int CMD_UNKNOWN = 2;
	private static final int SECTION_START = 1;
	private static final int SECTION_END = 2;
	private static final int KEY_VALUE = 3;
	private static final int LIST_START = 4;
	private static final int LIST_ITEM = 5;
	private static final int LIST_END = 6;

	private final SocketChannel channel;

	Vici(Path socket) throws IOException {
		channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
	}

	/** Sends command {@code name} with {@code values} and returns the response's top-level keys. */
	Map<String, String> request(String name, Map<String, String> values) throws IOException {
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(CMD_REQUEST);
		writeName(packet, name);
		for (var e : values.entrySet()) {
			packet.write(KEY_VALUE);
			writeName(packet, e.getKey());
			byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
			packet.write(v.length >> 8);
			packet.write(v.length);
			packet.write(v, 0, v.length);
		}
		ByteBuffer out = ByteBuffer.allocate(4 + packet.size());
		out.putInt(packet.size()).put(packet.toByteArray()).flip();
		while (out.hasRemaining()) {
			channel.write(out);
		}
		while (true) {
			ByteBuffer in = read();
			int type = in.get() & 0xff;
			if (type == CMD_UNKNOWN) {
				throw new IOException("vici: charon does not know command " + name);
			}
			if (type == CMD_RESPONSE) {
				return parse(in);
			}
			// an event (charon streams control-log events only when registered): skip it
		}
	}

	private ByteBuffer read() throws IOException {
		ByteBuffer length = ByteBuffer.allocate(4);
		fill(length);
		int n = length.flip().getInt();
		if (n < 1 || n > 1 << 20) {
			throw new IOException("vici: packet of " + n + " octets");
		}
		ByteBuffer packet = ByteBuffer.allocate(n);
		fill(packet);
		return packet.flip();
	}

	private void fill(ByteBuffer b) throws IOException {
		while (b.hasRemaining()) {
			if (channel.read(b) < 0) {
				throw new IOException("vici: charon closed the socket");
			}
		}
	}

	private static Map<String, String> parse(ByteBuffer in) {
		Map<String, String> out = new LinkedHashMap<>();
		int depth = 0;
		while (in.hasRemaining()) {
			switch (in.get() & 0xff) {
			case SECTION_START -> {
				name(in);
				depth++;
			}
			case SECTION_END -> depth--;
			case KEY_VALUE -> {
				String key = name(in);
				String value = value(in);
				if (depth == 0) {
					out.put(key, value);
				}
			}
			case LIST_START -> name(in);
			case LIST_ITEM -> value(in);
			case LIST_END -> {
			}
			default -> throw new IllegalStateException("vici: unknown element in response");
			}
		}
		return out;
	}

	private static String name(ByteBuffer in) {
		byte[] b = new byte[in.get() & 0xff];
		in.get(b);
		return new String(b, StandardCharsets.UTF_8);
	}

	private static String value(ByteBuffer in) {
		byte[] b = new byte[in.getShort() & 0xffff];
		in.get(b);
		return new String(b, StandardCharsets.UTF_8);
	}

	private static void writeName(ByteArrayOutputStream out, String name) {
		byte[] b = name.getBytes(StandardCharsets.UTF_8);
		out.write(b.length);
		out.write(b, 0, b.length);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
