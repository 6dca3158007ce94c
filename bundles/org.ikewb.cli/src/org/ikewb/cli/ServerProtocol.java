package org.ikewb.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Client} and {@link Server} say to each other over the server's Unix-domain socket.
 * Only the JDK's base module: the client loads this class and nothing else of ours.
 * <p>
 * A request: {@link #MAGIC}, then its length and, within it, the client's working directory, its
 * standard output's encoding, its Linux namespaces, the command's arguments and the client's
 * environment. The answer: frames of one kind octet and a length — standard output, standard
 * error, a request for standard input ({@link #READ}, when the command reads it: the client never
 * reads its standard input unasked), a sign of life every {@link #ALIVE_EVERY_MILLIS} while the
 * command runs ({@link #ALIVE}) — and last the exit code. The client's frames after the
 * request: standard input ({@link #DATA}, empty at its end); its closing the socket (Ctrl-C)
 * interrupts the command.
 * Both sides bound what they read: a request is at most {@link #MAX_REQUEST} octets, a frame at
 * most {@link #MAX_FRAME}.
 */
final class ServerProtocol {

	/** "IKW" and the protocol's version: a client and a server of different builds use different sockets anyway. */
	static final int MAGIC = 0x494B5701;
	static final int MAX_REQUEST = 4 << 20;
	static final int MAX_FRAME = 1 << 20;
	static final int MAX_STRINGS = 65_536;

	static final byte OUT = 1;
	static final byte ERR = 2;
	static final byte EXIT = 3;
	/** Server to client: the command reads standard input; the length is how much it wants at most. */
	static final byte READ = 4;
	/** Client to server: standard input, at most what READ asked for; empty at its end. */
	static final byte DATA = 5;
	/**
	 * Server to client, empty: the server is alive and runs the command. A command may print
	 * nothing for long (a 10,000-peer validation, an exchange retransmitting to a silent peer);
	 * these tell that from a server that hangs, which the client gives up on ({@link Client}).
	 */
	static final byte ALIVE = 6;
	static final long ALIVE_EVERY_MILLIS = 1_000;

	/**
	 * The client's exit code when no server answered (none running, or it ended before saying
	 * anything): bin/ikewb then runs the command itself. No command of ours exits with it.
	 */
	static final int NOT_SERVED = 125;

	/**
	 * The commands the server runs: those that end by themselves. Not respond and load (they run
	 * until stopped and serve or load the network for long), wireshark (it starts a desktop
	 * program in the client's session), import (rare, and its findings name files as given).
	 */
	static boolean served(String command) {
		return switch (command) {
		case "validate", "generate", "negotiate", "run" -> true;
		default -> false;
		};
	}

	/**
	 * The network and mount namespaces of this process (Linux), so that a client in another one —
	 * {@code ip netns exec NS ikewb run} — is not served by a server that would send from the
	 * wrong network or read the wrong files; empty where there are none.
	 */
	static String namespaces() {
		StringBuilder b = new StringBuilder();
		for (String kind : new String[] { "net", "mnt" }) {
			try {
				b.append(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns", kind))).append(' ');
			} catch (IOException | RuntimeException e) {
				b.append("- ");
			}
		}
		return b.toString().strip();
	}

	/** One command to run, as the client saw it. */
	record Request(String directory, String encoding, String namespaces, List<String> arguments,
			Map<String, String> environment) {
	}

	private ServerProtocol() {
	}

	static byte[] encode(Request request) {
		var bytes = new java.io.ByteArrayOutputStream();
		try (var out = new DataOutputStream(bytes)) {
			string(out, request.directory());
			string(out, request.encoding());
			string(out, request.namespaces());
			out.writeInt(request.arguments().size());
			for (String a : request.arguments()) {
				string(out, a);
			}
			out.writeInt(request.environment().size());
			for (var e : request.environment().entrySet()) {
				string(out, e.getKey());
				string(out, e.getValue());
			}
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e); // in memory: cannot happen
		}
		return bytes.toByteArray();
	}

	static void write(DataOutputStream out, Request request) throws IOException {
		byte[] body = encode(request);
		out.writeInt(MAGIC);
		out.writeInt(body.length);
		out.write(body);
		out.flush();
	}

	/** @throws IOException not a request of this protocol, or larger than allowed (the message says which) */
	static Request read(DataInputStream in) throws IOException {
		if (in.readInt() != MAGIC) {
			throw new IOException("not a request of this ikewb build");
		}
		int length = in.readInt();
		if (length < 0 || length > MAX_REQUEST) {
			throw new IOException("request of " + length + " octets; at most " + MAX_REQUEST);
		}
		byte[] body = in.readNBytes(length);
		if (body.length != length) {
			throw new EOFException("request ended early");
		}
		var data = new DataInputStream(new java.io.ByteArrayInputStream(body));
		String directory = string(data);
		String encoding = string(data);
		String namespaces = string(data);
		int count = count(data);
		List<String> arguments = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			arguments.add(string(data));
		}
		count = count(data);
		Map<String, String> environment = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			environment.put(string(data), string(data));
		}
		return new Request(directory, encoding, namespaces, arguments, environment);
	}

	private static int count(DataInputStream in) throws IOException {
		int count = in.readInt();
		if (count < 0 || count > MAX_STRINGS) {
			throw new IOException("a count of " + count + " in a request");
		}
		return count;
	}

	private static void string(DataOutputStream out, String s) throws IOException {
		byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	/** Within a request already bounded in length: a length beyond what is left is refused by readNBytes' short read. */
	private static String string(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_REQUEST) {
			throw new IOException("a string of " + length + " octets in a request");
		}
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new EOFException("request ended early");
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** One frame of the answer. */
	static void frame(DataOutputStream out, byte kind, byte[] bytes, int offset, int length) throws IOException {
		out.writeByte(kind);
		out.writeInt(length);
		out.write(bytes, offset, length);
	}
}
