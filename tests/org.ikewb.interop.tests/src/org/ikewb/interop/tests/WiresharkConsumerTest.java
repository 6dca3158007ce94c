package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the workbench exports for Wireshark, read by real tsharks (4.6 from Debian forky, and the
 * host's, 4.0 on Debian bookworm): a hybrid
 * exchange (x25519 + ML-KEM-768) with a Child SA rekey and an IKE SA rekey, exported as pcap, key
 * table and decrypted pcap. The key table decrypts IKE_AUTH and the later exchanges of both IKE
 * SAs, from a profile file copied unchanged and from {@code -o uat:}; the decrypted export shows the
 * ML-KEM key exchange of IKE_INTERMEDIATE without any key and without Decode As.
 */
class WiresharkConsumerTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	static Path dir;
	static List<String> keyLines;
	static int responderPort;
	static int initiatorPort;

	@BeforeAll
	static void exportARunWithRekeys() throws Exception {
		dir = Consumers.workDir("wireshark");
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (Engine initiator = Engine.bind(any, true); Engine responder = Engine.bind(any, false)) {
			TraceRecorder trace = new TraceRecorder(initiator.localAddress());
			initiator.addListener(trace);
			byte[] psk = "wireshark-consumer-psk-0123456789".getBytes(StandardCharsets.US_ASCII);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, psk::clone, IKE, ESP));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("initiator.ikewb"),
					IkeConfig.Identity.fqdn("responder.ikewb"), psk::clone, IKE, ESP), responder.localAddress())
					.get(20, TimeUnit.SECONDS);
			initiator.rekeyChild(sa, sa.children().get(0)).get(20, TimeUnit.SECONDS);
			EstablishedSa next = initiator.rekeyIke(initiator.current(sa).get(5, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
			initiator.delete(next);
			Thread.sleep(500); // the INFORMATIONAL delete and its answer
			trace.writePcap(dir.resolve("run.pcap"));
			trace.writeWiresharkKeys(dir.resolve("ikev2_decryption_table"));
			trace.writeDecryptedPcap(dir.resolve("decrypted.pcap"));
			keyLines = trace.wiresharkKeyLines();
			responderPort = responder.localAddress().getPort();
			initiatorPort = initiator.localAddress().getPort();
		}
	}

	/**
	 * The two real tsharks: 4.6 from Debian forky in the consumers' chroot, and the host's own
	 * (Debian bookworm: 4.0; tests/interop/run-suite.sh installs it), which reads the same files
	 * through their host paths.
	 */
	enum Tshark {
		FORKY, HOST;

		String path(Path file) throws Exception {
			return this == FORKY ? Consumers.inside(file) : file.toAbsolutePath().toString();
		}

		String run(Path home, String... command) throws Exception {
			if (this == FORKY) {
				return Consumers.run(120, Consumers.inside(home), command);
			}
			ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
			pb.environment().put("HOME", home.toAbsolutePath().toString());
			pb.environment().put("LC_ALL", "C.UTF-8");
			Process p;
			try {
				p = pb.start();
			} catch (java.io.IOException e) {
				throw new AssertionError("the host's tshark is missing (tests/interop/run-suite.sh installs it): " + e.getMessage());
			}
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return out + (p.waitFor() == 0 ? "" : "\n(exit " + p.exitValue() + ")");
		}
	}

	/** tshark -V over the plain pcap; the ports are not 500/4500, so they are named with -d (as the README says). */
	private static String tsharkOnPlainPcap(Tshark tshark, Path home, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("tshark", "-n", "-V", "-r", tshark.path(dir.resolve("run.pcap")),
				"-d", "udp.port==" + responderPort + ",udpencap"));
		command.addAll(List.of(options));
		return tshark.run(home, command.toArray(String[]::new));
	}

	@ParameterizedTest
	@EnumSource(Tshark.class)
	void theKeyTableFileCopiedUnchangedIntoAProfileDecryptsIkeAuthAndEveryLaterExchange(Tshark tshark) throws Exception {
		Path home = dir.resolve("home-" + tshark);
		Path profile = home.resolve(".config/wireshark");
		Files.createDirectories(profile);
		Files.copy(dir.resolve("ikev2_decryption_table"), profile.resolve("ikev2_decryption_table"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		String out = tsharkOnPlainPcap(tshark, home);
		assertFalse(out.contains("(exit "), out);
		assertFalse(out.contains("must be 8 octets"), "tshark refused the table:\n" + out);
		assertEquals(2, keyLines.size(), "one key line per IKE SA (the original and the rekeyed one): " + keyLines);
		assertTrue(out.contains("Identification Data:initiator.ikewb"), "IDi of IKE_AUTH decrypted:\n" + tail(out));
		assertTrue(out.contains("Identification Data:responder.ikewb"), "IDr of IKE_AUTH decrypted");
		// IKE_AUTH request and response, Child SA rekey, IKE SA rekey (old SA), the delete of the new SA
		int decrypted = Consumers.count(out, "Decrypted Data");
		assertTrue(decrypted >= 8, decrypted + " messages decrypted:\n" + tail(out));
		assertTrue(out.contains("Traffic Selector"), "TSi/TSr of IKE_AUTH");
	}

	@ParameterizedTest
	@EnumSource(Tshark.class)
	void theSameLinesPassedOnTheCommandLineDecryptToo(Tshark tshark) throws Exception {
		List<String> options = new ArrayList<>();
		for (String line : keyLines) {
			options.add("-o");
			options.add("uat:ikev2_decryption_table:" + line);
		}
		String out = tsharkOnPlainPcap(tshark, dir, options.toArray(String[]::new));
		assertFalse(out.contains("(exit "), out);
		assertTrue(out.contains("Identification Data:initiator.ikewb"), tail(out));
	}

	@ParameterizedTest
	@EnumSource(Tshark.class)
	void ikewbWiresharkFindsThePortsAndPassesTheKeysSoTsharkDecryptsWithoutAManualStep(Tshark tshark) throws Exception {
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		int code = org.ikewb.cli.Main.run(new String[] { "wireshark", dir.resolve("run.pcap").toString(), "--keys",
				dir.resolve("ikev2_decryption_table").toString(), "--tshark", "--print", "--", "-n" },
				new java.io.PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
		assertEquals(0, code);
		String command = printed.toString(StandardCharsets.UTF_8).strip();
		// either port names every datagram of the run
		assertTrue(command.contains("-d udp.port==" + responderPort + ",udpencap")
				|| command.contains("-d udp.port==" + initiatorPort + ",udpencap"), command);
		// the same command, run by that tshark (paths as it sees them)
		String out = tshark.run(dir, "bash", "-c", command.replace(dir.toString(), tshark.path(dir)));
		assertFalse(out.contains("(exit "), out);
		assertTrue(out.contains("Identification Data:initiator.ikewb"), tail(out));
	}

	@ParameterizedTest
	@EnumSource(Tshark.class)
	void theDecryptedExportShowsEveryMessageIncludingTheMlKemExchangeWithoutKeysOrDecodeAs(Tshark tshark) throws Exception {
		String out = tshark.run(dir, "tshark", "-n", "-V", "-r", tshark.path(dir.resolve("decrypted.pcap")));
		assertFalse(out.contains("(exit "), out);
		assertFalse(out.contains("Malformed"), "a message tshark could not dissect:\n" + tail(out));
		assertTrue(out.contains("Internet Security Association and Key Management Protocol"), tail(out));
		// IKE_INTERMEDIATE (exchange 43; tshark 4.0 calls it "Unknown"): its KE payload carries ML-KEM-768 (36)
		assertTrue(Pattern.compile("Exchange type: \\S+ \\(43\\)").matcher(out).find(), "IKE_INTERMEDIATE shown:\n" + tail(out));
		if (tshark == Tshark.FORKY) {
			assertTrue(out.contains("Exchange type: IKE_INTERMEDIATE (43)"), "4.6 names it");
		}
		assertTrue(Pattern.compile("Payload: Key Exchange \\(34\\)[\\s\\S]{0,400}?\\(36\\)").matcher(out).find(),
				"the ML-KEM-768 KE payload of IKE_INTERMEDIATE:\n" + tail(out));
		assertTrue(out.contains("Identification Data:initiator.ikewb"), "IKE_AUTH content without keys");
		assertFalse(out.contains("Encrypted and Authenticated"), "no SK payload left");
	}

	private static String tail(String s) {
		return s.length() < 6000 ? s : s.substring(s.length() - 6000);
	}
}
