package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: {@code ikewb load} against strongSwan 6.1 (charon in the interop chroot) on loopback,
 * with small counts (charon as the interop suite runs it: full logging, default limits): hybrid IKE SAs (x25519 + ML-KEM-768 in IKE_INTERMEDIATE) established and deleted,
 * latencies per exchange (the COOKIE round trips charon asks for on their own row), charon holding none
 * afterwards; and the ramp printing its steps.
 */
class LoadInteropTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	@BeforeAll
	static void root() throws Exception {
		String id = StrongSwan.run(10, "id", "-u").strip();
		if (!id.equals("0")) {
			fail("the strongSwan interop suite needs root (id -u = " + id + ")");
		}
	}

	private static Path pskFile() throws Exception {
		Path f = Files.createTempFile("ikewb-load", ".psk", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(f, StrongSwanInteropTest.PSK + "\n");
		return f;
	}

	@Test
	void loadsCharonAndReportsEachExchange() throws Exception {
		Path psk = pskFile();
		Path json = Files.createTempFile("ikewb-load", ".json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (StrongSwan peer = StrongSwan.start("load", 15300, StrongSwanInteropTest.responderConf(IKE, "aes256gcm16"))) {
			int exit = Main.run(new String[] { "load", "--peer", "127.0.0.1:15300", "--psk-file", psk.toString(), "--count", "100",
					// charon drops IKE_SA_INIT beyond 5 half-open IKE SAs per source IP (block_threshold): 4 at a time
					"--in-flight", "4", "--sources", "4", "--json", json.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			String text = out.toString(StandardCharsets.UTF_8);
			System.out.println(text);
			assertEquals(Main.OK, exit, () -> text + err.toString(StandardCharsets.UTF_8));
			assertTrue(text.contains("established 100 of 100 in "), text);
			for (String exchange : new String[] { "IKE_SA_INIT", "IKE_INTERMEDIATE #1", "IKE_AUTH", "INFORMATIONAL", "handshake" }) {
				assertTrue(Pattern.compile("\\n  " + Pattern.quote(exchange) + " +100 ").matcher(text).find(), exchange + ": " + text);
			}
			assertTrue(Files.readString(json).contains("\"established\": 100,"));
			// charon asks for a COOKIE beyond 3 half-open IKE SAs from one address (cookie_threshold_ip): its own row
			assertTrue(Pattern.compile("\\n  IKE_SA_INIT \\(COOKIE\\) +\\d+ ").matcher(text).find(), text);
			// charon holds none of them: each was deleted once established
			String sas = "";
			for (int i = 0; i < 50; i++) {
				sas = peer.swanctl("--list-sas");
				if (!sas.contains("ESTABLISHED")) {
					break;
				}
				Thread.sleep(100);
			}
			assertTrue(!sas.contains("ESTABLISHED"), sas);
			assertTrue(peer.log().contains("IKE_INTERMEDIATE"), "charon ran the ML-KEM round");

			out.reset();
			exit = Main.run(new String[] { "load", "--peer", "127.0.0.1:15300", "--psk-file", psk.toString(), "--ramp", "10:10:20",
					"--step-seconds", "2", "--in-flight", "4" }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
			String ramp = out.toString(StandardCharsets.UTF_8);
			System.out.println(ramp);
			assertEquals(Main.OK, exit, ramp);
			assertTrue(Pattern.compile("\\n +10 +20 +").matcher(ramp).find(), "the first step: 20 IKE SAs in 2 s " + ramp);
			assertTrue(ramp.contains("knee: ") || ramp.contains("held every step up to 20"), ramp);
		} finally {
			Files.deleteIfExists(psk);
			Files.deleteIfExists(json);
		}
	}
}
