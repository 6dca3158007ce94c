package org.ikewb.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.cli.Main;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The command line on arbitrary arguments, CONFIG files and policy files: an exit code of 0, 1 or 2
 * and one line saying why, never a Java exception's text or an internal error. Commands that
 * would start an exchange or a program are fuzzed as far as they parse (run ... --help; wireshark
 * --print).
 */
class CommandLineFuzzTest {

	private static final Path DIR;

	static {
		try {
			DIR = Files.createTempDirectory("ikewb-cli-fuzz");
		} catch (java.io.IOException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	@FuzzTest(maxDuration = "30s")
	void arguments(FuzzedDataProvider data) throws Exception {
		String command = data.pickValue(new String[] { "run", "respond", "validate", "generate", "wireshark", "help",
				"version", "frobnicate" });
		List<String> args = new ArrayList<>();
		args.add(command);
		if (command.equals("wireshark")) {
			args.add("--print"); // never start Wireshark
		}
		Path file = DIR.resolve(data.consumeBoolean() ? "input.ikewb" : "input.properties");
		if (data.consumeBoolean()) {
			Files.write(file, data.consumeBytes(data.consumeInt(0, 2000)));
			args.add(file.toString());
		}
		int n = data.consumeInt(0, 8);
		for (int i = 0; i < n; i++) {
			args.add(data.pickValue(new String[] { "--ike", "--esp", "--peer", "--listen", "--timeout", "--fragment-size",
					"--trace", "--keys", "--format", "--target", "--out", "--rekey-keys", "--auth", "--psk-file", "--",
					data.consumeString(40) }));
			if (data.consumeBoolean()) {
				args.add(data.consumeString(60));
			}
		}
		if (command.equals("run") || command.equals("respond")) {
			args.add("--help"); // parse everything, start nothing
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(args.toArray(String[]::new), new java.io.ByteArrayInputStream(new byte[0]),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		String said = err.toString(StandardCharsets.UTF_8);
		assertTrue(code == 0 || code == 1 || code == 2, "exit " + code + " for " + args);
		assertTrue(!said.contains("Exception") && !said.contains("\tat ") && !said.contains("internal error"),
				"no exception text reaches the user: " + args + " -> " + said);
	}
}
