package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.cli.Main;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a peer of its own (an engine in the test, a silent socket, another
 * ikewb respond): what it says when the peer refuses the Child SA, goes silent or sends NAT
 * keepalives, that it deletes what it made, and what respond writes and prints.
 */
class CommandLineAgainstPeersTest {

	private static final String PSK = "cli-peers-psk-0123456789abcdef";

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private Path pskFile() throws Exception {
		Path f = dir.resolve("psk");
		Files.writeString(f, PSK + "\n");
		return f;
	}

	private static Engine responder(String esp) throws Exception {
		Engine engine = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
		byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
		engine.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, psk::clone,
				"aes256gcm16-prfsha384-x25519", esp));
		return engine;
	}

	private static String peer(Engine engine) {
		return "127.0.0.1:" + engine.localAddress().getPort();
	}

	/**
	 * With certificates, --id sends a name the certificate carries instead of its DN (a responder
	 * that expects the FQDN lets it in); a name the certificate does not carry is refused before
	 * anything is sent.
	 */
	@Test
	void withCertificatesIdSendsANameOfTheCertificate() throws Exception {
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("CLI peers CA", new java.security.SecureRandom());
		org.ikewb.crypto.Certificates.Local mine = ca.issue("branch", "branch.cli.test");
		Files.writeString(dir.resolve("me.pem"), org.ikewb.crypto.Pki.certificatePem(mine.chain()));
		Files.writeString(dir.resolve("me.key"), org.ikewb.crypto.Pki.privateKeyPem(mine));
		Files.writeString(dir.resolve("ca.pem"), org.ikewb.crypto.Pki.certificatePem(java.util.List.of(ca.caCertificate())));
		try (Engine peer = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			peer.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("gateway.cli.test"), null, () -> null,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16")
					.withCertificates(ca.issue("gateway", "gateway.cli.test"), java.util.List.of(ca.caCertificate()))
					.withLocalId(IkeConfig.Identity.fqdn("gateway.cli.test"))
					.withRemoteId(IkeConfig.Identity.fqdn("branch.cli.test")));
			String[] common = { "run", "--peer", peer(peer), "--cert", dir.resolve("me.pem").toString(), "--key",
					dir.resolve("me.key").toString(), "--ca", dir.resolve("ca.pem").toString(), "--ike",
					"aes256gcm16-prfsha384-x25519", "--esp", "aes256gcm16", "--timeout", "10" };
			java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(common));
			args.addAll(java.util.List.of("--id", "branch.cli.test"));
			assertEquals(Main.OK, run(args.toArray(String[]::new)), out + "\n" + err);
			assertTrue(out.toString(StandardCharsets.UTF_8).contains("established:"), out.toString(StandardCharsets.UTF_8));
			err.reset();
			args = new java.util.ArrayList<>(java.util.List.of(common));
			args.addAll(java.util.List.of("--id", "hq.cli.test"));
			assertEquals(Main.USAGE, run(args.toArray(String[]::new)));
			assertTrue(err.toString(StandardCharsets.UTF_8).contains(
					"--id hq.cli.test: the certificate of --cert does not name it (its names: branch.cli.test)"),
					err.toString(StandardCharsets.UTF_8));
		}
	}

	@Test
	void rekeyAfterARefusedChildSaStillRekeysTheIkeSaAndSaysSo() throws Exception {
		try (Engine peer = responder("aes128gcm16")) { // our ESP proposal (aes256gcm16) is refused
			int code = run("run", "--peer", peer(peer), "--psk-file", pskFile().toString(), "--remote-id", "responder.ikewb",
					"--ike", "aes256gcm16-prfsha384-x25519", "--esp", "aes256gcm16", "--rekey", "--timeout", "10");
			String text = out.toString(StandardCharsets.UTF_8);
			assertEquals(Main.OK, code, err::toString);
			assertTrue(text.contains("no Child SA to rekey"), text);
			assertTrue(text.contains("IKE SA rekeyed"), text);
			assertFalse((text + err).contains("Exception"), "no exception text reaches the user");
		}
	}

	@Test
	void anUnsatisfiableProposalIsRefusedBeforeAnythingIsSentWithThePolicyRulesExplanation() throws Exception {
		int code = run("run", "--ike", "aes256gcm16-prfsha384-modp3072-ke1_modp3072", "--timeout", "5");
		String text = err.toString(StandardCharsets.UTF_8);
		assertEquals(Main.USAGE, code, text);
		assertTrue(text.contains("--ike aes256gcm16-prfsha384-modp3072-ke1_modp3072: Proposal"), text);
		assertTrue(text.contains("RFC 9370 forbids choosing a method twice") && text.contains("unsatisfiable-key-exchange"), text);
		assertFalse(out.toString(StandardCharsets.UTF_8).contains("IKE_SA_INIT"), "nothing was sent");
		err.reset();
		assertEquals(Main.USAGE, run("respond", "--listen", "127.0.0.1:0", "--psk-file", pskFile().toString(), "--esp",
				"aes256gcm16-x25519-ke1_x25519"), err::toString);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--esp aes256gcm16-x25519-ke1_x25519: Proposal"), err::toString);
	}

	@Test
	void rekeysMayChangeTheAlgorithms() throws Exception {
		int code = run("run", "--ike", "aes256gcm16-prfsha256-x25519", "--esp", "aes256gcm16", "--rekey-ike",
				"aes256gcm16-prfsha384-x25519-ke1_mlkem768", "--rekey-esp", "aes256gcm16-x25519", "--rekey", "--timeout", "15");
		String text = out.toString(StandardCharsets.UTF_8);
		assertEquals(Main.OK, code, err::toString);
		assertTrue(text.contains("established: aes256gcm16-prfsha256-x25519,"), text);
		assertTrue(text.contains("Child SA rekeyed: ESP aes256gcm16-x25519"), "PFS added at the Child SA rekey:\n" + text);
		assertTrue(text.contains("IKE SA rekeyed: SPIs") && text.contains("aes256gcm16-prfsha384-x25519-ke1_mlkem768"),
				"another PRF and an ML-KEM round at the IKE SA rekey:\n" + text);
		err.reset();
		assertEquals(Main.USAGE, run("run", "--rekey-keys", "sideways"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("Invalid value for option '--rekey-keys': rfc7296 or strongswan, not 'sideways'"), err::toString);
	}

	@Test
	void runWithAPeerDeletesItsIkeSaOnExit() throws Exception {
		try (Engine peer = responder("aes256gcm16")) {
			assertEquals(Main.OK, run("run", "--peer", peer(peer), "--psk-file", pskFile().toString(), "--remote-id",
					"responder.ikewb", "--ike", "aes256gcm16-prfsha384-x25519", "--esp", "aes256gcm16", "--timeout", "10"),
					err::toString);
			assertTrue(out.toString(StandardCharsets.UTF_8).contains("INFORMATIONAL"), "the Delete went out");
			long end = System.currentTimeMillis() + 5000;
			while (System.currentTimeMillis() < end && !peer.established().get(5, TimeUnit.SECONDS).isEmpty()) {
				Thread.sleep(50);
			}
			assertEquals(List.of(), peer.established().get(5, TimeUnit.SECONDS), "the peer holds no IKE SA of ours");
		}
	}

	@Test
	void aStalledRunNamesTheExchangeAndHowOftenItWasSent() throws Exception {
		try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			int code = run("run", "--peer", "127.0.0.1:" + silent.getLocalPort(), "--psk-file", pskFile().toString(),
					"--timeout", "3");
			String text = err.toString(StandardCharsets.UTF_8);
			assertEquals(Main.FAILED, code);
			assertTrue(text.matches("(?s).*no IKE SA after 3 s: IKE_SA_INIT #0 was sent [2-9] times without an answer from 127\\.0\\.0\\.1:\\d+.*"),
					text);
		}
	}

	@Test
	void aNatKeepaliveIsNotReportedAsAMalformedDatagram() throws Exception {
		try (Engine engine = responder("aes256gcm16"); DatagramSocket sender = new DatagramSocket()) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			engine.addListener(events::add);
			byte[] keepalive = { (byte) 0xff }; // RFC 3948 §2.3
			sender.send(new DatagramPacket(keepalive, 1, engine.localAddress()));
			byte[] junk = { 1, 2, 3 };
			sender.send(new DatagramPacket(junk, 3, engine.localAddress()));
			long end = System.currentTimeMillis() + 3000;
			while (System.currentTimeMillis() < end && events.isEmpty()) {
				Thread.sleep(20);
			}
			// the junk after it is reported, the keepalive before it is not
			assertEquals(1, events.stream().filter(e -> e instanceof TraceEvent.Error).count(), events::toString);
			assertTrue(events.get(0).toString().contains("dropped a datagram"), events::toString);
		}
	}

	@Test
	void respondWritesTraceFilesWithChildSaKeysAndPrintsWhatItNegotiated() throws Exception {
		int port;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		Path keys = dir.resolve("ikev2_decryption_table");
		Path trace = dir.resolve("respond.json");
		Path pcap = dir.resolve("respond.pcap");
		ByteArrayOutputStream respondOut = new ByteArrayOutputStream();
		ByteArrayOutputStream respondErr = new ByteArrayOutputStream();
		Path psk = pskFile();
		Thread responder = new Thread(() -> Main.run(new String[] { "respond", "--listen", "127.0.0.1:" + port, "--psk-file",
				psk.toString(), "--trace", trace.toString(), "--pcap", pcap.toString(), "--keys", keys.toString() },
				new PrintStream(respondOut, true, StandardCharsets.UTF_8), new PrintStream(respondErr, true, StandardCharsets.UTF_8)));
		responder.start();
		try {
			Thread.sleep(500);
			assertEquals(Main.OK, run("run", "--peer", "127.0.0.1:" + port, "--psk-file", psk.toString(), "--remote-id",
					"responder.ikewb", "--rekey", "--timeout", "10"), err::toString);
			long end = System.currentTimeMillis() + 5000;
			while (System.currentTimeMillis() < end && !respondOut.toString(StandardCharsets.UTF_8).contains("DELETED")) {
				Thread.sleep(50);
			}
		} finally {
			responder.interrupt();
			responder.join(5000);
		}
		String printed = respondOut.toString(StandardCharsets.UTF_8);
		assertTrue(printed.contains("established: IKE SA") && printed.contains("aes256gcm16-prfsha384-x25519-ke1_mlkem768"), printed);
		assertTrue(printed.contains("Child SA: ESP"), printed);
		assertTrue(printed.contains("keys: IKE SA rekey"), printed);
		assertTrue(Files.readString(trace).contains("\"encryptionInitiator\""), "Child SA keys in the JSON trace");
		String table = Files.readString(keys);
		assertTrue(table.contains("# Child SA ESP"), table);
		assertEquals(2, table.lines().filter(l -> !l.startsWith("#")).count(), "one key line per IKE SA: " + table);
		assertTrue(Files.size(pcap) > 24, "pcap written");
	}

	/** Starts {@code ikewb respond} with {@code extra} options on a free port; returns the thread and its port. */
	private record Responder(Thread thread, int port, ByteArrayOutputStream out, ByteArrayOutputStream err) {
		void stop() throws InterruptedException {
			thread.interrupt();
			thread.join(5000);
		}
	}

	private Responder respond(Path psk, String... extra) throws Exception {
		int port;
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		List<String> args = new java.util.ArrayList<>(List.of("respond", "--listen", "127.0.0.1:" + port, "--psk-file",
				psk.toString()));
		args.addAll(List.of(extra));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream errs = new ByteArrayOutputStream();
		Thread t = new Thread(() -> Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(errs, true, StandardCharsets.UTF_8)));
		t.start();
		Thread.sleep(500);
		return new Responder(t, port, out, errs);
	}

	@Test
	void aResponderWithoutRemoteIdLetsInOnlyTheInitiatorItsHelpNames() throws Exception {
		Path psk = pskFile();
		Responder r = respond(psk);
		try {
			// the key alone is not an identity: an initiator calling itself intruder.example is refused
			assertEquals(Main.FAILED, run("run", "--peer", "127.0.0.1:" + r.port(), "--psk-file", psk.toString(), "--id",
					"intruder.example", "--timeout", "10"));
			assertTrue(err.toString(StandardCharsets.UTF_8).contains("AUTHENTICATION_FAILED"), err::toString);
			// the responder prints from its own trace thread: its line may follow the initiator's end by a moment
			long end = System.currentTimeMillis() + 5000;
			while (System.currentTimeMillis() < end
					&& !r.out().toString(StandardCharsets.UTF_8).contains("the initiator is intruder.example")) {
				Thread.sleep(20);
			}
			assertTrue(r.out().toString(StandardCharsets.UTF_8).contains("the initiator is intruder.example, we expect initiator.ikewb"),
					r.out()::toString);
			err.reset();
			assertEquals(Main.OK, run("run", "--peer", "127.0.0.1:" + r.port(), "--psk-file", psk.toString(), "--timeout", "10"),
					err::toString);
		} finally {
			r.stop();
		}
		// 'any', said explicitly: any identity with the key gets in, and the responder warns
		Responder open = respond(psk, "--remote-id", "any");
		try {
			err.reset();
			assertEquals(Main.OK, run("run", "--peer", "127.0.0.1:" + open.port(), "--psk-file", psk.toString(), "--id",
					"intruder.example", "--remote-id", "any", "--timeout", "10"), err::toString);
			assertTrue(open.err().toString(StandardCharsets.UTF_8).contains("--remote-id any: every initiator that has the key gets in"),
					open.err()::toString);
		} finally {
			open.stop();
		}
	}
}
