package org.ikewb.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The front of {@code ikewb validate}, {@code generate} and {@code negotiate} when a {@link Server}
 * runs: hands the command, this process's working directory and environment to the server and
 * prints what it answers, exiting with the command's exit code. A JVM that loads a handful of
 * classes, so the command costs about what {@code java -version} does instead of building the
 * policy language's injector every time.
 * <p>
 * {@code java -cp org.ikewb.cli.jar org.ikewb.cli.Client SOCKET COMMAND [ARGS…]}; exits with
 * {@link ServerProtocol#NOT_SERVED} (125), having printed nothing, when no server answered, so
 * that bin/ikewb runs the command itself.
 */
public final class Client {

	/** The exit code of {@link #run} when no server answered. */
	public static final int NOT_SERVED = ServerProtocol.NOT_SERVED;

	private Client() {
	}

	public static void main(String[] args) {
		if (args.length < 2 || !ServerProtocol.served(args[1])) {
			System.exit(ServerProtocol.NOT_SERVED);
		}
		String encoding = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8"));
		System.exit(run(Path.of(args[0]), Path.of(System.getProperty("user.dir")), System.getenv(), encoding,
				Arrays.asList(args).subList(1, args.length), new FileOutputStream(FileDescriptor.out),
				new FileOutputStream(FileDescriptor.err)));
	}

	/**
	 * Runs {@code command} through the server at {@code socket} as if started in {@code directory}
	 * with {@code environment}, printing in {@code encoding}; returns its exit code, or
	 * {@link #NOT_SERVED} when no server answered (nothing printed then).
	 */
	public static int run(Path socket, Path directory, Map<String, String> environment, String encoding,
			List<String> command, OutputStream out, OutputStream err) {
		SocketChannel channel;
		try {
			channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		} catch (IOException | RuntimeException e) {
			return ServerProtocol.NOT_SERVED; // none listening (or the socket is stale): run it here
		}
		boolean printed = false;
		try (channel) {
			ServerProtocol.write(new DataOutputStream(Channels.newOutputStream(channel)),
					new ServerProtocol.Request(directory.toString(), encoding, command, environment));
			var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
			byte[] buffer = new byte[1 << 16];
			while (true) {
				byte kind = in.readByte();
				int length = in.readInt();
				if (length < 0 || length > ServerProtocol.MAX_FRAME) {
					throw new IOException("frame of " + length + " octets");
				}
				if (buffer.length < length) {
					buffer = new byte[length];
				}
				in.readFully(buffer, 0, length);
				switch (kind) {
				case ServerProtocol.OUT -> out.write(buffer, 0, length);
				case ServerProtocol.ERR -> err.write(buffer, 0, length);
				case ServerProtocol.EXIT -> {
					out.flush();
					err.flush();
					return length == 4 ? ((buffer[0] & 0xFF) << 24 | (buffer[1] & 0xFF) << 16 | (buffer[2] & 0xFF) << 8
							| buffer[3] & 0xFF) : Main.FAILED;
				}
				default -> throw new IOException("frame of kind " + kind);
				}
				printed = true;
			}
		} catch (EOFException e) {
			if (!printed) {
				return ServerProtocol.NOT_SERVED; // the server ended before the command began: run it here
			}
			say(err, "ikewb: the ikewb server stopped before the command ended; run it again "
					+ "(IKEWB_NO_SERVER=1 runs it without the server)\n");
			return Main.FAILED;
		} catch (IOException e) {
			if (!printed) {
				return ServerProtocol.NOT_SERVED;
			}
			say(err, "ikewb: lost the ikewb server while the command ran; run it again "
					+ "(IKEWB_NO_SERVER=1 runs it without the server)\n");
			return Main.FAILED;
		}
	}

	private static void say(OutputStream err, String text) {
		try {
			err.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			err.flush();
		} catch (IOException e) {
			// standard error is gone: the exit code says it
		}
	}
}
