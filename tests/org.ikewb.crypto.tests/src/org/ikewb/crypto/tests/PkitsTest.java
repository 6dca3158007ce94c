package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.PathRules;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #22: every path validation case of NIST's Public Key Interoperability Test Suite (PKITS v1.0,
 * section 4: 224 tests, 247 runs with their input settings) through {@link Certificates#validate}, the
 * validator that decides which certificate a peer may authenticate with. The cases, their settings and
 * expected results are in {@code pkits/pkits-cases.tsv}, extracted from the PKITS document; the
 * certificates and CRLs are Debian's {@code python3-cryptography-vectors} (installed by
 * {@code releng/run-tests.sh}). Each run gives the validator the trust anchor, every certificate of the
 * case's path (end entity first, the others in the document's order, which is not the path's) and every
 * CRL of it, and checks revocation strictly (PKITS gives a CRL for every CA). The clock is fixed inside
 * the data's validity (2010–2030).
 */
public class PkitsTest {

	static final Path DATA = Path.of("/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data");
	private static final Path CASES = Path.of("pkits/pkits-cases.tsv");
	private static final Instant NOW = Instant.parse("2020-06-01T12:00:00Z");
	private static final String TEST_POLICY = "2.16.840.1.101.3.2.1.48.";

	/** Section → [runs, passed]; printed as the README's table after the runs. */
	private static final Map<String, int[]> BY_SECTION = new TreeMap<>((a, b) -> Integer.compare(
			Integer.parseInt(a.substring(2)), Integer.parseInt(b.substring(2))));
	private static final List<String> MISSES = new ArrayList<>();

	record Case(String id, String name, String settings, boolean valid, List<String> files) {
		String title() {
			return id + " " + name + (settings.equals("default") ? "" : " [" + settings + "]");
		}
	}

	static List<Case> cases() throws IOException {
		List<Case> out = new ArrayList<>();
		for (String line : Files.readAllLines(CASES)) {
			if (line.startsWith("#") || line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t");
			out.add(new Case(f[0], f[1], f[2], f[3].equals("valid"), List.of(f[4].split(" "))));
		}
		return out;
	}

	static PathRules rules(String settings) {
		Set<String> policies = new LinkedHashSet<>();
		boolean explicit = false, mapping = false, any = false;
		for (String s : settings.split(",")) {
			if (s.equals("explicit-policy")) {
				explicit = true;
			} else if (s.startsWith("policies=")) {
				for (String n : s.substring("policies=".length()).split("\\+")) {
					policies.add(TEST_POLICY + n);
				}
			} else if (s.equals("mapping-inhibit")) {
				mapping = true;
			} else if (s.equals("any-policy-inhibit")) {
				any = true;
			} else if (!s.equals("default")) {
				throw new IllegalArgumentException(settings);
			}
		}
		return new PathRules(policies, explicit, mapping, any, PathRules.Revocation.STRICT);
	}

	private static Octets read(String file) {
		try {
			return Octets.of(Files.readAllBytes(DATA.resolve(file.endsWith(".crl") ? "crls" : "certs").resolve(file)));
		} catch (IOException e) {
			throw new AssertionError("PKITS data missing: " + file + " (apt-get install python3-cryptography-vectors)", e);
		}
	}

	@TestFactory
	Stream<DynamicTest> everyPkitsCase() throws IOException {
		assertTrue(Files.isDirectory(DATA), "PKITS data: apt-get install python3-cryptography-vectors");
		List<Case> cases = cases();
		assertEquals(247, cases.size(), "runs in pkits-cases.tsv");
		assertEquals(224, cases.stream().map(Case::id).distinct().count(), "PKITS section 4 tests");
		return cases.stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> run(c)));
	}

	private static void run(Case c) {
		List<Octets> anchors = List.of(read(c.files().get(0)));
		List<String> certFiles = c.files().subList(1, c.files().size()).stream().filter(f -> f.endsWith(".crt")).toList();
		List<Octets> chain = new ArrayList<>();
		chain.add(read(certFiles.get(certFiles.size() - 1)));
		certFiles.subList(0, certFiles.size() - 1).forEach(f -> chain.add(read(f)));
		List<Octets> crls = c.files().stream().filter(f -> f.endsWith(".crl")).map(PkitsTest::read).toList();
		String refusal = null;
		try {
			Certificates.validate(chain, anchors, crls, rules(c.settings()), NOW);
		} catch (Certificates.CertificateException e) {
			refusal = e.getMessage();
			assertTrue(refusal != null && !refusal.isBlank() && !refusal.contains("Exception"), refusal);
		}
		boolean ok = (refusal == null) == c.valid();
		synchronized (BY_SECTION) {
			int[] n = BY_SECTION.computeIfAbsent(c.id().substring(0, c.id().lastIndexOf('.')), k -> new int[2]);
			n[0]++;
			n[1] += ok ? 1 : 0;
			if (!ok) {
				MISSES.add(c.title() + ": " + (refusal == null ? "accepted" : "refused: " + refusal));
			}
		}
		System.out.println("PKITS " + c.title() + ": " + (refusal == null ? "valid" : "refused — " + refusal));
		if (!ok) {
			fail(c.valid() ? "refused a valid path: " + refusal : "accepted an invalid path");
		}
	}

	@AfterAll
	static void table() {
		Map<String, int[]> copy = new LinkedHashMap<>(BY_SECTION);
		System.out.println("PKITS results, section: runs, passed");
		copy.forEach((k, v) -> System.out.println("PKITS " + k + " | " + v[0] + " | " + v[1]));
		MISSES.forEach(m -> System.out.println("PKITS MISS " + m));
	}
}
