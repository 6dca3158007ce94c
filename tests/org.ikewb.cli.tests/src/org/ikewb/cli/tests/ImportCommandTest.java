package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ikewb import}: a swanctl.conf of the interop corpus becomes a policy that validates; findings carry lines. */
class ImportCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void aCorpusFileBecomesAPolicyThatValidatesAndThenGenerates() throws Exception {
		Path policy = dir.resolve("site.ikewb");
		int exit = run("import", "--from", "strongswan", "../interop/import-corpus/strongswan/site-to-site-hybrid.conf",
				"--out", policy.toString());
		String said = err.toString(StandardCharsets.UTF_8);
		assertEquals(0, exit, said);
		assertTrue(said.contains("site-to-site-hybrid.conf:15: info import-secret: the pre-shared key is read from "
				+ "environment variable HQ_PSK"), said);
		assertTrue(said.contains("wrote " + policy), said);
		assertTrue(!said.contains(": error "), said);
		String text = Files.readString(policy);
		assertTrue(text.contains("peer hq {") && text.contains("child web {"), text);
		err.reset();
		assertEquals(0, run("validate", policy.toString()), err::toString);
	}

	@Test
	void unmappedSettingsAndSkippedConnectionsAreReportedAndExitOne() {
		int exit = run("import", "--from", "strongswan", "../interop/import-corpus/strongswan/legacy-with-extras.conf");
		String said = err.toString(StandardCharsets.UTF_8);
		assertEquals(1, exit, said);
		assertTrue(said.contains("legacy-with-extras.conf:9: warning import-unmapped: dpd_delay = 30s"), said);
		assertTrue(said.contains("legacy-with-extras.conf:30: error import-skipped: connection 'oldpeer' is IKEv1"), said);
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("peer office {"), "the rest is imported");
	}

	@Test
	void aLibreswanFileBecomesOnePeerWithAChildPerConn() throws Exception {
		Path policy = dir.resolve("site.ikewb");
		int exit = run("import", "--from", "libreswan", "../interop/import-corpus/libreswan/site-hybrid.conf", "--out",
				policy.toString());
		assertEquals(0, exit, err::toString);
		String text = Files.readString(policy);
		assertTrue(text.contains("peer hq {") && text.contains("child lan {") && text.contains("child voice {"), text);
		assertTrue(text.contains("remote ts 10.0.50.0/24 proto 17 port 5060"), text);
		err.reset();
		assertEquals(0, run("validate", policy.toString()), err::toString);
	}

	@Test
	void requirePostQuantumTurnsEachClassicalProposalIntoAnErrorToMigrate() throws Exception {
		Path policy = dir.resolve("site.ikewb");
		int exit = run("import", "--from", "strongswan", "--require-post-quantum",
				"../interop/import-corpus/strongswan/site-to-site-hybrid.conf", "--out", policy.toString());
		assertEquals(0, exit, err::toString);
		assertTrue(Files.readString(policy).contains("    require post-quantum\n    targets strongswan"));
		String said = err.toString(StandardCharsets.UTF_8);
		assertTrue(said.contains("error no-post-quantum") && said.contains("'hq_ike2'"), said);
		assertTrue(said.contains("error downgrade-possible") && said.contains("(2 validation errors to fix)"), said);
	}

	@Test
	void badUsageNamesTheProblem() {
		assertEquals(2, run("import", "--from", "cisco", "x.conf"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--from cisco: strongswan (swanctl.conf), libreswan (ipsec.conf) or fortios (CLI)"));
		err.reset();
		assertEquals(2, run("import", "--from", "strongswan", "no-such.conf"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("no-such.conf: cannot read it"));
	}
}
