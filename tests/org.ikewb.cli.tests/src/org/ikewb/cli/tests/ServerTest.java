package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ikewb.cli.Client;
import org.ikewb.cli.Main;
import org.ikewb.cli.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's server and its client over a real Unix-domain socket: a command run through
 * them prints what the same command run in its own process prints, in the client's directory and
 * with the client's environment, and the server survives clients that say nothing or nonsense.
 */
class ServerTest {

	private static final Path EXAMPLES = Path.of("../../examples").toAbsolutePath().normalize();
	private static final Map<String, String> NO_VARIABLES = Map.of();

	@TempDir
	static Path home;
	private static Path socket;
	private static Server server;
	private static Thread serving;

	@BeforeAll
	static void start() throws Exception {
		socket = home.resolve("server/socket");
		server = new Server(socket, Duration.ofMinutes(5));
		serving = Thread.ofPlatform().daemon().start(() -> {
			try {
				server.serve();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		for (int i = 0; i < 500 && !server.listening(); i++) {
			Thread.sleep(10);
		}
		assertTrue(server.listening(), "the server listens");
	}

	@AfterAll
	static void stop() throws Exception {
		server.stop();
		serving.join(10_000);
	}

	/** What one command printed and returned. */
	record Result(int exit, String out, String err) {
	}

	private static Result served(Path directory, Map<String, String> environment, String... command) {
		return typing("", directory, environment, command);
	}

	/** With {@code stdin} as what the client's user types. */
	private static Result typing(String stdin, Path directory, Map<String, String> environment, String... command) {
		var out = new ByteArrayOutputStream();
		var err = new ByteArrayOutputStream();
		int exit = Client.run(socket, directory, environment, "UTF-8", List.of(command),
				new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
		return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private static Result direct(String... command) {
		var out = new ByteArrayOutputStream();
		var err = new ByteArrayOutputStream();
		int exit = Main.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void aCommandPrintsThroughTheServerWhatItPrintsInItsOwnProcess() {
		for (String[] command : List.of(
				new String[] { "validate", EXAMPLES.resolve("branch-to-hq.ikewb").toString(), EXAMPLES.resolve("three-rounds.ikewb").toString() },
				new String[] { "validate", "--format", "json", EXAMPLES.resolve("road-warrior.ikewb").toString() },
				new String[] { "validate", EXAMPLES.resolve("no-such.ikewb").toString() },
				new String[] { "validate", "--no-such-option" },
				new String[] { "negotiate", EXAMPLES.resolve("branch-to-hq.ikewb").toString(), "--with",
						EXAMPLES.resolve("hq-gateway.ikewb").toString() },
				new String[] { "generate", "--help" })) {
			Result direct = direct(command);
			// the test process's own environment, as the direct run reads it
			Result served = served(EXAMPLES, System.getenv(), command);
			assertEquals(direct, served, String.join(" ", command));
		}
	}

	@Test
	void relativeNamesMeanTheClientsDirectoryAndArePrintedAsTyped() throws Exception {
		Result r = served(EXAMPLES, NO_VARIABLES, "validate", "branch-to-hq.ikewb");
		assertEquals(Main.OK, r.exit(), r.toString());
		assertTrue(r.out().startsWith("branch-to-hq.ikewb:"), r.out());

		Path work = Files.createDirectories(home.resolve("work"));
		Files.copy(EXAMPLES.resolve("branch-to-hq.ikewb"), work.resolve("p.ikewb"));
		r = served(work, NO_VARIABLES, "generate", "--target", "strongswan", "--out", "out", "p.ikewb");
		assertEquals(Main.OK, r.exit(), r.toString());
		assertEquals("wrote out/p.swanctl.conf\n", r.out());
		assertTrue(Files.readString(work.resolve("out/p.swanctl.conf")).contains("connections"));
	}

	@Test
	void aFileThatCannotBeReadIsNamedAsTypedWithWhatIsWrong() throws Exception {
		Path work = Files.createDirectories(home.resolve("unreadable"));
		// names that exist neither in the client's directory nor in this process's: both say the same
		for (String[] command : List.of(
				new String[] { "validate", "absent.ikewb" },
				new String[] { "run", "--cert", "absent-cert.pem", "--key", "absent-key.pem", "--ca", "absent-ca.pem" },
				new String[] { "run", "--psk-file", "absent.psk" },
				new String[] { "run", "absent-config.properties" },
				new String[] { "run", "--trace", "absent-dir/trace.json" })) {
			Result served = served(work, NO_VARIABLES, command);
			assertEquals(direct(command), served, String.join(" ", command));
			assertFalse(served.err().contains(work.toString()), served.err());
		}
		assertEquals("absent.ikewb: cannot read: no such file\n", served(work, NO_VARIABLES, "validate", "absent.ikewb").err());
		assertEquals("ikewb run: --cert absent-cert.pem: no such file\n",
				served(work, NO_VARIABLES, "run", "--cert", "absent-cert.pem", "--key", "k.pem", "--ca", "ca.pem").err());
		assertEquals("ikewb run: --trace absent-dir/trace.json: the directory absent-dir does not exist\n",
				served(work, NO_VARIABLES, "run", "--trace", "absent-dir/trace.json").err());
		Files.writeString(work.resolve("not-a-cert.pem"), "hello\n");
		Files.writeString(work.resolve("damaged.pem"), "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
		assertEquals("ikewb run: --cert not-a-cert.pem: no certificate in the file\n",
				served(work, NO_VARIABLES, "run", "--cert", "not-a-cert.pem", "--key", "k", "--ca", "c").err());
		assertEquals("ikewb run: --crl not-a-cert.pem: not a certificate revocation list (PEM or DER X.509 CRL)\n",
				served(work, NO_VARIABLES, "run", "--crl", "not-a-cert.pem", "--cert", "c", "--key", "k", "--ca", "c").err());
		Result damaged = served(work, NO_VARIABLES, "run", "--cert", "damaged.pem", "--key", "k", "--ca", "c");
		assertEquals("ikewb run: --cert damaged.pem: a damaged PEM file (its base64 or structure cannot be read)\n", damaged.err());
	}

	@Test
	void secretsComeFromTheClientsEnvironmentNotTheServers() {
		Path policy = EXAMPLES.resolve("branch-to-hq.ikewb");
		Result without = served(EXAMPLES, NO_VARIABLES, "validate", policy.toString());
		assertTrue(without.out().contains("secret-not-found: Environment variable HQ_PSK"), without.out());
		Result with = served(EXAMPLES, Map.of("HQ_PSK", "a pre-shared key of some thirty characters"), "validate",
				policy.toString());
		assertFalse(with.out().contains("HQ_PSK"), with.out());
		assertEquals(Main.OK, with.exit());
	}

	@Test
	void clientsAtOnceEachGetTheirOwnAnswer() throws Exception {
		Path policy = EXAMPLES.resolve("branch-to-hq.ikewb");
		var pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Result>> results = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				Map<String, String> environment = i % 2 == 0 ? NO_VARIABLES : Map.of("HQ_PSK", "x".repeat(32));
				results.add(pool.submit((Callable<Result>) () -> served(EXAMPLES, environment, "validate", policy.toString())));
			}
			for (int i = 0; i < results.size(); i++) {
				Result r = results.get(i).get();
				assertEquals(Main.OK, r.exit());
				assertEquals(i % 2 == 0, r.out().contains("HQ_PSK"), "client " + i + ": " + r.out());
			}
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void whatTheServerDoesNotRunIsLeftToTheClient() {
		// respond and load run until stopped: never through the server
		assertEquals(Client.NOT_SERVED, served(EXAMPLES, NO_VARIABLES, "respond", "--listen", "127.0.0.1:0").exit());
		assertEquals(Client.NOT_SERVED, Client.run(home.resolve("nobody/socket"), EXAMPLES, NO_VARIABLES, "UTF-8",
				List.of("validate", "x.ikewb"), java.io.InputStream.nullInputStream(), new ByteArrayOutputStream(),
				new ByteArrayOutputStream()));
	}

	@Test
	void anExchangeRunsInTheServerAndWritesItsFilesWhereTheClientIs() throws Exception {
		Path work = Files.createDirectories(home.resolve("run"));
		Result r = served(work, NO_VARIABLES, "run", "--trace", "trace.json", "--keys", "keys.txt");
		assertEquals(Main.OK, r.exit(), r.toString());
		assertTrue(r.out().contains("established: "), r.out());
		assertTrue(r.out().contains("IKE_INTERMEDIATE"), r.out());
		assertTrue(Files.size(work.resolve("trace.json")) > 1000);
		assertTrue(Files.readString(work.resolve("keys.txt")).contains(","));
	}

	@Test
	void stepModeReadsTheClientsInputWhenItAsks() {
		var out = new ByteArrayOutputStream();
		var err = new ByteArrayOutputStream();
		// the user types once the pause is shown: Enter steps one message, c lets the rest run
		var keyboard = typedAfter("\nc\n", () -> {
			for (int i = 0; i < 1000 && !printed(out).contains("|| paused"); i++) {
				sleep();
			}
		});
		int exit = Client.run(socket, EXAMPLES, NO_VARIABLES, "UTF-8", List.of("run", "--step"), keyboard, out, err);
		assertEquals(Main.OK, exit, printed(out) + printed(err));
		assertTrue(printed(out).contains("|| paused before sending IKE_SA_INIT request #0"), printed(out));
		assertTrue(printed(out).contains("established: "), printed(out));
	}

	/** A user at the keyboard who types {@code text} once {@code first} has returned (it waits for something). */
	private static java.io.InputStream typedAfter(String text, Runnable first) {
		byte[] typed = text.getBytes(StandardCharsets.US_ASCII);
		return new java.io.InputStream() {
			private int next;

			@Override
			public int read() {
				if (next == 0) {
					first.run();
				}
				return next < typed.length ? typed[next++] : -1;
			}
		};
	}

	private static String printed(ByteArrayOutputStream stream) { // its methods are synchronized: read while written
		return stream.toString(StandardCharsets.UTF_8);
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aClientThatGoesAwayStopsItsExchange() throws Exception {
		int port;
		try (var probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		// a peer that receives and never answers (no ICMP either): the exchange retransmits for 60 s
		try (var silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
			var client = Thread.ofPlatform().daemon().start(() -> served(EXAMPLES, Map.of("TEST_PSK", "k".repeat(32)),
					"run", "--listen", "127.0.0.1:" + port, "--peer", "127.0.0.1:" + silent.getLocalPort(), "--psk-env",
					"TEST_PSK", "--timeout", "60"));
			var request = new java.net.DatagramPacket(new byte[65536], 65536);
			silent.setSoTimeout(10_000);
			silent.receive(request); // its IKE_SA_INIT
			Thread.sleep(1_500);
			silent.receive(request); // and its first retransmission: still running
			assertFalse(bindable(port), "the served exchange holds its port");
			client.interrupt(); // Client.run's channel is interruptible: the socket closes, as when Ctrl-C ends the client
			boolean released = false;
			for (int i = 0; i < 500 && !released; i++) {
				released = bindable(port);
				Thread.sleep(10);
			}
			assertTrue(released, "the exchange ended when its client went (60 s of retransmission otherwise)");
		}
	}

	@Test
	void aValidationDoesNotWaitForExchangesWaitingOnTheirPeers() throws Exception {
		// more exchanges retransmitting to a silent peer than the machine has cores: each has a thread of its own
		int exchanges = Runtime.getRuntime().availableProcessors() + 1;
		try (var silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
			List<Thread> clients = new ArrayList<>();
			for (int i = 0; i < exchanges; i++) {
				clients.add(Thread.ofPlatform().daemon().start(() -> served(EXAMPLES, Map.of("TEST_PSK", "k".repeat(32)),
						"run", "--peer", "127.0.0.1:" + silent.getLocalPort(), "--psk-env", "TEST_PSK", "--timeout", "60")));
			}
			var request = new java.net.DatagramPacket(new byte[65536], 65536);
			silent.setSoTimeout(20_000);
			java.util.Set<Integer> running = new java.util.HashSet<>();
			while (running.size() < exchanges) {
				silent.receive(request); // each exchange's IKE_SA_INIT (and retransmissions)
				running.add(request.getPort());
			}
			Result r = served(EXAMPLES, NO_VARIABLES, "validate", "branch-to-hq.ikewb");
			assertEquals(Main.OK, r.exit(), r.toString());
			for (Thread client : clients) {
				assertTrue(client.isAlive(), "the validation came back while the exchanges still wait for their peer");
				client.interrupt(); // as Ctrl-C: they end
			}
			for (Thread client : clients) {
				client.join(10_000);
				assertFalse(client.isAlive());
			}
		}
	}

	/** A stand-in for a server that went wrong: a socket that takes connections and whatever the test does with them. */
	private static java.nio.channels.ServerSocketChannel listeningOn(Path socket) throws java.io.IOException {
		Files.createDirectories(socket.getParent());
		var listening = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
		listening.bind(UnixDomainSocketAddress.of(socket));
		return listening;
	}

	@Test
	void aServerThatSaysNothingIsTakenForHungAndTheClientRunsTheCommandItself() throws Exception {
		Path hung = home.resolve("hung/socket");
		// a server that hangs: the kernel still takes the connection and the request, nothing answers
		try (var listening = listeningOn(hung)) {
			var out = new ByteArrayOutputStream();
			var err = new ByteArrayOutputStream();
			int exit = Client.run(hung, EXAMPLES, NO_VARIABLES, "UTF-8", List.of("validate", "branch-to-hq.ikewb"),
					java.io.InputStream.nullInputStream(), out, err, Duration.ofMillis(500));
			assertEquals(Client.NOT_SERVED, exit, "nothing printed yet: bin/ikewb runs the command itself");
			assertEquals("", printed(out) + printed(err));
			assertFalse(Files.exists(hung), "its socket is gone: the next command starts a new server");
		}
	}

	@Test
	void aServerThatFallsSilentWhileItsCommandPrintsIsGivenUpSayingSo() throws Exception {
		Path hung = home.resolve("silent/socket");
		try (var listening = listeningOn(hung)) {
			Thread fake = Thread.ofPlatform().daemon().start(() -> {
				try (SocketChannel c = listening.accept()) {
					var wire = new DataOutputStream(Channels.newOutputStream(c));
					byte[] line = "the first line\n".getBytes(StandardCharsets.UTF_8);
					wire.writeByte(1); // standard output
					wire.writeInt(line.length);
					wire.write(line);
					wire.flush();
					Thread.sleep(30_000); // and then nothing, connection open
				} catch (Exception e) {
					// closed by the test
				}
			});
			var out = new ByteArrayOutputStream();
			var err = new ByteArrayOutputStream();
			int exit = Client.run(hung, EXAMPLES, NO_VARIABLES, "UTF-8", List.of("validate", "branch-to-hq.ikewb"),
					java.io.InputStream.nullInputStream(), out, err, Duration.ofMillis(500));
			assertEquals(Main.FAILED, exit);
			assertEquals("the first line\n", printed(out));
			assertTrue(printed(err).startsWith("ikewb: the ikewb server stopped answering"), printed(err));
			assertTrue(printed(err).contains("IKEWB_NO_SERVER=1"), printed(err));
			assertFalse(Files.exists(hung));
			fake.interrupt();
		}
	}

	@Test
	void aCommandThatPrintsNothingForLongIsNotTakenForHung() {
		var out = new ByteArrayOutputStream();
		var err = new ByteArrayOutputStream();
		// run --step waits for its user: the server says nothing but that it is alive, for twice as long as the client waits
		var slowUser = typedAfter("c\n", () -> {
			try {
				Thread.sleep(6_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		int exit = Client.run(socket, EXAMPLES, NO_VARIABLES, "UTF-8", List.of("run", "--step"), slowUser, out, err,
				Duration.ofSeconds(3));
		assertEquals(Main.OK, exit, printed(out) + printed(err));
		assertTrue(printed(out).contains("established: "), printed(out));
		assertTrue(Files.exists(socket), "the server's socket stays");
	}

	private static boolean bindable(int port) {
		try (var s = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
			return true;
		} catch (java.net.SocketException e) {
			return false;
		}
	}

	@Test
	void aClientInOtherNamespacesIsNotServed() throws Exception {
		try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			var body = new ByteArrayOutputStream();
			var data = new DataOutputStream(body);
			for (String field : new String[] { EXAMPLES.toString(), "UTF-8", "net:[1] mnt:[1]" }) {
				byte[] b = field.getBytes(StandardCharsets.UTF_8);
				data.writeInt(b.length);
				data.write(b);
			}
			data.writeInt(2);
			for (String a : new String[] { "validate", "branch-to-hq.ikewb" }) {
				byte[] b = a.getBytes(StandardCharsets.UTF_8);
				data.writeInt(b.length);
				data.write(b);
			}
			data.writeInt(0);
			var out = new DataOutputStream(Channels.newOutputStream(c));
			out.writeInt(0x494B5701);
			out.writeInt(body.size());
			out.write(body.toByteArray());
			out.flush();
			assertEquals(-1, Channels.newInputStream(c).read(), "closed without an answer");
		}
	}

	@Test
	void nonsenseOnTheSocketLeavesTheServerServing() throws Exception {
		for (byte[] nonsense : List.of(new byte[0], "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
				new byte[] { 0x49, 0x4B, 0x57, 0x01, 0x7F, -1, -1, -1 }, // our magic, then a length of 2 GiB
				new byte[] { 0x49, 0x4B, 0x57, 0x01, 0, 0, 0, 8, 0, 0, 0, 100, 0, 0, 0, 0 })) { // a string longer than the request
			try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
				var out = new DataOutputStream(Channels.newOutputStream(c));
				out.write(nonsense);
				out.flush();
				c.shutdownOutput();
				// the server closes without an answer
				assertEquals(-1, Channels.newInputStream(c).read());
			}
		}
		assertEquals(Main.OK, served(EXAMPLES, NO_VARIABLES, "validate", "branch-to-hq.ikewb").exit());
	}

	@Test
	void onlyItsUserReachesTheSocket() throws Exception {
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
	}

	@Test
	void aServerWhoseSocketIsRemovedEnds() throws Exception {
		Path other = home.resolve("other/socket");
		Server second = new Server(other, Duration.ofMinutes(5));
		Thread t = started(second);
		Files.delete(other); // as bin/ikewb removes the caches of old builds
		t.join(15_000);
		assertFalse(t.isAlive(), "the server ended");
		assertFalse(second.listening());
	}

	@Test
	void anIdleServerEndsAndRemovesItsSocket() throws Exception {
		Path other = home.resolve("idle/socket");
		Server second = new Server(other, Duration.ofMillis(500));
		Thread t = started(second);
		t.join(15_000);
		assertFalse(t.isAlive(), "the server ended");
		assertFalse(Files.exists(other));
	}

	private static Thread started(Server second) throws InterruptedException {
		Thread t = Thread.ofPlatform().daemon().start(() -> {
			try {
				second.serve();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		for (int i = 0; i < 500 && !second.listening(); i++) {
			Thread.sleep(10);
		}
		assertTrue(second.listening());
		return t;
	}
}
