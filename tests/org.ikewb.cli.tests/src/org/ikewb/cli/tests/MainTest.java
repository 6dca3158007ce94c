package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.Test;

class MainTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void runWithoutPeerCompletesTheHybridExchangeAgainstTheEmbeddedResponder() {
		assertEquals(Main.OK, run("run"), err.toString());
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("Curve25519"), text);
		assertTrue(text.contains("ML-KEM-768"), text);
		assertTrue(text.contains("I -> R  1184 bytes"), text);
		assertTrue(text.contains("R -> I  1088 bytes"), text);
		assertTrue(text.contains("with post-quantum"), text);
	}

	@Test
	void threeRoundsRun() {
		assertEquals(Main.OK, run("run", "--ke", "ecp384", "--addke", "mlkem1024", "--addke", "mlkem512"), err.toString());
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("ADDKE2 ML-KEM-512"));
	}

	@Test
	void duplicateMethodIsRefusedWithTheReason() {
		assertEquals(Main.USAGE, run("run", "--ke", "modp3072", "--addke", "modp3072"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("modp3072 is chosen twice"));
	}

	@Test
	void unknownMethodAndCommandAreUsageErrors() {
		assertEquals(Main.USAGE, run("run", "--addke", "mlkem769"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown key exchange method 'mlkem769'"));
		assertEquals(Main.USAGE, run("frobnicate"));
		assertEquals(Main.USAGE, run());
	}
}
