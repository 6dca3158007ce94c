package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Proposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17: the language never silently weakens a policy. Each case is one a network architect
 * met: a local proposal hiding the library's, duplicate names, a missing import, round numbers where
 * none belong, strongSwan's 3des, messages naming the wrong algorithm or cascading after a typo,
 * bytes from the file echoed to a terminal, names beyond ASCII.
 */
class NamesAndMessagesTest {

	@TempDir
	Path dir;

	static final String LIBRARY = """
			ike proposal hybrid_any {
			    encryption aes256gcm16
			    prf        prfsha384
			    ke         x25519
			    addke 1    mlkem768
			}
			""";

	static String policy(String proposals, String ikeProposals) {
		return """
				policy p {
				%s
				    peer hq {
				        local  address 192.0.2.1 id fqdn "a.example.net"
				        remote address 192.0.2.2 id fqdn "b.example.net"
				        auth psk from env "PATH"
				        ike proposals %s
				    }
				}
				""".formatted(proposals, ikeProposals);
	}

	private PolicyFiles.Loaded load(String name, String text) throws Exception {
		return PolicyFilesInDir.load(dir, name, text);
	}

	private static List<Issue> withCode(PolicyFiles.Loaded loaded, String code) {
		return loaded.issues().stream().filter(i -> code.equals(i.getCode())).toList();
	}

	private static String all(PolicyFiles.Loaded loaded) {
		return loaded.issues().stream().map(i -> i.getLineNumber() + ": " + i.getCode() + ": " + i.getMessage()).toList().toString();
	}

	@Test
	void aLocalProposalMayNotSilentlyHideAnImportedOne() throws Exception {
		load("lib/pq.ikewb", LIBRARY);
		String weak = """
				ike proposal hybrid_any {
				    encryption aes128
				    prf        prfsha1
				    integrity  sha1
				    ke         modp2048
				}
				""";
		PolicyFiles.Loaded loaded = load("site.ikewb", "import \"lib/pq.ikewb\"\n" + weak + policy("", "hybrid_any"));
		List<Issue> shadow = withCode(loaded, "shadows-import");
		assertEquals(1, shadow.size(), all(loaded));
		assertEquals(Severity.ERROR, shadow.get(0).getSeverity());
		assertEquals(2, shadow.get(0).getLineNumber(), "on the local proposal");
		assertTrue(shadow.get(0).getMessage().contains("imported from \"lib/pq.ikewb\"")
				&& shadow.get(0).getMessage().contains("'override ike proposal hybrid_any'"), shadow.get(0).getMessage());
		assertTrue(loaded.hasErrors(), "so generate and run refuse it");

		// said explicitly: accepted, and the local one is what the peer uses
		PolicyFiles.Loaded meant = load("site2.ikewb", "import \"lib/pq.ikewb\"\noverride " + weak + policy("", "hybrid_any"));
		assertTrue(withCode(meant, "shadows-import").isEmpty(), all(meant));
		Peer hq = meant.model().getPolicies().get(0).getPeers().get(0);
		Proposal used = hq.getIkeProposals().get(0);
		assertTrue(used.isOverride() && used.eResource() == meant.resource(), "the override is the one used");

		// override where nothing is hidden: a warning that says so
		PolicyFiles.Loaded nothing = load("site3.ikewb", "override " + weak.replace("hybrid_any", "mine") + policy("", "mine"));
		List<Issue> pointless = withCode(nothing, "override-hides-nothing");
		assertEquals(1, pointless.size(), all(nothing));
		assertEquals(Severity.WARNING, pointless.get(0).getSeverity());
	}

	@Test
	void duplicateNamesInOneScopeAreErrors() throws Exception {
		String p = """
				    ike proposal p1 {
				        encryption aes256gcm16
				        prf prfsha384
				        ke x25519
				    }
				    ike proposal p1 {
				        encryption aes128
				        prf prfsha1
				        integrity sha1
				        ke modp2048
				    }
				""";
		PolicyFiles.Loaded loaded = load("dup.ikewb", policy(p, "p1"));
		List<Issue> dup = withCode(loaded, "duplicate-name");
		assertEquals(1, dup.size(), all(loaded));
		assertEquals(7, dup.get(0).getLineNumber(), "on the second definition");
		assertTrue(dup.get(0).getMessage().startsWith("A proposal named 'p1' is already defined in policy 'p'"),
				dup.get(0).getMessage());

		String twoPeers = policy("", "p1").replace("    peer hq {", "    peer hq {\n    }\n    peer hq {");
		PolicyFiles.Loaded peers = load("peers.ikewb", twoPeers.replace("ike proposals p1", ""));
		assertTrue(withCode(peers, "duplicate-name").stream().anyMatch(i -> i.getMessage().startsWith("A peer named 'hq'")),
				all(peers));
	}

