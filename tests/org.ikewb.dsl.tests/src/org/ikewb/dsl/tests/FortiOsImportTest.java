package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.importer.FortiOsImporter;
import org.ikewb.dsl.importer.SwanctlImporter;
import org.junit.jupiter.api.Test;

/** FortiOS CLI into a policy: the corpus's branch, and the legacy file's findings by line. */
class FortiOsImportTest {

	private static final Path CORPUS = Path.of("../interop/import-corpus/fortios");

	@Test
	void aHybridBranchBecomesOnePeerWithFortiOsPerTypeListsAsOneProposal() throws Exception {
		SwanctlImporter.Result r = FortiOsImporter.importFiles(List.of(CORPUS.resolve("branch-hybrid.fortios.conf")), "b");
		assertNotNull(r.policy(), r.findings()::toString);
		String p = r.policy();
		assertTrue(p.contains("encryption aes256gcm16, chacha20poly1305") && p.contains("ke         x25519, ecp384")
				&& p.contains("addke 1    mlkem768, mlkem1024") && p.contains("addke 2    mlkem1024, none"), p);
		assertTrue(p.contains("child lan {") && p.contains("child dmz {"), p);
		assertTrue(p.contains("local ts 10.7.0.0/16") && p.contains("remote ts 172.16.10.0/24"), p);
		assertFalse(p.contains("AbCdEf"), "psksecret is never copied");
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 18 && f.code().equals("import-secret")), r.findings()::toString);
		assertTrue(r.findings().stream().anyMatch(f -> f.line() == 3 && f.message().contains("interface")), r.findings()::toString);
		java.nio.file.Path file = java.nio.file.Files.createTempFile("fortios", ".ikewb");
		java.nio.file.Files.writeString(file, p);
		assertFalse(PolicyFiles.standalone().load(file).hasErrors());
	}

	@Test
	void whatAPolicyCannotSayIsReportedOnItsLine() {
		SwanctlImporter.Result r = FortiOsImporter.importFiles(List.of(CORPUS.resolve("legacy.fortios.conf")), "l");
		List<String> lines = r.findings().stream().map(f -> f.line() + " " + f.code()).toList();
		for (String expected : List.of("11 import-unmapped", "12 import-unmapped", "13 import-unmapped", "14 import-unmapped",
				"16 import-skipped", "30 import-unmapped", "31 import-unmapped")) {
			assertTrue(lines.contains(expected), expected + " in " + r.findings());
		}
		assertTrue(r.policy().contains("peer office {"), r.policy());
	}
}
