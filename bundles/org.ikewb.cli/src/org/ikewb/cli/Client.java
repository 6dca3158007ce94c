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

	/**
	 * How long the client waits for any frame before it takes the server for hung: ten of the signs
	 * of life a running server sends ({@link ServerProtocol#ALIVE}); a full collection of the largest
	 * heap a policy makes takes a second or two.
	 */
	public static final java.time.Duration SILENCE = java.time.Duration.ofMillis(10 * ServerProtocol.ALIVE_EVERY_MILLIS);

	private Client() {
	}

	public static void main(String[] args) {
		if (args.length < 2 || !ServerProtocol.served(args[1])) {
			System.exit(ServerProtocol.NOT_SERVED);
		}
		String encoding = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8"));
		System.exit(run(Path.of(args[0]), Path.of(System.getProperty("user.dir")), System.getenv(), encoding,
				Arrays.asList(args).subList(1, args.length), new java.io.FileInputStream(FileDescriptor.in),
				new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err)));
	}

	/**
	 * Runs {@code command} through the server at {@code socket} as if started in {@code directory}
	 * with {@code environment}, printing in {@code encoding}; returns its exit code, or
	 * {@link #NOT_SERVED} when no server answered (nothing printed then).
	 */
	public static int run(Path socket, Path directory, Map<String, String> environment, String encoding,
			List<String> command, java.io.InputStream stdin, OutputStream out, OutputStream err) {
		return run(socket, directory, environment, encoding, command, stdin, out, err, SILENCE);
	}

	/**
	 * As {@link #run(Path, Path, Map, String, List, java.io.InputStream, OutputStream, OutputStream)},
	 * taking the server for hung after {@code silence} without a frame while the client waits for
	 * one: it then removes the server's socket (the server ends when it sees that, and the next
	 * command starts a new one) and returns {@link #NOT_SERVED} when nothing was printed yet, so that
	 * bin/ikewb runs the command itself, or fails saying so.
	 */
	public static int run(Path socket, Path directory, Map<String, String> environment, String encoding,
			List<String> command, java.io.InputStream stdin, OutputStream out, OutputStream err,
			java.time.Duration silence) {
		SocketChannel channel;
		Object socketFile;
		try {
			socketFile = java.nio.file.Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
			channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		} catch (IOException | RuntimeException e) {
			return ServerProtocol.NOT_SERVED; // none listening (or the socket is stale): run it here
		}
		Watch watch = new Watch(channel, silence.toNanos());
		boolean printed = false;
		try (channel) {
			watch.waiting(); // a server that hangs still takes connections (its backlog) and requests (the socket's buffer)
			var wire = new DataOutputStream(Channels.newOutputStream(channel));
			ServerProtocol.write(wire, new ServerProtocol.Request(directory.toString(), encoding,
					ServerProtocol.namespaces(), command, environment));
			Input input = new Input(stdin, wire);
			var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
			byte[] buffer = new byte[1 << 16];
			while (true) {
				watch.waiting();
				byte kind = in.readByte();
				int length = in.readInt();
				if (length < 0 || length > ServerProtocol.MAX_FRAME) {
					throw new IOException("frame of " + length + " octets");
				}
				if (buffer.length < length) {
					buffer = new byte[length];
				}
				in.readFully(buffer, 0, length);
				watch.heard();
				switch (kind) {
				case ServerProtocol.OUT -> out = Local.write(out, buffer, length);
				case ServerProtocol.ERR -> err = Local.write(err, buffer, length);
				case ServerProtocol.ALIVE -> {
					continue; // the command runs on
				}
				case ServerProtocol.READ -> {
					input.asked(length == 4 ? buffer[0] << 24 | (buffer[1] & 0xFF) << 16 | (buffer[2] & 0xFF) << 8 | buffer[3] & 0xFF : 0);
					continue; // not output
				}
				case ServerProtocol.EXIT -> {
					flush(out);
					flush(err);
					return length == 4 ? ((buffer[0] & 0xFF) << 24 | (buffer[1] & 0xFF) << 16 | (buffer[2] & 0xFF) << 8
							| buffer[3] & 0xFF) : Main.FAILED;
				}
				default -> throw new IOException("frame of kind " + kind);
				}
				printed = true;
			}
		} catch (IOException e) {
			if (watch.gaveUp()) {
				forget(socket, socketFile);
				if (!printed) {
					return ServerProtocol.NOT_SERVED; // a server that hangs: run it here
				}
				say(err, "ikewb: the ikewb server stopped answering for " + silence.toSeconds() + " s while the command ran; "
						+ "run it again (a new server starts; IKEWB_NO_SERVER=1 runs it without one)\n");
				return Main.FAILED;
			}
			return lost(e, printed, err);
		} finally {
			watch.end();
		}
	}

	private static int lost(IOException e, boolean printed, OutputStream err) {
		if (e instanceof EOFException) {
			if (!printed) {
				return ServerProtocol.NOT_SERVED; // the server ended before the command began: run it here
			}
			say(err, "ikewb: the ikewb server stopped before the command ended; run it again "
					+ "(IKEWB_NO_SERVER=1 runs it without the server)\n");
			return Main.FAILED;
		}
		if (!printed) {
			return ServerProtocol.NOT_SERVED;
		}
		say(err, "ikewb: lost the ikewb server while the command ran; run it again "
				+ "(IKEWB_NO_SERVER=1 runs it without the server)\n");
		return Main.FAILED;
	}

	/** Removes the socket of a server that hangs, unless another server has replaced it since. */
	private static void forget(Path socket, Object socketFile) {
		try {
			if (socketFile != null && socketFile.equals(java.nio.file.Files
					.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey())) {
				java.nio.file.Files.delete(socket);
			}
		} catch (IOException | RuntimeException e) {
			// gone already
		}
	}

	/**
	 * Watches the time the client has waited for the server: only while it waits, not while it
	 * writes what it got to a terminal or pipe that does not take it (a pager): after
	 * {@code silence}, closes the channel, which ends the wait.
	 */
	private static final class Watch {
		private final SocketChannel channel;
		private final long silence;
		private volatile long waitingSince;
		private volatile boolean gaveUp;
		private volatile boolean ended;
		private Thread thread;

		Watch(SocketChannel channel, long silence) {
			this.channel = channel;
			this.silence = silence;
		}

		void waiting() {
			if (waitingSince == 0) {
				waitingSince = System.nanoTime() | 1;
			}
			if (thread == null) {
				thread = new Thread(this::watch, "ikewb-client-watch");
				thread.setDaemon(true);
				thread.start();
			}
		}

		void heard() {
			waitingSince = 0;
		}

		boolean gaveUp() {
			return gaveUp;
		}

		void end() {
			ended = true;
			if (thread != null) {
				java.util.concurrent.locks.LockSupport.unpark(thread);
			}
		}

		private void watch() {
			long step = Math.max(1_000_000L, Math.min(silence / 4, 250_000_000L));
			while (!ended) {
				java.util.concurrent.locks.LockSupport.parkNanos(step);
				long since = waitingSince;
				if (!ended && since != 0 && System.nanoTime() - since > silence) {
					gaveUp = true;
					try {
						channel.close();
					} catch (IOException e) {
						// closing
					}
					return;
				}
			}
		}
	}

	/**
	 * Standard input, read only when the command asks (a script's loop over {@code ikewb validate}
	 * keeps its own input), on a thread of its own so that output goes on while it waits for a line.
	 */
	private static final class Input {
		private final java.io.InputStream stdin;
		private final DataOutputStream wire;
		private final java.util.concurrent.SynchronousQueue<Integer> asked = new java.util.concurrent.SynchronousQueue<>();
		private Thread pump;

		Input(java.io.InputStream stdin, DataOutputStream wire) {
			this.stdin = stdin;
			this.wire = wire;
		}

		void asked(int most) throws IOException {
			if (pump == null) {
				pump = new Thread(this::pump, "ikewb-client-stdin");
				pump.setDaemon(true);
				pump.start();
			}
			try {
				asked.put(Math.max(1, Math.min(most, 1 << 16)));
			} catch (InterruptedException e) {
				throw new java.io.InterruptedIOException();
			}
		}

		private void pump() {
			try {
				while (true) {
					byte[] bytes = new byte[asked.take()];
					int n;
					try {
						n = stdin.read(bytes);
					} catch (IOException e) {
						n = -1;
					}
					synchronized (wire) {
						ServerProtocol.frame(wire, ServerProtocol.DATA, bytes, 0, Math.max(n, 0));
						wire.flush();
					}
				}
			} catch (InterruptedException | IOException e) {
				// the command ended or the server went
			}
		}
	}

	/**
	 * Our own standard output and error: one that cannot be written (| head closed the pipe) is
	 * given up, and the command runs on to its exit code, as a command in its own process does
	 * (its PrintStream ignores the error).
	 */
	private static final class Local {
		static OutputStream write(OutputStream to, byte[] bytes, int length) {
			try {
				to.write(bytes, 0, length);
				return to;
			} catch (IOException e) {
				return OutputStream.nullOutputStream();
			}
		}
	}

	private static void flush(OutputStream stream) {
		try {
			stream.flush();
		} catch (IOException e) {
			// given up, as above
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