	@Test
	void anImportThatCannotBeReadIsAnErrorOnItsLine() throws Exception {
		PolicyFiles.Loaded loaded = load("site.ikewb", "import \"does/not/exist.ikewb\"\n" + policy("", "hybrid_any"));
		List<Issue> missing = withCode(loaded, "import-not-found");
		assertEquals(1, missing.size(), all(loaded));
		assertEquals(1, missing.get(0).getLineNumber());
		assertTrue(missing.get(0).getMessage().startsWith("Cannot read the imported file \"does/not/exist.ikewb\" (looked for "
				+ dir.resolve("does/not/exist.ikewb")), missing.get(0).getMessage());
	}

	@Test
	void anImportCycleIsReported() throws Exception {
		load("a.ikewb", "import \"b.ikewb\"\n" + LIBRARY);
		PolicyFiles.Loaded b = load("b.ikewb", "import \"a.ikewb\"\n" + policy("", "hybrid_any"));
		List<Issue> cycle = withCode(b, "import-cycle");
		assertEquals(1, cycle.size(), all(b));
		assertTrue(cycle.get(0).getMessage().startsWith("Import cycle: b.ikewb → a.ikewb → b.ikewb"), cycle.get(0).getMessage());
		assertFalse(b.hasErrors(), "harmless: the proposal still resolves " + all(b));
	}

	@Test
	void roundNumbersBelongOnAddkeLinesOnly() throws Exception {
		for (String line : List.of("encryption 3 aes256gcm16", "prf 4 prfsha384", "ke 5 x25519")) {
			String p = """
					    ike proposal hybrid {
					        encryption aes256gcm16
					        prf        prfsha384
					        ke         x25519
					        addke 1    mlkem768
					    }
					""";
			String kind = line.split(" ")[0];
			String edited = p.lines().map(l -> l.strip().startsWith(kind + " ") ? "        " + line : l)
					.reduce("", (a, l) -> a + l + "\n");
			PolicyFiles.Loaded loaded = load("rounds.ikewb", policy(edited, "hybrid"));
			List<Issue> round = withCode(loaded, "round-not-allowed");
			assertEquals(1, round.size(), line + ": " + all(loaded));
			assertTrue(round.get(0).getMessage().contains("'" + line.substring(0, line.lastIndexOf(' ')) + "' has one"),
					round.get(0).getMessage());
		}
	}

	@Test
	void strongSwansThreeDesIsOneWord() throws Exception {
		String p = """
				    ike proposal legacy {
				        encryption 3des
				        prf        prfsha256
				        integrity  sha256
				        ke         modp2048
				    }
				""";
		PolicyFiles.Loaded loaded = load("3des.ikewb", policy(p, "legacy"));
		assertTrue(loaded.issues().stream().noneMatch(i -> i.getMessage().contains("'des'") || "round-not-allowed".equals(i.getCode())
				|| "syntax".equals(i.getCode()) || i.isSyntaxError()), all(loaded));
		assertEquals(List.of("3des"), loaded.model().getPolicies().get(0).getProposals().get(0).getTransforms().get(0).getAlgorithms());
		// durations and names that start with digits still read
		PolicyFiles.Loaded other = load("digits.ikewb", LIBRARY + policy("", "hybrid_any").replace("peer hq {", "peer 2nd_site {\n        rekey after 3600s"));
		assertTrue(other.issues().stream().noneMatch(Issue::isSyntaxError), all(other));
		assertEquals(3600, other.model().getPolicies().get(0).getPeers().get(0).getRekeySeconds());
	}

