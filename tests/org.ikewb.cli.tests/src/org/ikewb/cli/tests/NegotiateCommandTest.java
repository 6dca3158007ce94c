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

/** {@code ikewb negotiate}: the prediction of a peer pair drawn as a sequence diagram, and the fleet matrix, on the examples. */
class NegotiateCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	@Test
	void theBranchAndItsHeadquartersAgreeAfterTheGatewayAsksForItsOwnCurve() {
		int exit = run("negotiate", "../../examples/branch-to-hq.ikewb", "--peer", "hq", "--with",
				"../../examples/hq-gateway.ikewb", "--peer", "branch1");
		assertEquals(0, exit, err::toString);
		String text = out();
		assertTrue(text.contains("responder hq_gateway/branch1 (strongSwan 6.1)"), text);
		assertTrue(text.contains("N(INVALID_KE_PAYLOAD)"), text);
		assertTrue(text.contains("(hq_gateway/branch1 selects ecp384, not the x25519 sent)"), text);
		assertTrue(text.contains("SKF×2{KEi(1) ML-KEM-1024}"), "ML-KEM-1024 fragmented at the branch's 1280: " + text);
		assertTrue(text.contains("keys generation 1: IKE_INTERMEDIATE ADDKE 1: mlkem1024"), text);
		assertTrue(text.contains("agreed: aes256gcm16-prfsha384-ecp384-ke1_mlkem1024 after 1 INVALID_KE_PAYLOAD"), text);
		assertTrue(text.contains("key exchanges: ecp384 + mlkem1024 (post-quantum)"), text);
	}

	@Test
	void underOurRulesTheSameBranchKeepsItsX25519() {
		int exit = run("negotiate", "../../examples/branch-to-hq.ikewb", "--peer", "hq", "--with",
				"../../examples/hq-gateway.ikewb", "--peer", "branch1", "--as", "ours");
		assertEquals(0, exit, err::toString);
		assertTrue(out().contains("agreed: aes256gcm16-prfsha384-x25519-ke1_mlkem768"), out());
	}

	@Test
	void aFailureExitsOneAndNamesTheTypesWithoutOverlap() {
		int exit = run("negotiate", "../../examples/branch-to-hq.ikewb", "--peer", "hq", "--with",
				"../../examples/hq-gateway.ikewb", "--peer", "branch2");
		assertEquals(1, exit);
		assertTrue(out().contains("fails in IKE_SA_INIT: NO_PROPOSAL_CHOSEN — PRF: offered prfsha384, accepted prfsha256; "
				+ "ADDKE1: offered mlkem768, mlkem1024, accepted nothing"), out());
	}

	@Test
	void theFleetMatrixPairsCounterpartsAndPutsFailuresFirst() throws Exception {
		Path fleet = Files.writeString(dir.resolve("fleet.ikewb"), """
				policy fleet {
				    ike proposal hybrid  { encryption aes256gcm16  prf prfsha384  ke x25519  addke 1 mlkem768 }
				    ike proposal maybe   { encryption aes256gcm16  prf prfsha384  ke x25519  addke 1 mlkem768, none }
				    ike proposal classic { encryption aes256gcm16  prf prfsha384  ke x25519 }
				    peer a { local address 10.0.0.1 id fqdn "a.test"  remote address 10.9.9.9 id fqdn "hub.test"
				             auth psk from env "P"  ike proposals hybrid }
				    peer b { local address 10.0.0.2 id fqdn "b.test"  remote address 10.9.9.9 id fqdn "hub.test"
				             auth psk from env "P"  ike proposals maybe }
				    peer hub_a { role responder  local address 10.9.9.9 id fqdn "hub.test"  remote address any id fqdn "a.test"
				             auth psk from env "P"  ike proposals classic }
				    peer hub_b { role responder  local address 10.9.9.9 id fqdn "hub.test"  remote address any id fqdn "b.test"
				             auth psk from env "P"  ike proposals classic }
				}
				""");
		int exit = run("negotiate", fleet.toString(), "--fleet");
		assertEquals(1, exit, err::toString);
		String text = out();
		assertTrue(text.contains("2 initiators × 2 responders, 2 pairs that address each other"), text);
		int fail = text.indexOf("FAIL      fleet/a");
		int downgrade = text.indexOf("DOWNGRADE fleet/b");
		assertTrue(fail > 0 && downgrade > fail, "failures, then downgrades:\n" + text);
		assertTrue(text.contains("\na  ✗  ·\n"), text);
		assertTrue(text.contains("\nb  ·  ↓\n"), text);
		assertTrue(text.contains("2 pairs: 1 fail, 1 downgraded"), text);
	}

	@Test
	void badUsageSaysWhatToChoose() {
		assertEquals(2, run("negotiate", "../../examples/hq-gateway.ikewb", "--peer", "branch2_device", "--as", "vendorx"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("--as vendorx: one of ours, strongswan, libreswan, fortios, checkpoint"));
		err.reset();
		assertEquals(2, run("negotiate", "../../examples/hq-gateway.ikewb", "--peer", "branch2_device"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("possible responders: choose one with --with POLICY2 --peer NAME (branch1, branch2)"),
				err::toString);
	}
}
