package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ide.PolicyFolding;
import org.ikewb.dsl.ide.PolicyOccurrences;
import org.ikewb.dsl.ide.QuickFixes;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Proposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services behind mark occurrences, find references, rename, folding and the name quick fixes
 * (#17), as plain Java: which words are "the same element", what folds, and that each name fix
 * leaves a file without the finding it fixes.
 */
class EditorServicesTest {

	@TempDir
	Path dir;

	private PolicyFiles.Loaded load(String name, String text) throws Exception {
		return PolicyFilesInDir.load(dir, name, text);
	}

	static final String LIBRARY = """
			ike proposal hybrid_any {
			    encryption aes256gcm16
			    prf        prfsha384
			    ke         x25519
			    addke 1    mlkem768
			}
			""";

	static final String WEAK = """
			ike proposal hybrid_any {
			    encryption aes128
			    prf        prfsha1
			    integrity  sha1
			    ke         modp2048
			}
			""";

	/** A policy with two peers that use {@code proposals}, and a proposal of its own named {@code own}. */
	static String policy(String own, String proposals) {
		return """
				policy p {
				    ike proposal %s {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				        addke 1    mlkem768
				    }
				    peer hq {
				        local  address 192.0.2.1 id fqdn "a.example.net"
				        remote address 192.0.2.2 id fqdn "b.example.net"
				        auth psk from env "PATH"
				        ike proposals %s
				    }
				    peer branch {
				        local  address 192.0.2.1 id fqdn "a.example.net"
				        remote address 192.0.2.3 id fqdn "c.example.net"
				        auth psk from env "PATH"
				        ike proposals %s
				    }
				}
				""".formatted(own, proposals, proposals);
	}

	private static List<String> words(PolicyFiles.Loaded loaded, List<PolicyOccurrences.Occurrence> found) {
		String text = loaded.resource().getParseResult().getRootNode().getText();
		return found.stream().map(o -> (o.declaration() ? "def:" : "ref:") + text.substring(o.offset(), o.offset() + o.length())
				+ "@" + lineOf(text, o.offset())).toList();
	}

	private static int lineOf(String text, int offset) {
		return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
	}

	@Test
	void occurrencesAreTheDefinitionAndEveryReferenceThatResolvesToIt() throws Exception {
		PolicyFiles.Loaded loaded = load("site.ikewb", policy("mine", "mine, p.mine"));
		Proposal mine = loaded.model().getPolicies().get(0).getProposals().get(0);
		// the qualified reference p.mine counts with its last part only (the name a rename changes)
		assertEquals(List.of("def:mine@2", "ref:mine@12", "ref:mine@12", "ref:mine@18", "ref:mine@18"),
				words(loaded, PolicyOccurrences.of(loaded.resource(), mine)));
		Peer hq = loaded.model().getPolicies().get(0).getPeers().get(0);
		assertEquals(List.of("def:hq@8"), words(loaded, PolicyOccurrences.of(loaded.resource(), hq)));
	}

	@Test
	void aHiddenImportIsNotAnOccurrenceOfTheLocalOneAndViceVersa() throws Exception {
		load("lib/pq.ikewb", LIBRARY);
		// the file's own hybrid_any (override) is what its peers use; the library's is named nowhere here
		PolicyFiles.Loaded loaded = load("site.ikewb", "import \"lib/pq.ikewb\"\noverride " + WEAK + policy("mine", "hybrid_any"));
		Proposal local = loaded.model().getProposals().get(0);
		Proposal imported = (Proposal) loaded.resource().getResourceSet().getResources().stream()
				.filter(r -> r != loaded.resource()).findFirst().orElseThrow().getContents().get(0).eContents().get(0);
		assertEquals(List.of("def:hybrid_any@2", "ref:hybrid_any@19", "ref:hybrid_any@25"),
				words(loaded, PolicyOccurrences.of(loaded.resource(), local)));
		assertEquals(List.of(), PolicyOccurrences.of(loaded.resource(), imported));

		// without the local one, the same words are references to the import (and there is no definition here)
		PolicyFiles.Loaded user = load("user.ikewb", "import \"lib/pq.ikewb\"\n" + policy("mine", "hybrid_any"));
		Proposal seen = user.model().getPolicies().get(0).getPeers().get(0).getIkeProposals().get(0);
		assertFalse(seen.eResource() == user.resource());
		assertEquals(List.of("ref:hybrid_any@13", "ref:hybrid_any@19"), words(user, PolicyOccurrences.of(user.resource(), seen)));
	}

	@Test
	void blocksAndLongCommentsFoldAsWholeLines() throws Exception {
		String text = "/* shared\n   proposals */\n" + LIBRARY + "// one line\n" + policy("mine", "mine");
		PolicyFiles.Loaded loaded = load("fold.ikewb", text);
		List<String> firstLines = PolicyFolding.of(loaded.resource()).stream().map(f -> {
			assertTrue(f.offset() == 0 || text.charAt(f.offset() - 1) == '\n', "starts a line");
			assertTrue(text.charAt(f.offset() + f.length() - 1) == '\n', "ends with its line break");
			return text.substring(f.offset(), text.indexOf('\n', f.offset())).strip();
		}).toList();
		assertEquals(List.of("/* shared", "ike proposal hybrid_any {", "policy p {", "ike proposal mine {", "peer hq {",
				"peer branch {"), firstLines);
		String policyFold = text.substring(PolicyFolding.of(loaded.resource()).get(2).offset());
		assertTrue(policyFold.startsWith("policy p {") && policyFold.endsWith("}\n"), "the policy's fold runs to its closing brace");
	}

	@Test
	void eachFixOfAShadowingProposalRemovesTheFinding() throws Exception {
		load("lib/pq.ikewb", LIBRARY + LIBRARY.replace("hybrid_any", "hybrid_any_local"));
		String text = "import \"lib/pq.ikewb\"\n" + WEAK + policy("mine", "hybrid_any");
		PolicyFiles.Loaded loaded = load("site.ikewb", text);
		Issue shadow = loaded.issues().stream().filter(i -> "shadows-import".equals(i.getCode())).findFirst().orElseThrow();
		List<QuickFixes.Fix> fixes = QuickFixes.fixes(loaded.resource(), shadow.getCode(), shadow.getOffset(), shadow.getLength(),
				shadow.getMessage());
		assertEquals(List.of("Mark 'hybrid_any' as override (this file replaces the imported one)",
				"Rename the local 'hybrid_any' to 'hybrid_any_local2' (what uses it here keeps using it)",
				"Remove the local 'hybrid_any' (use the imported one)"), fixes.stream().map(QuickFixes.Fix::label).toList(),
				"the rename avoids the name the library already has");
		for (int i = 0; i < fixes.size(); i++) {
			String fixed = fixes.get(i).apply(text);
			PolicyFiles.Loaded after = load("fixed" + i + ".ikewb", fixed);
			assertEquals(List.of(), after.issues().stream().filter(x -> x.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
					.map(Issue::getMessage).toList(), fixes.get(i).label() + ":\n" + fixed);
			Proposal used = after.model().getPolicies().get(0).getPeers().get(1).getIkeProposals().get(0);
			boolean local = used.eResource() == after.resource();
			// override and rename keep what the peers negotiate; removing hands them the library's
			assertEquals(i < 2, local, fixes.get(i).label());
			assertEquals(i < 2 ? "modp2048" : "x25519", used.getTransforms().stream()
					.filter(t -> t.getKind() == org.ikewb.model.policy.TransformKind.KE).findFirst().orElseThrow().getAlgorithms().get(0));
		}
	}

	@Test
	void theImportFixesRemoveTheirFindings() throws Exception {
		String missing = "import \"does/not/exist.ikewb\"\n" + policy("hybrid_any", "hybrid_any");
		PolicyFiles.Loaded loaded = load("missing.ikewb", missing);
		Issue issue = loaded.issues().stream().filter(i -> "import-not-found".equals(i.getCode())).findFirst().orElseThrow();
		List<QuickFixes.Fix> fixes = QuickFixes.fixes(loaded.resource(), issue.getCode(), issue.getOffset(), issue.getLength(),
				issue.getMessage());
		assertEquals("Remove the import", fixes.get(0).label());
		assertEquals(policy("hybrid_any", "hybrid_any"), fixes.get(0).apply(missing));
		assertFalse(load("missing-fixed.ikewb", fixes.get(0).apply(missing)).hasErrors());

		String pointless = "override " + LIBRARY.replace("hybrid_any", "mine") + policy("other", "mine");
		PolicyFiles.Loaded nothing = load("nothing.ikewb", pointless);
		Issue warning = nothing.issues().stream().filter(i -> "override-hides-nothing".equals(i.getCode())).findFirst().orElseThrow();
		String fixed = QuickFixes.fixes(nothing.resource(), warning.getCode(), warning.getOffset(), warning.getLength(),
				warning.getMessage()).get(0).apply(pointless);
		assertTrue(fixed.startsWith("ike proposal mine {"), fixed);
		assertTrue(load("nothing-fixed.ikewb", fixed).issues().stream().noneMatch(i -> "override-hides-nothing".equals(i.getCode())));
	}
}