	@Test
	void theMissingIntegrityMessageNamesTheCipherThatNeedsIt() throws Exception {
		String p = """
				    ike proposal mixed {
				        encryption aes256gcm16, aes256
				        prf        prfsha384
				        ke         x25519
				    }
				""";
		PolicyFiles.Loaded loaded = load("aead.ikewb", policy(p, "mixed"));
		List<Issue> missing = withCode(loaded, "missing-transform");
		assertEquals(1, missing.size(), all(loaded));
		assertTrue(missing.get(0).getMessage().contains("integrity (aes256 is not an AEAD cipher)"), missing.get(0).getMessage());
	}

	@Test
	void aSyntaxErrorIsOneFindingInTheLanguagesWords() throws Exception {
		String p = """
				    ike proposal {
				        encryption aes256gcm16
				    }
				    ike proposal pr {
				        encryption aes256gcm16 prf
				    }
				""";
		PolicyFiles.Loaded loaded = load("broken.ikewb", policy(p, "pr"));
		assertTrue(loaded.issues().stream().noneMatch(i -> i.getMessage().contains("null")), all(loaded));
		assertTrue(loaded.issues().stream().noneMatch(i -> i.getMessage().contains("lacks")), "no cascade: " + all(loaded));
		assertTrue(loaded.issues().stream().noneMatch(i -> i.getMessage().contains("RULE_")), all(loaded));
		Issue first = loaded.issues().stream().filter(Issue::isSyntaxError).findFirst().orElseThrow();
		assertEquals("Expected a name after 'ike proposal', found '{'", first.getMessage());

		// a keyword where a name belongs: the message says so and how to escape it, and the escape works
		PolicyFiles.Loaded keyword = load("kw.ikewb", LIBRARY + policy("", "hybrid_any").replaceFirst("policy p \\{", "policy policy {"));
		Issue k = keyword.issues().stream().filter(Issue::isSyntaxError).findFirst().orElseThrow();
		assertEquals("Expected a name after 'policy', found 'policy' ('policy' is a word of the language: choose another name,"
				+ " or write ^policy)", k.getMessage());
		PolicyFiles.Loaded escaped = load("kw2.ikewb", LIBRARY + policy("", "hybrid_any").replaceFirst("policy p \\{", "policy ^policy {"));
		assertFalse(escaped.hasErrors(), all(escaped));
		assertEquals("policy", escaped.model().getPolicies().get(0).getName());
	}

	@Test
	void bytesFromTheFileNeverReachATerminalRaw() throws Exception {
		PolicyFiles.Loaded loaded = load("esc.ikewb", policy("", "x").replace("ke         x25519", "")
				.replace("ike proposals x", "ike proposals x\u001b[31mred"));
		assertFalse(loaded.issues().isEmpty());
		for (Issue i : loaded.issues()) {
			assertFalse(i.getMessage().chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), i.getMessage());
		}
		assertTrue(loaded.issues().stream().anyMatch(i -> i.getMessage().contains("\\u{001B}")), all(loaded));
	}

	@Test
	void namesBeyondAsciiGetOneFindingThatSaysWhatIsAllowed() throws Exception {
		for (String name : List.of("zürich_hq", "東京")) {
			PolicyFiles.Loaded loaded = load("names.ikewb", LIBRARY + policy("", "hybrid_any").replace("peer hq", "peer " + name));
			assertEquals(1, loaded.issues().stream().filter(i -> i.getSeverity() == Severity.ERROR).count(), name + ": " + all(loaded));
			List<Issue> chars = withCode(loaded, "name-characters");
			assertEquals(1, chars.size(), all(loaded));
			assertTrue(chars.get(0).getMessage().contains("ASCII letters, digits, '_' and '-'"), chars.get(0).getMessage());
		}
		PolicyFiles.Loaded zurich = load("z.ikewb", LIBRARY + policy("", "hybrid_any").replace("peer hq", "peer zürich_hq"));
		assertTrue(withCode(zurich, "name-characters").get(0).getMessage().contains("'ü' (U+00FC)")
				&& withCode(zurich, "name-characters").get(0).getMessage().endsWith("for example 'zurich_hq'"), all(zurich));
		// a no-break space pasted from a web page is white space, not part of a word
		PolicyFiles.Loaded nbsp = load("nbsp.ikewb", LIBRARY + policy("", "hybrid_any").replace("peer hq", "peer\u00a0hq"));
		assertFalse(nbsp.hasErrors(), all(nbsp));
	}
}
