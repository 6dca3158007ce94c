package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikewb.cli.Main;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: {@code ikewb load} against a real responder (our engine) over UDP on loopback, with small
 * counts: progress, latency percentiles per exchange type, failures by reason, the JSON summary, the
 * ramp, and the bounds that keep a load on this machine.
 */
class LoadCommandTest {

	private static final String PSK = System.getenv("PATH"); // --psk-env PATH: a value both sides read
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private Engine responder;

	@BeforeEach
	void respond() throws Exception {
		responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
	}

	@AfterEach
	void close() {
		responder.close();
	}

	private void answerWith(String psk) {
		byte[] key = psk.getBytes(StandardCharsets.UTF_8);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.load.test"), null, key::clone,
				"aes256gcm16-prfsha384-x25519-ke1_mlkem768,aes128gcm16-prfsha256-x25519", "aes256gcm16"));
	}

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String peer() {
		return "127.0.0.1:" + responder.localAddress().getPort();
	}

	@Test
	void loadsAResponderAndReportsEachExchange(@TempDir Path dir) throws Exception {
		answerWith(PSK);
		Path json = dir.resolve("load.json");
		assertEquals(Main.OK, run("load", "--peer", peer(), "--psk-env", "PATH", "--count", "40", "--in-flight", "8", "--sources",
				"2", "--json", json.toString()), () -> err.toString(StandardCharsets.UTF_8) + out);
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.startsWith("ikewb load: 40 IKE SAs to " + peer() + ", aes256gcm16-prfsha384-x25519-ke1_mlkem768"), text);
		assertTrue(text.contains("established 40 of 40 in "), text);
		assertTrue(text.contains("failed 0; retransmissions "), text);
		for (String exchange : new String[] { "IKE_SA_INIT", "IKE_INTERMEDIATE #1", "IKE_AUTH", "INFORMATIONAL", "handshake" }) {
			Matcher m = Pattern.compile("\\n  " + Pattern.quote(exchange) + " +(\\d+) +([\\d.]+) +([\\d.]+) +([\\d.]+) +([\\d.]+)\\n")
					.matcher(text);
			assertTrue(m.find(), exchange + " in " + text);
			assertEquals(40, Integer.parseInt(m.group(1)), exchange + ": one sample per IKE SA");
			double p50 = Double.parseDouble(m.group(2));
			double max = Double.parseDouble(m.group(5));
			assertTrue(p50 > 0 && p50 <= max, exchange + ": percentiles in order " + m.group());
		}
		String summary = Files.readString(json);
		assertTrue(summary.contains("\"established\": 40,") && summary.contains("\"deleted\": 40,"), summary);
		assertTrue(summary.contains("\"IKE_INTERMEDIATE #1\": {\"samples\": 40, \"p50\": "), summary);
		long until = System.nanoTime() + 5_000_000_000L;
		while (responder.ikeSaCount() > 0 && System.nanoTime() < until) {
			Thread.sleep(50); // the last deletes are on their way
		}
		assertEquals(0, responder.ikeSaCount(), "each IKE SA was deleted once established");
		assertEquals(40, responder.ikeSasEstablished(), "the engine's own count, without a trace listener");
		assertEquals(0, responder.ikeSasFailed());
	}

	@Test
	void respondSummarisesALoadInsteadOfPrintingEveryMessage() throws Exception {
		var respondOut = new ByteArrayOutputStream();
		var respondErr = new ByteArrayOutputStream();
		Thread respond = Thread.ofPlatform().daemon().start(() -> Main.run(new String[] { "respond", "--listen",
				"127.0.0.1:0", "--psk-env", "PATH", "--remote-id", "any", "--summary", "1" },
				new PrintStream(respondOut, true, StandardCharsets.UTF_8), new PrintStream(respondErr, true, StandardCharsets.UTF_8)));
		Matcher listening = Pattern.compile("responding on /?127\\.0\\.0\\.1:(\\d+) .*a summary every 1 s").matcher("");
		for (int i = 0; i < 1000 && !listening.reset(respondOut.toString(StandardCharsets.UTF_8)).find(); i++) {
			Thread.sleep(10);
		}
		assertTrue(listening.find(0), respondOut.toString(StandardCharsets.UTF_8) + respondErr);
		String port = listening.group(1);
		assertEquals(Main.OK, run("load", "--peer", "127.0.0.1:" + port, "--psk-env", "PATH", "--count", "30", "--in-flight", "8"),
				() -> err.toString(StandardCharsets.UTF_8) + out);
		for (int i = 0; i < 500 && !respondOut.toString(StandardCharsets.UTF_8).contains(" 30 in all; "); i++) {
			Thread.sleep(10); // the next line, within a second
		}
		respond.interrupt(); // as when the command is stopped
		respond.join(10_000);
		String text = respondOut.toString(StandardCharsets.UTF_8);
		assertTrue(Pattern.compile("\\n\\d\\d:\\d\\d:\\d\\d  [\\d,]+ IKE SAs? established \\([\\d.,]+/s\\), 30 in all; \\d+ held \\(0 half-open\\); 0 failed")
				.matcher(text).find(), text);
		assertTrue(Pattern.compile("\\nin \\d+ s: 30 IKE SAs established \\([\\d.,]+/s on average\\), 0 failed, 0 errors\\n").matcher(text).find(), text);
		assertTrue(!text.contains("IKE_SA_INIT") && !text.contains("established: IKE SA"), "no line per message: " + text);
	}

	@Test
	void summaryIsForRespond() {
		assertEquals(Main.USAGE, run("run", "--summary", "5"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--summary is for respond"), err.toString(StandardCharsets.UTF_8));
		assertEquals(Main.USAGE, run("run", "--half-open-per-source", "64"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--half-open-per-source is for respond"), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void keptIkeSasAreHeldTogetherThenDeleted() throws Exception {
		answerWith(PSK);
		assertEquals(Main.OK, run("load", "--peer", peer(), "--psk-env", "PATH", "--count", "12", "--keep", "--ike",
				"aes128gcm16-prfsha256-x25519"), () -> out.toString(StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("kept until the end") && text.contains("established 12 of 12") && text.contains("deleted 12"), text);
		assertTrue(!text.contains("IKE_INTERMEDIATE"), "a classical proposal has no IKE_INTERMEDIATE: " + text);
	}

	@Test
	void failuresAreCountedByReason() {
		answerWith("another-pre-shared-key-0123456789");
		assertEquals(Main.FAILED, run("load", "--peer", peer(), "--psk-env", "PATH", "--count", "6", "--in-flight", "3"));
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("established 0 of 6") && text.contains("failed 6 {AUTHENTICATION_FAILED=6}"), text);
	}

	@Test
	void theRampFindsWhereThePeerStopsHolding() {
		answerWith(PSK);
		assertEquals(Main.OK, run("load", "--peer", peer(), "--psk-env", "PATH", "--ramp", "10:10:20", "--step-seconds", "1"));
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("rate/s  started established"), text);
		assertTrue(Pattern.compile("\\n +10 +10 +10 +0 ").matcher(text).find(), "the first step: 10 IKE SAs in a second " + text);
		assertTrue(text.contains("the peer held every step up to 20 IKE SAs/s") || text.contains("knee: "), text);
	}

	@Test
	void theHelpSaysItAllWithoutWarnings() {
		// picocli warns on the JVM's own stderr about a description it cannot format
		PrintStream system = System.err;
		ByteArrayOutputStream warnings = new ByteArrayOutputStream();
		System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
		try {
			assertEquals(Main.OK, run("load", "--help"));
		} finally {
			System.setErr(system);
		}
		String help = out.toString(StandardCharsets.UTF_8);
		assertTrue(help.contains("more than 1 % failed, under 90 % of the rate made"), help);
		assertTrue(err.toString(StandardCharsets.UTF_8).isEmpty() && warnings.size() == 0,
				err.toString(StandardCharsets.UTF_8) + warnings.toString(StandardCharsets.UTF_8));
	}

	@Test
	void loadsStayOnThisMachineAndBounded() {
		assertEquals(Main.USAGE, run("load", "--peer", "192.0.2.1:500", "--psk-env", "PATH"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not on this machine"), err.toString(StandardCharsets.UTF_8));
		err.reset();
		assertEquals(Main.USAGE, run("load", "--peer", "127.0.0.1:500", "--psk-env", "PATH", "--count", "100001"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("more than 100000 IKE SAs"), err.toString(StandardCharsets.UTF_8));
		err.reset();
		assertEquals(Main.USAGE, run("load", "--peer", "127.0.0.1:500", "--psk-env", "PATH", "--ramp", "100:10:50"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("FROM:STEP:TO"), err.toString(StandardCharsets.UTF_8));
		err.reset();
		assertEquals(Main.USAGE, run("load", "--peer", "127.0.0.1:500"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("a pre-shared key is needed"), err.toString(StandardCharsets.UTF_8));
	}
}
