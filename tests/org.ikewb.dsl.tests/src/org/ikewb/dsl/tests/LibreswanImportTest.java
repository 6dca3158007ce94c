package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.importer.LibreswanImporter;
import org.ikewb.dsl.importer.SwanctlImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ipsec.conf into a policy: Libreswan's notations, %default and also=, conns grouped into peers, findings. */
class LibreswanImportTest {

	@TempDir
	Path dir;

	private SwanctlImporter.Result importText(String text) throws Exception {
		return LibreswanImporter.importFiles(List.of(Files.writeString(dir.resolve("ipsec.conf"), text)), "imported");
	}

	@Test
	void connsSharingAnIkeSideBecomeOnePeerAndLibreswansNotationsMap() throws Exception {
		SwanctlImporter.Result r = importText("""
				config setup
				    plutodebug=base
				conn %default
				    keyexchange=ikev2
				    authby=secret
				conn base
				    left=192.0.2.1
				    leftid=@gw.example.net
				    right=198.51.100.7
				    rightid=@branch.example.net
				    ike=aes_gcm256-sha2_384;dh31;addke1=ml_kem_768+none,aes256-sha2_256-modp3072
				conn gw-lan
				    also=base
				    esp=aes_gcm256-null
				    leftsubnet=10.0.0.0/8
				    rightsubnet=10.1.0.0/16
				    auto=start
				conn gw-voice
				    also=base
				    esp=aes_gcm128
				    leftsubnets={10.0.50.0/24 10.0.51.0/24}
				    rightsubnet=10.1.50.0/24
				    rightprotoport=udp/5060
				    auto=start
				    dpddelay=30
				""");
		assertNotNull(r.policy(), r.findings()::toString);
		String p = r.policy();
		assertTrue(p.contains("peer gw {") && p.contains("child lan {") && p.contains("child voice {"), p);
		assertTrue(p.contains("addke 1    mlkem768, none"), p);
		assertTrue(p.contains("ke         x25519"), p);
		assertTrue(p.contains("integrity  sha256") && p.contains("ke         modp3072"), p);
		assertTrue(p.contains("local ts 10.0.50.0/24, 10.0.51.0/24"), p);
		assertTrue(p.contains("remote ts 10.1.50.0/24 proto udp port 5060"), p);
		assertTrue(p.contains("local address 192.0.2.1 id fqdn \"gw.example.net\""), p);
		assertFalse(p.contains("role"), "auto=start: an initiator");
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 25 && f.message().contains("dpddelay")), r.findings()::toString);
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 2 && f.message().contains("plutodebug")), r.findings()::toString);
		// the base conn has no children of its own but is one too: it becomes a peer of its own
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(Files.writeString(dir.resolve("p.ikewb"), p));
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
	}

	@Test
	void ikev1OtherMethodsAndBadLinesAreFindingsNotExceptions() throws Exception {
		SwanctlImporter.Result r = importText("""
				conn old
				    keyexchange=ikev1
				    left=192.0.2.1
				    right=192.0.2.2
				conn eap
				    authby=null
				    left=192.0.2.1
				    right=%any
				    auto=add
				not a conn line
				    orphan
				""");
		assertNull(r.policy());
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 2 && f.code().equals("import-skipped")), r.findings()::toString);
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 6 && f.code().equals("import-skipped")), r.findings()::toString);
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 10 && f.code().equals("import-syntax")), r.findings()::toString);
		for (String hostile : new String[] { "\u0000\u00ff", "conn x\n    ike=\u001b[31m-sha2\n    left=1.2.3.4\n    right=%any\n",
				"conn a\n    also=a\n    ike=aes_gcm256-sha2_256-dh31\n" }) {
			SwanctlImporter.Result h = importText(hostile);
			h.findings().forEach(f -> assertFalse(f.message().chars().anyMatch(c -> c < 0x20), f::toString));
		}
	}
}
