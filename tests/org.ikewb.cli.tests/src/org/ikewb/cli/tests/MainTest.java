package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.Test;

/** The command line as a user calls it: real exchanges over UDP on loopback. */
class MainTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void runWithoutPeerEstablishesTheHybridExchangeWithTheEmbeddedResponder() {
		assertEquals(Main.OK, run("run"), err());
		String text = out();
		assertTrue(text.contains("(embedded)"), text);
		assertTrue(text.contains("IKE_SA_INIT #0"), text);
		assertTrue(text.contains("KEi Curve25519"), text);
		assertTrue(text.contains("IKE_INTERMEDIATE #1"), text);
		assertTrue(text.contains("SK{KEi(1) ML-KEM-768}"), text);
		assertTrue(text.contains("SK{KEr(1) ML-KEM-768}"), text);
		assertTrue(text.contains("keys generation 1: ADDKE1 ML-KEM-768"), text);
		assertTrue(text.contains("IKE_AUTH #2"), text);
		assertTrue(text.contains("established: aes256gcm16-prfsha384-x25519-ke1_mlkem768, 1 IKE_INTERMEDIATE exchange"),
				text);
		assertTrue(text.contains("Child SA: ESP aes256gcm16-noesn"), text);
	}

	@Test
	void rekeyRunsCreateChildSaAndFollowupKeyExchanges() {
		assertEquals(Main.OK, run("run", "--rekey"), err());
		String text = out();
		assertTrue(text.contains("CREATE_CHILD_SA #3"), text);
		assertTrue(text.contains("IKE_FOLLOWUP_KE #4"), text);
		assertTrue(text.contains("N(ADDITIONAL_KEY_EXCHANGE)"), text);
		assertTrue(text.contains("Child SA rekeyed: ESP aes256gcm16-x25519-noesn-ke1_mlkem768"), text);
		assertTrue(text.contains("IKE SA rekeyed"), text);
		assertTrue(text.contains("INFORMATIONAL"), text);
	}

	@Test
	void traceFilesPcapAndTheWiresharkKeyTable() throws Exception {
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ikewb-trace");
		java.nio.file.Path json = dir.resolve("trace.json");
		java.nio.file.Path pcap = dir.resolve("run.pcap");
		java.nio.file.Path keys = dir.resolve("ikev2_decryption_table");
		java.nio.file.Path decrypted = dir.resolve("decrypted.pcap");
		assertEquals(Main.OK, run("run", "--trace", json.toString(), "--pcap", pcap.toString(), "--keys",
				keys.toString(), "--decrypted", decrypted.toString()), err());
		String trace = java.nio.file.Files.readString(json);
		assertTrue(trace.contains("\"exchange\": \"IKE_INTERMEDIATE\""), trace);
		assertTrue(trace.contains("SK{KEi(1) ML-KEM-768}"), trace);
		assertTrue(trace.contains("\"SK_d\""), "keys are in the trace when opted in");
		byte[] capture = java.nio.file.Files.readAllBytes(pcap);
		assertEquals((byte) 0xd4, capture[0], "pcap magic");
		assertTrue(capture.length > 6 * (16 + 28 + 200), "six datagrams: " + capture.length);
		byte[] plainText = java.nio.file.Files.readAllBytes(decrypted);
		assertEquals(252, plainText[20] & 0xff, "LINKTYPE_WIRESHARK_UPPER_PDU: dissected as IKE on any port");
		out.reset();
		assertEquals(Main.OK, run("wireshark", decrypted.toString(), "--print"), err());
		assertEquals("wireshark -r " + decrypted, out().strip(), "the decrypted export needs no -d");
		out.reset();
		assertEquals(Main.OK, run("wireshark", pcap.toString(), "--print"), err());
		assertTrue(out().matches("(?s)wireshark -r \\S+ -d udp\\.port==\\d+,udpencap\\s*"), out());
		assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
				java.nio.file.Files.getPosixFilePermissions(decrypted)), "the decrypted export holds what the SAs protected");
		String table = java.nio.file.Files.readString(keys);
		// Wireshark's UAT layout: SPIs and keys bare hex, only the algorithm names quoted
		assertTrue(java.util.regex.Pattern.compile("(?m)^[0-9a-f]{16},[0-9a-f]{16},[0-9a-f]{72},[0-9a-f]{72},\"AES-GCM-256 with 16 octet ICV \\[RFC5282\\]\",,,\"NONE \\[RFC4306\\]\"$").matcher(table).find(), table);
		assertTrue(table.contains("\"AES-GCM-256 with 16 octet ICV [RFC5282]\""), table);
		assertTrue(table.contains("\"NONE [RFC4306]\""), table);
		assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
				java.nio.file.Files.getPosixFilePermissions(keys)));

		java.nio.file.Path plain = dir.resolve("plain.json");
		assertEquals(Main.OK, run("run", "--trace", plain.toString()), err());
		assertTrue(!java.nio.file.Files.readString(plain).contains("SK_d"), "no key material unless opted in");
	}

	@Test
	void stepPausesAtEachMessageAndTheTerminalStepsOn() {
		java.io.InputStream keys = new java.io.ByteArrayInputStream("\n\n\n".getBytes(StandardCharsets.UTF_8));
		int code = Main.run(new String[] { "run", "--step" }, keys, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(Main.OK, code, err());
		String text = out();
		assertTrue(text.contains("|| paused before sending IKE_SA_INIT request #0"), text);
		assertTrue(text.contains("|| paused after receiving IKE_SA_INIT response #0"), text);
		assertTrue(text.contains("established:"), text);
	}

	@Test
	void certificatesFromACaMadeForTheRun() {
		assertEquals(Main.OK, run("run", "--auth", "cert"), err());
		assertTrue(out().contains("SK{IDi CERT CERTREQ AUTH SA TSi TSr}"), out());
		assertTrue(out().contains("SK{IDr CERT AUTH SA TSi TSr}"), out());
	}

	@Test
	void aConfigFileGivesTheOptions() throws Exception {
		java.nio.file.Path config = java.nio.file.Files.createTempFile("ikewb", ".properties");
		java.nio.file.Files.writeString(config, """
				# three rounds, fragments
				ike = aes256-sha256-ecp384-ke1_mlkem1024-ke2_mlkem512
				esp = aes256-sha256
				fragment-size = 600
				""");
		assertEquals(Main.OK, run("run", config.toString()), err());
		assertTrue(out().contains("keys generation 2: ADDKE2 ML-KEM-512"), out());
		java.nio.file.Files.writeString(config, "peer.nowhere = 127.0.0.1:9\npsk-env = PATH\ntimeout = 2\n");
		assertEquals(Main.FAILED, run("run", config.toString(), "--peer", "nowhere"));
		assertTrue(err().contains("no IKE SA after 2 s"), "--peer NAME resolved through CONFIG: " + err());
		assertEquals(Main.USAGE, run("run", "/no/such/config.properties"));
		assertTrue(err().contains("cannot read CONFIG /no/such/config.properties"), err());
	}

	@Test
	void threeRoundsWithFragmentation() {
		assertEquals(Main.OK, run("run", "--ike", "aes256-sha256-ecp384-ke1_mlkem1024-ke2_mlkem512", "--esp",
				"aes256-sha256", "--fragment-size", "600"), err());
		assertTrue(out().contains("SKF×"), out());
		assertTrue(out().contains("keys generation 2: ADDKE2 ML-KEM-512"), out());
	}

	@Test
	void aDuplicatedMethodIsRefusedWithTheReason() {
		// refused before anything is sent, with the policy rule's explanation (a responder would answer NO_PROPOSAL_CHOSEN)
		assertEquals(Main.USAGE, run("run", "--ike", "aes256gcm16-prfsha384-modp3072-ke1_modp3072"));
		assertTrue(err().contains("NO_PROPOSAL_CHOSEN"), err());
		assertTrue(err().contains("cannot be accepted") && err().contains("unsatisfiable-key-exchange"), err());
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"--revocation sometimes|relaxed or strict, not 'sometimes'",
			"--revocation strict|--crl, --revocation and --intermediate check the peer's certificate: they need --cert, --key and --ca",
			"--crl /nonexistent/ca.crl|--crl, --revocation and --intermediate check the peer's certificate",
			"--intermediate /nonexistent/sub.pem|they need --cert, --key and --ca" })
	void revocationOptionsThatCannotWorkAreUsageErrors(String args, String message) {
		java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run", "--peer", "127.0.0.1:500", "--psk-env", "PATH"));
		all.addAll(java.util.List.of(args.split(" ")));
		assertEquals(Main.USAGE, run(all.toArray(String[]::new)));
		assertTrue(err().contains(message), err());
		assertTrue(out().isEmpty(), "nothing was sent: " + out());
	}

	@Test
	void strictRevocationWithoutACrlIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("CLI CA", new java.security.SecureRandom());
		org.ikewb.crypto.Certificates.Local mine = ca.issue("me", "me.test");
		java.nio.file.Files.writeString(dir.resolve("me.pem"), org.ikewb.crypto.Pki.certificatePem(mine.chain()));
		java.nio.file.Files.writeString(dir.resolve("me.key"), org.ikewb.crypto.Pki.privateKeyPem(mine));
		java.nio.file.Files.writeString(dir.resolve("ca.pem"), org.ikewb.crypto.Pki.certificatePem(java.util.List.of(ca.caCertificate())));
		assertEquals(Main.USAGE, run("run", "--peer", "127.0.0.1:500", "--cert", dir.resolve("me.pem").toString(), "--key",
				dir.resolve("me.key").toString(), "--ca", dir.resolve("ca.pem").toString(), "--revocation", "strict"));
		assertTrue(err().contains("--revocation strict needs the CRL of each CA of the peer's path (--crl FILE)"), err());
	}

	@Test
	void usageErrorsSayWhat() {
		assertEquals(Main.USAGE, run("run", "--ike", "aes256gcm16-prfsha384-x25519-ke1_mlkem769"));
		assertTrue(err().contains("unknown key exchange method 'mlkem769'"), err());
		assertEquals(Main.USAGE, run("run", "--timeout", "soon"));
		assertEquals(Main.USAGE, run("run", "--peer", "nowhere"));
		assertEquals(Main.USAGE, run("frobnicate"));
		assertEquals(Main.USAGE, run());
		assertEquals(Main.USAGE, run("respond", "--listen", "127.0.0.1:0"));
		assertTrue(err().contains("a pre-shared key is needed"), err());
	}

	@Test
	void aPpkIsMixedIntoTheKeysAndNamedButNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path file = dir.resolve("pq-1.ppk");
		String hex = "5c9e1a7f3b2d48e6a0c4f81d9b3e7a25c6d0f4a8e2b1c7d39f05a6e8b4c2d1f7";
		java.nio.file.Files.writeString(file, "0x" + hex + "\n");
		java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertEquals(Main.OK, run("run", "--ppk-id", "pq-1", "--ppk-file", file.toString(), "--ppk-required"), err());
		String text = out();
		assertTrue(text.contains("keys generation 1: RFC 8784: PPK 'pq-1' mixed into SK_d, SK_pi, SK_pr"), text);
		assertTrue(text.contains("SK{IDi IDr AUTH N(PPK_IDENTITY) SA TSi TSr}"), "required: no NO_PPK_AUTH\n" + text);
		assertTrue(text.contains("established: aes256gcm16-prfsha384-x25519-ke1_mlkem768, 1 IKE_INTERMEDIATE exchange, key generation 1, PPK 'pq-1'"), text);
		assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains(hex), "the PPK itself is never printed");
		assertEquals("", err());

		// optional: NO_PPK_AUTH goes along
		out.reset();
		assertEquals(Main.OK, run("run", "--ppk-id", "pq-1", "--ppk-file", file.toString()), err());
		assertTrue(out().contains("SK{IDi IDr AUTH N(PPK_IDENTITY) N(NO_PPK_AUTH) SA TSi TSr}"), out());
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"--ppk-required|a PPK needs its identity: --ppk-id ID",
			"--ppk-id pq-1|--ppk-id pq-1 needs its key from one place: --ppk-env VAR or --ppk-file FILE",
			"--ppk-id pq-1 --ppk-file /nonexistent/pq.ppk|cannot read /nonexistent/pq.ppk",
			"--ppk-id pq-1 --ppk-env PATH --ppk-file x|needs its key from one place" })
	void aPpkThatCannotBeUsedIsAUsageError(String args, String message) {
		java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run"));
		all.addAll(java.util.List.of(args.split(" ")));
		assertEquals(Main.USAGE, run(all.toArray(String[]::new)));
		assertTrue(err().contains(message), err());
		assertTrue(out().isEmpty(), "nothing was sent: " + out());
	}

	@Test
	void aPpkFileSaysWhatIsWrongWithIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path bad = dir.resolve("bad.ppk");
		java.nio.file.Files.writeString(bad, "0x12z4\n");
		assertEquals(Main.USAGE, run("run", "--ppk-id", "pq-1", "--ppk-file", bad.toString()));
		assertTrue(err().contains(bad + ": after 0x, an even number of hex digits"), err());
		err.reset();
		java.nio.file.Path weak = dir.resolve("weak.ppk");
		java.nio.file.Files.writeString(weak, "short\n");
		java.nio.file.Files.setPosixFilePermissions(weak, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertEquals(Main.OK, run("run", "--ppk-id", "pq-1", "--ppk-file", weak.toString()), err());
		assertTrue(err().contains("has 40 bits; RFC 8784 asks for at least 256 bits of entropy"), err());
	}

	@Test
	void aPasswordLengthPskIsWarnedAbout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path psk = dir.resolve("short.psk");
		java.nio.file.Files.writeString(psk, "guessable\n");
		java.nio.file.Files.setPosixFilePermissions(psk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertEquals(Main.OK, run("run", "--psk-file", psk.toString()), err());
		assertTrue(err().contains("the pre-shared key in " + psk + " has 9 characters: one captured IKE_AUTH lets an"
				+ " attacker test guesses offline (RFC 7296 §2.15); use at least 20 random characters"), err());
	}

	@Test
	void childlessMakesTheChildSaByCreateChildSa() {
		assertEquals(Main.OK, run("run", "--childless"), err());
		String text = out();
		assertTrue(text.contains("N(CHILDLESS_IKEV2_SUPPORTED)"), "the responder says it can: " + text);
		assertTrue(text.contains("IKE_AUTH #2            -----------------------> SK{IDi IDr AUTH}"), text);
		assertTrue(text.contains("no Child SA in IKE_AUTH (childless): creating one with CREATE_CHILD_SA"), text);
		assertTrue(text.contains("Child SA: ESP aes256gcm16-x25519-noesn-ke1_mlkem768"), text);
	}

	@Test
	void everyOptionIsDocumentedByItsCommandsHelp() {
		// the options the command line has always had: none may disappear from --help (picocli prints what it parses)
		java.util.Map<String, java.util.List<String>> options = java.util.Map.of(
				"run", java.util.List.of("--peer", "--listen", "--ike", "--esp", "--rekey-ike", "--rekey-esp", "--rekey-keys",
						"--id", "--remote-id", "--psk-env", "--psk-file", "--cert", "--key", "--ca", "--auth", "--fragment-size",
						"--timeout", "--trace", "--pcap", "--decrypted", "--keys", "--step", "--rekey", "--ppk-id", "--ppk-env",
						"--ppk-file", "--ppk-required", "--childless", "--crl", "--revocation", "--intermediate", "--help"),
				"respond", java.util.List.of("--listen", "--psk-file", "--rekey-ike", "--keys", "--help"),
				"validate", java.util.List.of("--format", "FILE", "--help"),
				"generate", java.util.List.of("--target", "--out", "--with-secrets", "FILE", "--help"),
				"wireshark", java.util.List.of("PCAP", "--keys", "--tshark", "--print", "-- MORE", "--help"),
				"load", java.util.List.of("--peer", "--count", "--rate", "--in-flight", "--sources", "--keep", "--limit", "--ramp",
						"--step-seconds", "--json", "--help"));
		options.forEach((command, names) -> {
			out.reset();
			assertEquals(Main.OK, run(command, "--help"), command);
			String help = out();
			for (String name : names) {
				assertTrue(java.util.regex.Pattern.compile("(?m)^\\s+(-h, )?" + java.util.regex.Pattern.quote(name)
						+ "[= ].*\\S").matcher(help).find() || help.contains(" " + name + "..."), command + " --help documents "
								+ name + ":\n" + help);
			}
		});
	}

	@Test
	void aWrongCommandLineSaysWhatAndWhereTheOptionsAre() {
		assertEquals(Main.USAGE, run("run", "--frobnicate"));
		assertTrue(err().contains("ikewb run: Unknown option: '--frobnicate'"), err());
		assertTrue(err().contains("Run 'ikewb run --help' for its options."), err());
		err.reset();
		assertEquals(Main.USAGE, run("run", "--peer"));
		assertTrue(err().contains("--peer"), err());
		err.reset();
		assertEquals(Main.USAGE, run("validate", "--format", "xml", "x.ikewb"));
		assertTrue(err().contains("Invalid value for option '--format': text or json, not 'xml'"), err());
		err.reset();
		assertEquals(Main.USAGE, run("wireshark", "a.pcap", "b.pcap"));
		assertTrue(err().contains("ikewb wireshark: Unmatched argument"), err());
		assertEquals(Main.USAGE, run("wireshark"));
		assertTrue(err().contains("Missing required parameter: 'PCAP'"), err());
	}

	@Test
	void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgumentAndDoubleDashEndsThem() throws Exception {
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ikewb-forms");
		java.nio.file.Path policy = dir.resolve("-p.ikewb"); // a file whose name looks like an option
		java.nio.file.Files.writeString(policy, "policy p {}\n");
		assertEquals(Main.OK, run("validate", "--format=json", "--", policy.toString()), err());
		assertTrue(out().startsWith("["), out());
		out.reset();
		assertEquals(Main.OK, run("validate", "--format", "text", "--format", "json", policy.toString()), err());
		assertTrue(out().startsWith("["), "the later value wins: " + out());
		assertEquals(Main.USAGE, run("run", "--peer", "--listen", "127.0.0.1:0"));
		assertTrue(err().contains("Expected parameter for option '--peer' but found '--listen'"), err());
		err.reset();
		assertEquals(Main.USAGE, run("run", "--rekey=yes"));
		assertTrue(err().contains("Option '--rekey' takes no value, not 'yes'"), err());
		err.reset();
		assertEquals(Main.USAGE, run("generate", policy.toString()));
		assertTrue(err().contains("Missing required option: '--target=strongswan|libreswan|fortios|checkpoint'"), err());
		err.reset();
		assertEquals(Main.USAGE, run("load", "--peer", "127.0.0.1:500", "--count", "x"));
		assertTrue(err().contains("Invalid value for option '--count': a positive whole number, not 'x'"), err());
		java.nio.file.Files.delete(policy);
		java.nio.file.Files.delete(dir);
	}

	@Test
	void aConfigValueIsOverriddenByTheCommandLine() throws Exception {
		java.nio.file.Path config = java.nio.file.Files.createTempFile("ikewb-override", ".properties");
		java.nio.file.Files.writeString(config, "timeout = 1\npeer = 127.0.0.1:9\npsk-env = PATH\n");
		assertEquals(Main.FAILED, run("run", config.toString(), "--timeout", "2"));
		assertTrue(err().contains("no IKE SA after 2 s"), "the command line's --timeout wins: " + err());
		java.nio.file.Files.delete(config);
	}

	/** One line on standard error, exit 2, nothing sent: the shapes of #15.4 that used to hang until --timeout. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "--ike ,|no IKE proposal",
			"--ike aes256gcm16-prfsha384|has no key exchange method",
			"--ike aes256gcm16-prfsha384-none|has no key exchange method", "--esp ,|no ESP proposal",
			"--fragment-size 1|fragment size 1 is outside 128..65535",
			"--peer [::1]:6599 --psk-env PATH|is IPv6 but --listen 127.0.0.1:0 is IPv4",
			"--peer 127.0.0.1:0 --psk-env PATH|port 0 is no IKE peer's port" })
	void whatCannotBeNegotiatedIsAUsageErrorBeforeAnythingIsSent(String caseText) {
		String[] parts = caseText.split("\\|");
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run"));
		args.addAll(java.util.List.of(parts[0].split(" ")));
		args.addAll(java.util.List.of("--timeout", "20"));
		long start = System.nanoTime();
		assertEquals(Main.USAGE, run(args.toArray(String[]::new)), err());
		assertTrue(err().contains(parts[1]), err());
		assertTrue(err().lines().count() <= 2, "one line (and at most a hint): " + err());
		assertTrue(!out().contains("IKE_SA_INIT"), "nothing was sent: " + out());
		assertTrue(System.nanoTime() - start < 10_000_000_000L, "at once, not after --timeout");
	}

	@Test
	void respondRefusesProposalsThatCannotBeNegotiated() {
		assertEquals(Main.USAGE, run("respond", "--ike", ",", "--listen", "127.0.0.1:0", "--psk-env", "PATH"));
		assertTrue(err().contains("no IKE proposal"), err());
	}

	@Test
	void aConfigValueThatIsNoFileNameIsAUsageErrorNotAStackTrace() throws Exception {
		java.nio.file.Path config = java.nio.file.Files.createTempFile("ikewb-nul", ".properties");
		java.nio.file.Files.write(config, "trace=a\u0000b.json\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(Main.USAGE, run("run", config.toString()));
		assertTrue(err().contains("'a\\0b.json' is not a usable file name (it holds a NUL character)"), err());
		assertTrue(!err().contains("Exception"), err());
		java.nio.file.Files.delete(config);
	}

	@Test
	void theJsonTraceWithKeysIsOwnerOnlyAndAnUnwritableOutputFailsTheRun() throws Exception {
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ikewb-outputs");
		assertEquals(Main.OK, run("run", "--trace", dir.resolve("run.json").toString(), "--keys",
				dir.resolve("keys").toString()), err());
		assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
				java.nio.file.Files.getPosixFilePermissions(dir.resolve("run.json"))), "SKEYSEED and SK_* inside");
		assertEquals(Main.OK, run("run", "--trace", dir.resolve("plain.json").toString()), err());
		assertTrue(!java.nio.file.Files.readString(dir.resolve("plain.json")).contains("skeyseed"));
		err.reset();
		assertEquals(Main.USAGE, run("run", "--trace", "/nonexistent/x.json"));
		assertTrue(err().contains("--trace /nonexistent/x.json: the directory /nonexistent does not exist"), err());
		err.reset();
		assertEquals(Main.USAGE, run("run", "--pcap", dir.toString()));
		assertTrue(err().contains("is a directory"), err());
	}

	@Test
	void aPskFileOthersCanReadIsWarnedAboutAndABinaryOneRefused() throws Exception {
		java.nio.file.Path psk = java.nio.file.Files.createTempFile("ikewb-psk", ".txt");
		java.nio.file.Files.writeString(psk, "a-pre-shared-key-0123456789\n");
		java.nio.file.Files.setPosixFilePermissions(psk, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		assertEquals(Main.FAILED, run("run", "--peer", "127.0.0.1:9", "--psk-file", psk.toString(), "--timeout", "1"));
		assertTrue(err().contains("is readable by others (rw-r--r--): chmod 600"), err());
		java.nio.file.Files.write(psk, new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3 });
		err.reset();
		assertEquals(Main.USAGE, run("run", "--peer", "127.0.0.1:9", "--psk-file", psk.toString()));
		assertTrue(err().contains("not UTF-8 text (a binary file?)"), err());
		java.nio.file.Files.delete(psk);
	}

	@Test
	void anUnansweredPeerEndsWithOneLineWhy() {
		assertEquals(Main.FAILED, run("run", "--peer", "127.0.0.1:9", "--psk-env", "PATH", "--timeout", "2"));
		assertTrue(err().startsWith("ikewb run: no IKE SA after 2 s"), err());
	}
}
