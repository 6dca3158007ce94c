package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a FortiGate cannot take, found by the validator for {@code targets fortios} (each with a
 * near miss it must accept): a Diffie-Hellman group in an ADDKE round (Fortinet's module allows
 * 0 and ML-KEM there), a phase1 name over 15 characters, a remote port other than 500, and two
 * proposals whose merge into FortiOS's one list per transform type widens what is negotiated.
 */
class FortiOsTargetTest {

	static final String BASE = """
			policy p {
			    targets fortios
			    ike proposal p1 {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768
			    }
			    ike proposal p2 {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         ecp384
			        addke 1    mlkem768
			    }
			    esp proposal child {
			        encryption aes256gcm16
			    }
			    peer hq {
			        local  address 192.0.2.1 id fqdn "a.example.net"
			        remote address 192.0.2.2 id fqdn "b.example.net"
			        auth psk from env "PATH"
			        ike proposals p1
			        child lan { local ts 10.1.0.0/16 remote ts 10.0.0.0/8 esp proposals child }
			    }
			}
			""";

	@BeforeAll
	static void setUp() {
		RulesTest.setUp();
	}

	private static List<Issue> findings(String text) throws Exception {
		return RulesTest.issues(text).stream().filter(i -> "unsupported-by-target".equals(i.getCode())).toList();
	}

	private static String edit(String from, String to) {
		assertTrue(BASE.contains(from), from);
		return BASE.replace(from, to);
	}

	@Test
	void rekeyProposalsOfTheWrongProtocolAreFound() throws Exception {
		String text = edit("ike proposals p1", "ike proposals p1\n        rekey ike proposals child");
		List<Issue> found = RulesTest.issues(text);
		assertTrue(found.stream().anyMatch(i -> "wrong-protocol".equals(i.getCode())
				&& i.getMessage().contains("rekeys with 'child'")), found::toString);
		String ours = edit("targets fortios", "targets ikewb").replace("ike proposals p1", "ike proposals p1\n        rekey ike proposals p2");
		assertEquals(List.of(), RulesTest.issues(ours), "the engine can rekey to other proposals");
	}

	@Test
	void theBaseIsClean() throws Exception {
		assertEquals(List.of(), RulesTest.issues(BASE));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"DH group in an ADDKE round | addke 1    mlkem768 | addke 1    ecp256 | addke 1    mlkem768 | addke 1    mlkem1024 | only as the primary KE",
			"phase1 name over 15 characters | peer hq { | peer headquarters_paris { | peer hq { | peer headquarters_pa { | 15 characters",
			"remote IKE port | remote address 192.0.2.2 | remote address 192.0.2.2 port 4501 | remote address 192.0.2.2 | remote address 192.0.2.2 port 500 | no remote IKE port",
			"FortiOS 7.6.0 takes no ML-KEM in addke | targets fortios | targets fortios 7.6.0 | targets fortios | targets fortios 7.6.2 | FortiOS 7.6.0 cannot negotiate 'mlkem768'",
			"FortiOS before 7.6 has no addke | targets fortios | targets fortios 7.4.4 | targets fortios | targets fortios 7.6.1 | FortiOS 7.4.4 has no additional key exchanges",
			"Libreswan 5.2 has no addke | targets fortios | targets libreswan 5.2 | targets fortios | targets libreswan 5.4 | Libreswan 5.2 has no additional key exchanges",
			"a version out of range | targets fortios | targets fortios 7.600.1 | targets fortios | targets fortios 7.6.1 | is out of range",
			"rekey proposals | ike proposals p1 | ike proposals p1\\n        rekey ike proposals p2 | ike proposals p1 | ike proposals p1\\n        rekey ike proposals p1 | rekeys with other proposals",
			"merged proposals widen | ike proposals p1 | ike proposals p1, p3 | ike proposals p1 | ike proposals p1, p2 | would also accept" })
	void eachFortiOsLimitIsAFindingAndItsNearMissIsNot(String what, String negFrom, String negTo, String posFrom, String posTo,
			String message) throws Exception {
		String negative = edit(negFrom, negTo.replace("\\n", "\n"));
		String positive = edit(posFrom, posTo.replace("\\n", "\n"));
		if (what.startsWith("merged")) {
			// p3 differs from p1 in KE and ADDKE1: merged, FortiOS would also accept x25519 + ML-KEM-1024
			String p3 = "    ike proposal p3 {\n        encryption aes256gcm16\n        prf        prfsha384\n        ke         ecp384\n        addke 1    mlkem1024\n    }\n";
			negative = negative.replace("    esp proposal child", p3 + "    esp proposal child");
		}
		List<Issue> found = findings(negative);
		assertTrue(found.stream().anyMatch(i -> i.getMessage().contains(message)), () -> what + ": " + found);
		Issue first = found.stream().filter(i -> i.getMessage().contains(message)).findFirst().orElseThrow();
		assertTrue(first.getLineNumber() > 0, () -> "where: " + first);
		List<Issue> near = findings(positive);
		assertEquals(List.of(), near, what + " (near miss)");
	}
}
