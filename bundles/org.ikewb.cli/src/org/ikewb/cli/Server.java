package org.ikewb.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process that keeps the policy language and the engine loaded and runs {@code validate},
 * {@code generate}, {@code negotiate} and {@code run} for {@link Client}s — as Gradle's daemon does
 * for builds: starting a JVM and building Xtext's injector costs some 400 ms, validating a policy
 * in a warm process about 10; an embedded hybrid exchange 150 ms in a new JVM, a few in a warm one.
 * bin/ikewb starts one per user, JDK and build, in the background, the first time such a command
 * runs; that command and any until the server listens run as their own process.
 * <p>
 * Each command runs as it would in its own process: in the client's working directory and with the
 * client's environment ({@link Invocation}), printing in the client's encoding, reading the
 * client's standard input when it reads any (run --step), interrupted when the client goes
 * (Ctrl-C); policy files are loaded into a resource set of their own. A client in other network or
 * mount namespaces than the server's is not served (it runs the command itself). Only the user who started the server can reach it: the
 * socket's directory is the user's alone (0700, as ssh-agent's) and the socket 0600. It ends after {@code IDLE_MINUTES} without a command, or when its socket is
 * removed (bin/ikewb removes the caches of old builds).
 * <p>
 * {@code java … org.ikewb.cli.Server SOCKET [IDLE_MINUTES]}
 */
public final class Server {

	/**
	 * Commands run at once, each on a thread of its own: an exchange waiting for a silent peer must
	 * not hold up a validation behind it, and validations on the same cores share them as processes
	 * would. Beyond this many, a client runs its command itself.
	 */
	static final int MOST_RUNNING = 64;

	/**
	 * A policy of 10,000 peers takes some 400 MB of heap while it is validated; without a full
	 * collection the server would hold that until it ends. After the last command running, above
	 * this much committed heap, full collections are made (after the client has its answer) until
	 * the heap stops shrinking: the serial collector gives back what MaxHeapFreeRatio allows
	 * (bin/ikewb starts the server with 30 %), but damped — nothing at the first collection after
	 * the heap grew, then 10 %, 40 %, all of it — so one collection left some 300 MB committed.
	 */
	private static final long TRIM_ABOVE = 192L << 20;

	private final Path socket;
	private final long idleNanos;
	private final AtomicInteger running = new AtomicInteger();
	private volatile long lastActivity = System.nanoTime();
	private volatile ServerSocketChannel listening;
	private volatile Object identity;

	/** A server that will listen on {@code socket} (absolute) once {@link #serve()} runs, ending after {@code idle} without a command. */
	public Server(Path socket, java.time.Duration idle) {
		this.socket = socket;
		this.idleNanos = idle.toNanos();
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: Server SOCKET [IDLE_MINUTES]");
			System.exit(Main.USAGE);
		}
		long minutes = 30;
		try {
			minutes = args.length == 2 ? Math.max(1, Math.min(Long.parseLong(args[1].strip()), 24 * 60)) : minutes;
		} catch (NumberFormatException e) {
			System.err.println("ikewb server: idle minutes '" + args[1] + "' is not a number; using " + minutes);
		}
		LibraryLog.configure(LibraryLog.OF_THIS_COMMAND);
		Server server = new Server(Path.of(args[0]).toAbsolutePath(), java.time.Duration.ofMinutes(minutes));
		warmUp();
		// large policies' code, compiled while the server already serves (a first client waits for nothing)
		Thread.ofPlatform().daemon().name("ikewb-server-warm-up").priority(Thread.MIN_PRIORITY).start(Server::warmUpForFleets);
		server.serve();
	}

	/**
	 * Before listening: loads the language and runs the commands once on a small policy, so the
	 * first client does not wait for what the server was started to have done.
	 */
	public static void warmUp() {
		PrintStream none = new PrintStream(OutputStream.nullOutputStream());
		try {
			for (int i = 0; i < 3; i++) {
				AotTraining.policyCommands(none);
				Main.run(new String[] { "run", "--rekey" }, none, none);
			}
		} catch (IOException | RuntimeException e) {
			// the commands say the same to the first client that needs them
		}
	}

	/**
	 * Validates fleet policies of 1,000 peers a few times (see {@link AotTraining#fleetValidation}).
	 */
	static void warmUpForFleets() {
		PrintStream none = new PrintStream(OutputStream.nullOutputStream());
		try {
			for (int i = 0; i < 3; i++) {
				AotTraining.fleetValidation(1_000, none);
			}
		} catch (IOException | RuntimeException e) {
			// a warm-up only
		}
	}

	/** Whether it listens (from when {@link #serve()} has bound the socket until it stops). */
	public boolean listening() {
		ServerSocketChannel channel = listening;
		return channel != null && channel.isOpen();
	}

	/** Listens until idle for too long, until the socket is gone or until {@link #stop()}; returns when stopped. */
	public void serve() throws IOException {
		Path directory = socket.getParent();
		Files.createDirectories(directory);
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			Files.deleteIfExists(socket); // bin/ikewb starts one server under its lock: a socket here is a dead one's
			channel.bind(UnixDomainSocketAddress.of(socket));
			Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
			identity = fileKey();
			listening = channel;
			Thread watch = new Thread(this::watch, "ikewb-server-idle");
			watch.setDaemon(true);
			watch.start();
			while (channel.isOpen()) {
				SocketChannel client;
				try {
					client = channel.accept();
				} catch (IOException e) {
					break; // closed by stop()
				}
				lastActivity = System.nanoTime();
				if (running.incrementAndGet() > MOST_RUNNING) {
					running.decrementAndGet();
					client.close(); // no answer: the client runs the command itself
					continue;
				}
				Thread.ofPlatform().daemon().name("ikewb-server-command").start(() -> {
					try {
						serve(client);
					} finally {
						lastActivity = System.nanoTime();
						if (running.decrementAndGet() == 0) {
							trim();
						}
					}
				});
			}
		} finally {
			channel.close();
			if (identity != null && identity.equals(fileKey())) {
				Files.deleteIfExists(socket); // ours still, not a newer server's
			}
		}
	}

	/** Gives memory back after a large command: full collections until the heap stops shrinking (see {@link #TRIM_ABOVE}), while no other command runs. */
	private void trim() {
		if (Runtime.getRuntime().totalMemory() <= TRIM_ABOVE) {
			return;
		}
		for (int i = 0; i < 5 && running.get() == 0; i++) {
			long before = Runtime.getRuntime().totalMemory();
			System.gc();
			if (i >= 3 && Runtime.getRuntime().totalMemory() >= before) {
				return; // past the damping, and nothing more to give back
			}
		}
	}

	/** Stops listening; commands being run finish. */
	public void stop() {
		ServerSocketChannel channel = listening;
		if (channel != null) {
			try {
				channel.close();
			} catch (IOException e) {
				// closing
			}
		}
	}

	/** The socket file's identity (device and inode), null when it is gone. */
	private Object fileKey() {
		try {
			return Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
		} catch (IOException e) {
			return null;
		}
	}

	private void watch() {
		while (listening.isOpen()) {
			try {
				Thread.sleep(2_000);
			} catch (InterruptedException e) {
				return;
			}
			boolean replaced = identity != null && !identity.equals(fileKey());
			boolean idle = running.get() == 0 && System.nanoTime() - lastActivity > idleNanos;
			if (replaced || idle) {
				stop();
				return;
			}
		}
	}

	/** One client: its request, the command run as in its own process, the answer. */
	private void serve(SocketChannel client) {
		try (client) {
			ServerProtocol.Request request;
			var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
			request = ServerProtocol.read(in);
			if (request.arguments().isEmpty() || !ServerProtocol.served(request.arguments().get(0))
					|| !Path.of(request.directory()).isAbsolute() || !request.namespaces().equals(NAMESPACES)) {
				return; // not for this server (another namespace) or never asked: the client runs it itself
			}
			Charset encoding;
			try {
				encoding = Charset.forName(request.encoding());
			} catch (RuntimeException e) {
				encoding = StandardCharsets.UTF_8;
			}
			var wire = new DataOutputStream(Channels.newOutputStream(client));
			ClientInput stdin = new ClientInput(in, wire, Thread.currentThread());
			try (PrintStream out = new PrintStream(new Frames(wire, ServerProtocol.OUT), true, encoding);
					PrintStream err = new PrintStream(new Frames(wire, ServerProtocol.ERR), true, encoding)) {
				String[] args = request.arguments().toArray(String[]::new);
				CountDownLatch ended = new CountDownLatch(1);
				Thread alive = Thread.ofVirtual().name("ikewb-server-alive").start(() -> alive(wire, ended));
				int exit;
				try {
					exit = Invocation.in(Path.of(request.directory()), request.environment(), () -> {
						LibraryLog.OF_THIS_COMMAND.set(err);
						try {
							return Main.run(args, stdin, out, err);
						} finally {
							LibraryLog.OF_THIS_COMMAND.remove();
						}
					});
				} finally {
					stdin.commandEnded(); // before this thread serves another client: no interrupt reaches it
					ended.countDown();
				}
				try {
					alive.join(); // no sign of life after the exit code
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				out.flush();
				err.flush();
				synchronized (wire) {
					ServerProtocol.frame(wire, ServerProtocol.EXIT,
							new byte[] { (byte) (exit >>> 24), (byte) (exit >>> 16), (byte) (exit >>> 8), (byte) exit }, 0, 4);
					wire.flush();
				}
			}
		} catch (IOException | RuntimeException e) {
			// a client that went away or spoke another protocol: nothing to answer to
		}
	}

	private static final String NAMESPACES = ServerProtocol.namespaces();

	/**
	 * Tells the client the server is alive until the command has {@code ended}. Never interrupted:
	 * an interrupt during a write would close the client's channel before its exit code.
	 */
	private static void alive(DataOutputStream wire, CountDownLatch ended) {
		try {
			while (!ended.await(ServerProtocol.ALIVE_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
				synchronized (wire) {
					ServerProtocol.frame(wire, ServerProtocol.ALIVE, new byte[0], 0, 0);
					wire.flush();
				}
			}
		} catch (InterruptedException | IOException e) {
			// the client went: its command is being interrupted
		}
	}

	/**
	 * The client's standard input, asked for frame by frame as the command reads it; and the watch
	 * for the client going away (Ctrl-C), which interrupts the command — an exchange with a peer
	 * that does not answer stops retransmitting then, as it would in its own process.
	 */
	private static final class ClientInput extends java.io.InputStream {
		private final DataOutputStream wire;
		private final Thread command;
		private final java.util.concurrent.BlockingQueue<byte[]> data = new java.util.concurrent.LinkedBlockingQueue<>();
		private byte[] chunk = new byte[0];
		private int position;
		private boolean ended;
		private volatile boolean running = true;
		/** Guards running against the interrupt (read() holds this object's own lock while it waits). */
		private final Object state = new Object();

		ClientInput(DataInputStream from, DataOutputStream wire, Thread command) {
			this.wire = wire;
			this.command = command;
			Thread reader = new Thread(() -> read(from), "ikewb-server-client-input");
			reader.setDaemon(true);
			reader.start();
		}

		/** The client's frames: standard input when asked, then nothing until it closes. */
		private void read(DataInputStream from) {
			try {
				while (true) {
					byte kind = from.readByte();
					int length = from.readInt();
					if (kind != ServerProtocol.DATA || length < 0 || length > 1 << 16) {
						break;
					}
					data.add(from.readNBytes(length));
					if (length == 0) {
						break; // the end of its input: only its closing is left to watch
					}
				}
				while (from.read() >= 0) {
					// a client says nothing more; drain until it closes
				}
			} catch (IOException e) {
				// closed
			}
			data.add(new byte[0]);
			synchronized (state) {
				if (running) {
					command.interrupt(); // the client went while its command ran
				}
			}
		}

		void commandEnded() {
			synchronized (state) {
				running = false;
				Thread.interrupted(); // an interrupt that came as the command ended is not the next one's
			}
			data.add(new byte[0]); // a reader of ours still waiting (run --step's) sees the end
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
		}

		@Override
		public synchronized int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			if (position == chunk.length) {
				if (ended || !running) {
					return -1;
				}
				synchronized (wire) {
					ServerProtocol.frame(wire, ServerProtocol.READ,
							new byte[] { (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len }, 0, 4);
					wire.flush();
				}
				try {
					chunk = data.take();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new java.io.InterruptedIOException("the client went away");
				}
				position = 0;
				if (chunk.length == 0) {
					ended = true;
					return -1;
				}
			}
			int n = Math.min(len, chunk.length - position);
			System.arraycopy(chunk, position, b, off, n);
			position += n;
			return n;
		}
	}

	/** Standard output or error of one command, as frames; flushed by the PrintStream at each line. */
	private static final class Frames extends OutputStream {
		private final DataOutputStream wire;
		private final byte kind;
		private final byte[] buffer = new byte[8192];
		private int used;

		Frames(DataOutputStream wire, byte kind) {
			this.wire = wire;
			this.kind = kind;
		}

		@Override
		public void write(int b) throws IOException {
			if (used == buffer.length) {
				flush();
			}
			buffer[used++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (len > buffer.length - used) {
				flush();
				if (len > buffer.length) {
					send(b, off, len);
					return;
				}
			}
			System.arraycopy(b, off, buffer, used, len);
			used += len;
		}

		@Override
		public void flush() throws IOException {
			if (used > 0) {
				send(buffer, 0, used);
				used = 0;
			}
		}

		private void send(byte[] b, int off, int len) throws IOException {
			synchronized (wire) {
				for (int done = 0; done < len; done += ServerProtocol.MAX_FRAME) {
					ServerProtocol.frame(wire, kind, b, off + done, Math.min(ServerProtocol.MAX_FRAME, len - done));
				}
				wire.flush();
			}
		}
	}
}
