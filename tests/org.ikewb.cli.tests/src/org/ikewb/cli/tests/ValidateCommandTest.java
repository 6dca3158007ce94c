package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ikewb validate}: the model's rules and the language's, as lines a script can read. */
class ValidateCommandTest {

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

	private Path write(String name, String text) throws Exception {
		return Files.writeString(dir.resolve(name), text);
	}

	private static final String BROKEN = """
			policy p {
			    ike proposal impossible {
			        encryption aes256gcm16
			        prf prfsha384
			        ke modp3072
			        addke 1 modp3072
			    }
			    ike proposal greedy {
			        encryption aes256gcm16
			        prf prfsha384
			        ke x25519
			        addke 1 mlkem768, mlkem1024
			        addke 2 mlkem768
			    }
			}
			""";

	@Test
	void theShippedExamplesHaveNoErrors() {
		assertEquals(Main.OK, run("validate", "../../examples/branch-to-hq.ikewb", "../../examples/road-warrior.ikewb",
				"../../examples/three-rounds.ikewb"), out() + err.toString(StandardCharsets.UTF_8));
		// A clean machine lacks only the PSKs' environment variables: one warning per policy, nothing else.
		for (String line : out().split("\n")) {
			if (!line.isEmpty()) {
				assertTrue(line.contains(": warning secret-not-found: Environment variable "), line);
			}
		}
	}

	@Test
	void findingsArePrintedAsFileLineColumnSeverityCodeMessage() throws Exception {
		Path file = write("broken.ikewb", BROKEN);
		assertEquals(Main.FAILED, run("validate", file.toString()));
		String[] lines = out().split("\n");
		assertEquals(2, lines.length, out());
		assertTrue(lines[0].startsWith(file + ":6:17: error unsatisfiable-key-exchange: Proposal 'impossible'"),
				lines[0]);
		assertTrue(lines[1].startsWith(file + ":13:17: warning greedy-selection-fails: "), lines[1]);
	}

	@Test
	void warningsAloneDoNotFail() throws Exception {
		Path file = write("warn.ikewb", BROKEN.substring(0, BROKEN.indexOf("    ike proposal impossible"))
				+ BROKEN.substring(BROKEN.indexOf("    ike proposal greedy")));
		assertEquals(Main.OK, run("validate", file.toString()), out());
		assertTrue(out().contains("warning greedy-selection-fails"), out());
	}

	@Test
	void jsonFormatCarriesTheSameFindings() throws Exception {
		Path file = write("broken.ikewb", BROKEN);
		assertEquals(Main.FAILED, run("validate", "--format", "json", file.toString()));
		String json = out();
		assertTrue(json.trim().startsWith("[") && json.trim().endsWith("]"), json);
		assertTrue(json.contains("\"line\": 6, \"column\": 17, \"severity\": \"error\", \"code\": \"unsatisfiable-key-exchange\""),
				json);
		assertTrue(json.contains("\"code\": \"greedy-selection-fails\""), json);
	}

	@Test
	void syntaxErrorsTruncatedAndBinaryInputGiveDiagnosticsNotExceptions() throws Exception {
		Path truncated = write("truncated.ikewb", BROKEN.substring(0, 60));
		assertEquals(Main.FAILED, run("validate", truncated.toString()));
		assertTrue(out().contains(": error syntax: "), out());

		byte[] noise = new byte[64 * 1024];
		new Random(7).nextBytes(noise);
		Path binary = Files.write(dir.resolve("binary.ikewb"), noise);
		out.reset();
		assertEquals(Main.FAILED, run("validate", binary.toString()));
		assertTrue(out().contains(binary + ":1:"), out().substring(0, Math.min(300, out().length())));

		// found by fuzzing: Xtext dropped a syntax error that ends at a trailing carriage return
		Path cr = write("cr.ikewb", "policy p {\r");
		out.reset();
		assertEquals(Main.FAILED, run("validate", cr.toString()), out());
		assertTrue(out().contains(cr + ":1:") && out().contains(": error syntax: "), out());

		// found by fuzzing: any file name is read as a policy (no extension, or another one)
		Path txt = write("policy.txt", "policy p {}\n");
		out.reset();
		assertEquals(Main.OK, run("validate", txt.toString()), out() + err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void missingFilesAndBadOptionsAreUsageErrors() {
		assertEquals(Main.USAGE, run("validate", dir.resolve("absent.ikewb").toString()));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("absent.ikewb: cannot read"), err.toString());
		assertEquals(Main.USAGE, run("validate"));
		assertEquals(Main.USAGE, run("validate", "--format", "xml", "x.ikewb"));
	}
}
