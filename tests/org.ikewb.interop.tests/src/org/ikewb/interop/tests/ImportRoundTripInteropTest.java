package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.dsl.importer.ImportFinding;
import org.ikewb.dsl.importer.SwanctlImporter;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * swanctl.conf → policy → swanctl.conf, judged by charon 6.1 itself: the original and the regenerated
 * file, each loaded into the same running charon, give the same {@code swanctl --list-conns --raw}
 * (every connection setting charon reports: addresses, ports, version, rekeying, PPK, identities and
 * authentication, children with mode, rekeying and traffic selectors) and the same proposals as charon
 * logs them when it loads them (it lists none). The corpus in tests/interop/import-corpus/strongswan
 * is written from strongSwan's documentation; a file with settings a policy cannot express must have
 * each of them reported on its line.
 */
class ImportRoundTripInteropTest {

	private static final Path CORPUS = StrongSwan.INTEROP.resolve("import-corpus/strongswan");
	private static final String PSK = "import-corpus-psk-0123456789";
	private static final String PPK = "0x2a7f0a8f9c8e7d6c5b4a39281706f5e4d3c2b1a0918273645546372819a0b1c2";
	/** The imported policies read PSKs from NAME_PSK and PPKs from NAME_PPK: here, the corpus's values. */
	private static final SecretResolver SECRETS = new SecretResolver(name -> name.endsWith("_PPK") ? PPK : PSK);

	@BeforeAll
	static void root() throws Exception {
		StrongSwanInteropTest.root();
	}

	@ParameterizedTest
	@ValueSource(strings = { "site-to-site-hybrid", "road-warrior-gateway", "three-rounds", "transport-ppk", "classic-gateway" })
	void charonSeesTheSameConnectionsInTheOriginalAndTheRegeneratedFile(String name) throws Exception {
		Path original = CORPUS.resolve(name + ".conf");
		SwanctlImporter.Result imported = SwanctlImporter.importFiles(List.of(original), name);
		assertNotNull(imported.policy(), imported.findings()::toString);
		List<ImportFinding> unmapped = imported.findings().stream().filter(f -> !f.code().equals("import-secret")).toList();
		assertTrue(unmapped.isEmpty(), "the corpus file is fully expressible: " + unmapped);

		List<GeneratedFile> generated = generate(imported.policy(), name, Target.STRONGSWAN);
		Map<String, String> beside = new HashMap<>();
		generated.subList(1, generated.size()).forEach(f -> beside.put(f.name(), f.content()));

		try (StrongSwan charon = StrongSwan.start("import-rt", 16530, Files.readString(original))) {
			String before = charon.swanctl("--list-conns", "--raw");
			List<String> proposalsBefore = proposals(charon.log());
			long mark = charon.logSize();
			charon.reload(generated.get(0).content(), beside);
			String after = charon.swanctl("--list-conns", "--raw");
			List<String> proposalsAfter = proposals(logSince(charon, mark));
			System.out.println("import round trip " + name + ":\n" + imported.policy() + "\n" + before);
			assertFalse(before.isBlank() || before.contains("(exit "), before);
			assertEquals(before, after, "swanctl --list-conns --raw, original then regenerated:\n" + generated.get(0).content());
			assertFalse(proposalsBefore.isEmpty(), "charon logged the proposals it loaded");
			assertEquals(proposalsBefore, proposalsAfter, "the proposals charon loaded");
		}
	}

