package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.dsl.ide.PolicyTemplates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy, peer and hybrid-proposal templates: offered where each may stand, and valid once inserted. */
class TemplatesTest {

	private static PolicyFiles files;

	@TempDir
	Path dir;

	@BeforeAll
	static void setUp() {
		files = new PolicyFiles(new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration());
	}

	private static List<String> words(String text, int offset) {
		return PolicyTemplates.at(text, offset).stream().map(PolicyTemplates.Template::word).toList();
	}

	private static String insert(String text, int offset, String word) {
		PolicyTemplates.Template t = PolicyTemplates.at(text, offset).stream().filter(x -> x.word().equals(word)).findFirst()
				.orElseThrow();
		return text.substring(0, offset - t.replaces()) + t.text() + text.substring(offset);
	}

	private void assertChecksClean(String text) throws Exception {
		Path file = dir.resolve("t.ikewb");
		Files.writeString(file, text);
		PolicyFiles.Loaded loaded = files.load(file);
		assertTrue(loaded.issues().stream().allMatch(i -> "secret-not-found".equals(i.getCode())), () -> loaded.issues() + "\n" + text);
	}

	@Test
	void anEmptyFileOffersAPolicyAndALibraryProposal() throws Exception {
		assertEquals(List.of("policy", "hybrid"), words("", 0));
		assertChecksClean(insert("", 0, "policy"));
		assertChecksClean(insert("", 0, "hybrid"));
		assertEquals(List.of("policy"), words("po", 2), "the word typed so far narrows the list");
		String text = insert("", 0, "policy");
		PolicyTemplates.Template t = PolicyTemplates.at("", 0).get(0);
		assertEquals("name", t.text().substring(t.cursor(), t.cursor() + 4), "the cursor lands on the name to change");
		assertTrue(text.startsWith("policy name {"), text);
	}

	@Test
	void insideAPolicyAPeerOrAProposal() throws Exception {
		String policy = """
				policy p {
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				        addke 1    mlkem768
				    }
				    esp proposal child_sa {
				        encryption aes256gcm16
				    }
				    pe
				}
				""";
		int at = policy.indexOf("    pe\n") + "    pe".length();
		assertEquals(List.of("peer"), words(policy, at));
		String withPeer = insert(policy, at, "peer");
		assertTrue(withPeer.contains("\n    peer name {\n        local  address"), "indented to the line: " + withPeer);
		assertChecksClean(withPeer);
		// inside a proposal, a Child SA or a string: nothing
		assertEquals(List.of(), words(policy, policy.indexOf("        prf")));
		assertEquals(List.of("peer", "hybrid"), words("policy p { // {\n    ", "policy p { // {\n    ".length()),
				"a brace in a comment does not count");
	}
}
