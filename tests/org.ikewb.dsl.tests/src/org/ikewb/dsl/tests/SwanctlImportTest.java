package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.importer.ImportFinding;
import org.ikewb.dsl.importer.SwanctlImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * swanctl.conf into a policy: what maps, what is reported on its line, and that hostile files give
 * findings, not exceptions. (The round trip through a real charon is ImportRoundTripInteropTest.)
 */
class SwanctlImportTest {

	@TempDir
	Path dir;

	private SwanctlImporter.Result importText(String text) throws Exception {
		Path file = Files.writeString(dir.resolve("swanctl.conf"), text);
		return SwanctlImporter.importFiles(List.of(file), "imported");
	}

	private PolicyFiles.Loaded load(String policy) throws Exception {
		Path file = Files.writeString(dir.resolve("imported.ikewb"), policy);
		return PolicyFiles.standalone().load(file);
	}

	@Test
	void aHybridConnectionBecomesAPeerWithNamedProposalsAndItsSecretStaysOut() throws Exception {
		SwanctlImporter.Result r = importText("""
				connections {
				    hq {
				        remote_addrs = 203.0.113.1
				        proposals = aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none
				        local { auth = psk
				                id = @branch.example.net }
				        remote {
				            auth = psk
				            id = hq.example.net
				        }
				        children {
				            lan {
				                local_ts = 10.1.0.0/16
				                remote_ts = 10.0.0.0/8[6/443], fd00::/8
				                esp_proposals = aes256gcm16-x25519-ke1_mlkem768
				                start_action = start
				            }
				        }
				    }
				}
				secrets { ike-1 { secret = "never-in-a-policy" } }
				""");
		assertNotNull(r.policy(), r.findings()::toString);
		assertFalse(r.policy().contains("never-in-a-policy"), r.policy());
		assertTrue(r.policy().contains("    ike proposal hq_ike {\n        encryption aes256gcm16\n        prf        prfsha384\n"
				+ "        ke         x25519\n        addke 1    mlkem768, none\n    }\n"), r.policy());
		assertTrue(r.policy().contains("remote address 203.0.113.1 id fqdn \"hq.example.net\""), r.policy());
		assertTrue(r.policy().contains("local id fqdn \"branch.example.net\""), r.policy());
		assertTrue(r.policy().contains("auth psk from env \"HQ_PSK\""), r.policy());
		assertTrue(r.policy().contains("remote ts 10.0.0.0/8 proto 6 port 443, \"fd00::/8\""), r.policy());
		assertFalse(r.policy().contains("role"), "start_action = start: an initiator, the default role");
		assertTrue(r.findings().stream().allMatch(f -> f.code().equals("import-secret")), r.findings()::toString);
		PolicyFiles.Loaded loaded = load(r.policy());
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
	}

	@Test
	void identitiesFollowStrongSwansNotation() throws Exception {
		SwanctlImporter.Result r = importText("""
				connections {
				    a { remote_addrs = %any
				        proposals = aes128gcm16-prfsha256-ecp256
				        local { auth = psk
				                id = "C=CH, O=Example, CN=gw" }
				        remote { auth = psk
				                 id = *@example.net } }
				    b { remote_addrs = 192.0.2.9
				        proposals = aes128gcm16-prfsha256-ecp256
				        local { auth = psk
				                id = 192.0.2.8 }
				        remote { auth = psk
				                 id = "@#0a0b0c" } }
				}
				""");
		assertTrue(r.policy().contains("role responder"), r.policy());
		assertTrue(r.policy().contains("id dn \"C=CH, O=Example, CN=gw\""), r.policy());
		assertTrue(r.policy().contains("id email \"*@example.net\""), r.policy());
		assertTrue(r.policy().contains("local id address 192.0.2.8"), r.policy());
		assertTrue(r.policy().contains("id keyid \"0a0b0c\""), r.policy());
		assertTrue(r.policy().contains("role both"), "no start_action, a fixed remote: either side may start");
		assertEquals(1, r.policy().split("ike proposal ").length - 1, "the same proposal is defined once");
		assertFalse(load(r.policy()).hasErrors(), () -> load0(r.policy()));
	}

	private String load0(String policy) {
		try {
			return load(policy).issues().toString();
		} catch (Exception e) {
			return e.toString();
		}
	}

	@Test
	void everySettingAPolicyCannotSayIsAFindingOnItsLine() throws Exception {
		SwanctlImporter.Result r = importText("""
				connections {
				    c {
				        remote_addrs = 192.0.2.1, 192.0.2.2
				        proposals = aes256-sha256-modp2048, default, foo-bar
				        mobike = no
				        local { auth = psk }
				        remote { auth = psk }
				        children { x { esp_proposals = aes256-sha256-esn
				                       updown = /usr/local/bin/updown } }
				    }
				}
				pools { p { addrs = 10.3.0.0/16 } }
				""");
		List<String> found = r.findings().stream().map(f -> f.line() + " " + f.code()).toList();
		for (String expected : List.of("3 import-unmapped", "4 import-unmapped", "5 import-unmapped", "8 import-unmapped",
				"9 import-unmapped", "12 import-unmapped")) {
			assertTrue(found.contains(expected), expected + " in " + r.findings());
		}
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 4 && f.message().contains("unknown algorithm 'foo'")),
				r.findings()::toString);
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 8 && f.message().contains("esn")), r.findings()::toString);
		assertFalse(r.hasErrors(), r.findings()::toString);
	}

	@Test
	void hostileFilesGiveFindingsNotExceptions() throws Exception {
		for (String text : new String[] { "connections {\n c {\n", "}}}}\n", "\u0000\u0001\u00ff = {{\n",
				"connections { c { proposals = \n local { auth = xauth } remote { auth = xauth } } }",
				"include /nonexistent/*.conf\n", "connections {" + "a {".repeat(100) + "}".repeat(101) }) {
			SwanctlImporter.Result r = importText(text);
			assertNull(r.policy(), text);
			assertTrue(r.hasErrors(), text);
			for (ImportFinding f : r.findings()) {
				assertFalse(f.message().chars().anyMatch(c -> c < 0x20), "control characters escaped: " + f);
			}
		}
		Path loop = Files.writeString(dir.resolve("loop.conf"), "include loop.conf\n");
		SwanctlImporter.Result r = SwanctlImporter.importFiles(List.of(loop), "loop");
		assertTrue(r.findings().stream().anyMatch(f -> f.message().contains("too many or too deeply nested includes")),
				r.findings()::toString);
	}
}