	/**
	 * The migration an architect makes, without the workbench's windows (DeviceImportUiTest drives those):
	 * a classical gateway's swanctl.conf imported with "require post-quantum", its proposal migrated by
	 * the Migrate to hybrid quick fix (required ML-KEM-768), the strongSwan config generated — charon
	 * loads it and our engine, offering the hybrid proposal, establishes with it.
	 */
	@Test
	void aClassicalGatewayImportedAndMigratedToHybridEstablishesWithOurEngine() throws Exception {
		Path original = CORPUS.resolve("classic-gateway.conf");
		SwanctlImporter.Result imported = SwanctlImporter.importFiles(List.of(original), "gateway");
		String text = imported.policy().replaceFirst("\n    targets ", "\n    require post-quantum\n    targets ");
		com.google.inject.Injector injector = new org.ikewb.dsl.ide.PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
		org.eclipse.xtext.resource.XtextResource resource = (org.eclipse.xtext.resource.XtextResource) injector
				.getInstance(org.eclipse.xtext.resource.XtextResourceSet.class)
				.createResource(org.eclipse.emf.common.util.URI.createURI("test:/gateway.ikewb"));
		resource.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.of());
		org.eclipse.xtext.validation.Issue issue = injector.getInstance(org.eclipse.xtext.validation.IResourceValidator.class)
				.validate(resource, org.eclipse.xtext.validation.CheckMode.ALL, org.eclipse.xtext.util.CancelIndicator.NullImpl)
				.stream().filter(i -> "no-post-quantum".equals(i.getCode())).findFirst().orElseThrow();
		List<org.ikewb.dsl.ide.QuickFixes.Fix> fixes = org.ikewb.dsl.ide.QuickFixes.fixes(resource, issue.getCode(),
				issue.getOffset(), issue.getLength(), issue.getMessage());
		String migrated = fixes.get(0).apply(text);
		assertTrue(fixes.get(0).label().startsWith("Migrate to hybrid") && migrated.contains("addke 1    mlkem768\n"), migrated);
		List<GeneratedFile> generated = generate(migrated, "gateway", Target.STRONGSWAN);
		assertTrue(generated.get(0).content().contains("proposals = aes256gcm16-prfsha384-ecp384-ke1_mlkem768"),
				generated.get(0).content());
		Map<String, String> beside = new HashMap<>();
		generated.subList(1, generated.size()).forEach(f -> beside.put(f.name(), f.content()));
		try (StrongSwan charon = StrongSwan.start("import-mig", 16540, generated.get(0).content(), beside);
				org.ikewb.engine.Engine engine = org.ikewb.engine.Engine.bind(
						new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), false)) {
			byte[] key = PSK.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			org.ikewb.engine.EstablishedSa sa = engine.initiate(org.ikewb.engine.IkeConfig.psk(
					org.ikewb.engine.IkeConfig.Identity.email("laptop7@example.net"),
					org.ikewb.engine.IkeConfig.Identity.fqdn("gw.example.net"), key::clone,
					"aes256gcm16-prfsha384-ecp384-ke1_mlkem768", "aes256gcm16"),
					new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 16540))
					.get(30, java.util.concurrent.TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-ecp384-ke1_mlkem768", org.ikewb.protocol.ProposalSyntax.format(sa.proposal()));
			assertEquals(1, sa.intermediateExchanges(), "the ML-KEM round ran in an IKE_INTERMEDIATE");
			String sas = charon.swanctl("--list-sas");
			assertTrue(sas.contains("ESTABLISHED") && sas.contains("ML_KEM_768"), sas);
		}
	}

	@Test
	void whatAPolicyCannotSayIsReportedOnItsLineAndTheRestStillLoads() throws Exception {
		Path original = CORPUS.resolve("legacy-with-extras.conf");
		SwanctlImporter.Result imported = SwanctlImporter.importFiles(List.of(original), "legacy");
		List<String> lines = new ArrayList<>();
		imported.findings().forEach(f -> lines.add(f.line() + " " + f.severity() + " " + f.code()));
		for (String expected : List.of("7 warning import-unmapped", // default
				"8 warning import-unmapped", "9 warning import-unmapped", "10 warning import-unmapped", // mobike, dpd, reauth
				"24 warning import-unmapped", "25 warning import-unmapped", // dpd_action, close_action
				"30 error import-skipped", // IKEv1
				"46 error import-skipped")) { // EAP
			assertTrue(lines.contains(expected), expected + " in " + imported.findings());
		}
		assertTrue(imported.hasErrors());
		List<GeneratedFile> generated = generate(imported.policy(), "legacy", Target.STRONGSWAN);
		Map<String, String> beside = new HashMap<>();
		generated.subList(1, generated.size()).forEach(f -> beside.put(f.name(), f.content()));
		try (StrongSwan charon = StrongSwan.start("import-rt", 16530, generated.get(0).content(), beside)) {
			String conns = charon.swanctl("--list-conns");
			assertTrue(conns.contains("office: IKEv2"), conns);
			assertFalse(conns.contains("oldpeer") || conns.contains("eapusers"), conns);
		}
	}

	/**
	 * ipsec.conf → policy → ipsec.conf, judged by pluto 5.2: both pass {@code ipsec addconn --checkconfig}
	 * and load, and {@code ipsec connectionstatus} — every conn's subnets, protocols and ports,
	 * addresses, identities, authentication, lifetimes, fragmentation, policy bits (PPK, transport or
	 * tunnel), IKE and ESP algorithms as pluto parsed them — is the same text.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "site-hybrid", "roadwarrior-ppk" })
	void plutoListsTheSameConnectionsForTheOriginalAndTheRegeneratedFile(String name) throws Exception {
		Path original = StrongSwan.INTEROP.resolve("import-corpus/libreswan/" + name + ".conf");
		org.ikewb.dsl.importer.SwanctlImporter.Result imported = org.ikewb.dsl.importer.LibreswanImporter
				.importFiles(List.of(original), name);
		assertNotNull(imported.policy(), imported.findings()::toString);
		List<ImportFinding> unmapped = imported.findings().stream().filter(f -> !f.code().equals("import-secret")).toList();
		assertTrue(unmapped.isEmpty(), "the corpus file is fully expressible: " + unmapped);
		List<GeneratedFile> generated = generate(imported.policy(), name, Target.LIBRESWAN);
		String secrets = generated.get(1).content();
		String before;
		try (Libreswan pluto = Libreswan.start(Files.readString(original), secrets)) {
			before = pluto.ipsec("connectionstatus");
		}
		String after;
		try (Libreswan pluto = Libreswan.start(generated.get(0).content(), secrets)) {
			after = pluto.ipsec("connectionstatus");
		}
		System.out.println("import round trip " + name + " (pluto):\n" + imported.policy() + "\n" + before);
		assertTrue(before.contains("IKE algorithms:"), before);
		assertEquals(before, after, "ipsec connectionstatus, original then regenerated:\n" + generated.get(0).content());
	}

	/**
	 * FortiOS CLI → policy → FortiOS CLI, judged by Fortinet's own Ansible modules (FortiOS 7.6.1): both
	 * files pass the modules' argument specs and version checks, and every phase1 and phase2 object has
	 * the same settings as the modules type them — all but what the import reports it leaves out
	 * ({@code interface}, which the generator fills in for the user to adapt) and {@code comments}, and the
	 * PSK, which a policy never holds.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "branch-hybrid", "dialup-responder" })
	void fortinetsModulesAcceptTheOriginalAndTheRegeneratedFileAndTheirSettingsAreEqual(String name) throws Exception {
		Path original = StrongSwan.INTEROP.resolve("import-corpus/fortios/" + name + ".fortios.conf");
		org.ikewb.dsl.importer.SwanctlImporter.Result imported = org.ikewb.dsl.importer.FortiOsImporter
				.importFiles(List.of(original), name);
		assertNotNull(imported.policy(), imported.findings()::toString);
		List<ImportFinding> unmapped = imported.findings().stream()
				.filter(f -> !f.code().equals("import-secret") && !f.severity().equals("info")).toList();
		assertTrue(unmapped.isEmpty(), "the corpus file is fully expressible: " + unmapped);
		List<GeneratedFile> generated = generate(imported.policy(), name, Target.FORTIOS);
		Path dir = Consumers.workDir("import-fortios");
		Path before = dir.resolve(name + "-original.fortios.conf");
		Path after = dir.resolve(name + "-regenerated.fortios.conf");
		Files.copy(original, before, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.writeString(after, generated.get(0).content());
		Path script = dir.resolve("vendor-schema-check.py");
		Files.copy(Consumers.SCRIPTS.resolve("vendor-schema-check.py"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		String out = Consumers.run(300, Consumers.inside(dir), "python3", Consumers.inside(script), "--fortios-version",
				VendorSchemaConsumerTest.FORTIOS_VERSION, "--dump", Consumers.inside(before), Consumers.inside(after));
		System.out.println("import round trip " + name + " (FortiOS):\n" + imported.policy() + "\n" + out);
		assertFalse(out.contains("(exit ") || out.contains("REFUSED"), out);
		assertEquals(objects(out, Consumers.inside(before)), objects(out, Consumers.inside(after)),
				"phase1/phase2 settings as Fortinet's modules type them, original then regenerated:\n" + generated.get(0).content());
	}

	/** The DUMP lines of one file: section and settings, without interface, comments and psksecret, sorted. */
	private static List<String> objects(String out, String file) {
		List<String> objects = new ArrayList<>();
		for (String line : out.split("\n")) {
			if (line.startsWith("DUMP ") && line.contains("\"file\": \"" + file + "\"")) {
				String params = line.substring(line.indexOf("\"params\": ") + 10, line.lastIndexOf(", \"section\""));
				String section = line.substring(line.lastIndexOf("\"section\": ") + 11, line.length() - 1);
				String kept = params.replaceAll("\"comments\": \"[^\"]*\", ?", "").replaceAll("\"interface\": \"[^\"]*\", ?", "")
						.replaceAll(", \"psksecret\": \"[^\"]*\"", "").replaceAll("\"psksecret\": \"[^\"]*\", ?", "");
				objects.add(section + " " + kept);
			}
		}
		java.util.Collections.sort(objects);
		assertFalse(objects.isEmpty(), "the check dumped " + file + ":\n" + out);
		return objects;
	}

	/** An imported (or migrated) policy's text, which must load without errors, generated for {@code target}. */
	private static List<GeneratedFile> generate(String policyText, String name, Target target) throws Exception {
		Path policy = Files.createTempDirectory("ikewb-import").resolve(name + ".ikewb");
		Files.writeString(policy, policyText);
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(policy);
		assertFalse(loaded.hasErrors(), () -> loaded.issues() + "\n" + policyText);
		return ConfigGenerator.of(target).generate(loaded.model(), new ConfigGenerator.Options(name, true, SECRETS));
	}

	/** The proposals charon logs as it loads connections (cfg level 2), in order. */
	private static List<String> proposals(String log) {
		List<String> out = new ArrayList<>();
		for (String line : log.split("\n")) {
			int at = line.indexOf("proposals = ");
			if (at >= 0) {
				out.add(line.substring(at).strip());
			}
		}
		return out;
	}

	private static String logSince(StrongSwan charon, long mark) throws Exception {
		byte[] all = Files.readAllBytes(StrongSwan.ROOT.resolve("var/log/peer/" + charon.name + "/charon.log"));
		int from = (int) Math.min(mark, all.length);
		return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
	}
}
