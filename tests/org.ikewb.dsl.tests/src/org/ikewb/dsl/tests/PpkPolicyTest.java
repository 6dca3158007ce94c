package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 8784 PPKs and RFC 6023 childless IKE SAs in the policy language (#18): the syntax, the rules
 * (a PPK that cannot be read or is short, identities, both ends of a connection agreeing), what a
 * required PPK means for 'require post-quantum', and what each target writes or refuses.
 */
class PpkPolicyTest {

	private static PolicyFiles files;
	private static final String HEX = "0x" + "ab".repeat(32);

	@TempDir
	Path dir;

	@BeforeAll
	static void setUp() {
		files = new PolicyFiles(new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration());
	}

	private PolicyFiles.Loaded load(String text) throws Exception {
		Files.writeString(dir.resolve("pq.ppk"), HEX + "\n");
		Files.writeString(dir.resolve("other.ppk"), "0x" + "cd".repeat(32) + "\n");
		Files.writeString(dir.resolve("short.ppk"), "0x" + "ab".repeat(16) + "\n");
		Path file = dir.resolve("site.ikewb");
		Files.writeString(file, text);
		return files.load(file);
	}

	/** A gateway and its branch in one policy (mirrored identities), each with the given PPK lines. */
	static String pair(String targets, String gateway, String branch) {
		return """
				policy site {
				    %s
				    ike proposal classic {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				    }
				    peer gateway {
				        role responder
				        local  address 192.0.2.1 id fqdn "gw.example.net"
				        remote address any       id fqdn "branch.example.net"
				        auth psk from env "PATH"
				%s        ike proposals classic
				    }
				    peer branch {
				        role initiator
				        local  address 192.0.2.2 id fqdn "branch.example.net"
				        remote address 192.0.2.1 id fqdn "gw.example.net"
				        auth psk from env "PATH"
				%s        ike proposals classic
				    }
				}
				""".formatted(targets, gateway, branch);
	}

	private static List<Issue> withCode(PolicyFiles.Loaded loaded, String code) {
		return loaded.issues().stream().filter(i -> code.equals(i.getCode())).toList();
	}

	private static String all(PolicyFiles.Loaded loaded) {
		return loaded.issues().stream().map(i -> i.getLineNumber() + ": " + i.getCode() + ": " + i.getMessage()).toList().toString();
	}

	@Test
	void ppkLinesAndChildlessAreReadIntoThePeer() throws Exception {
		PolicyFiles.Loaded loaded = load(pair("", "        ppk \"pq-1\" from file \"pq.ppk\" required\n"
				+ "        ppk \"pq-2\" from file \"other.ppk\"\n", "        ppk \"pq-1\" from file \"pq.ppk\" required\n        childless\n"));
		assertFalse(loaded.hasErrors(), all(loaded));
		Peer gateway = loaded.model().getPolicies().get(0).getPeers().get(0);
		Peer branch = loaded.model().getPolicies().get(0).getPeers().get(1);
		assertEquals(List.of("pq-1", "pq-2"), gateway.getPpks().stream().map(p -> p.getId()).toList());
		assertTrue(gateway.isPpkRequired());
		assertFalse(gateway.isChildless());
		assertTrue(branch.isChildless() && branch.isPpkRequired());
		assertEquals("pq.ppk", branch.getPpks().get(0).getSecret().getLocation());
	}

	@Test
	void aPpkMustBeReadableLongEnoughAndNamedOnce() throws Exception {
		PolicyFiles.Loaded loaded = load(pair("", "        ppk \"pq-1\" from file \"missing.ppk\"\n"
				+ "        ppk \"pq-2\" from file \"short.ppk\"\n        ppk \"pq-2\" from file \"pq.ppk\"\n"
				+ "        ppk \"pq 3\" from file \"pq.ppk\"\n", ""));
		assertTrue(withCode(loaded, "secret-not-found").stream().anyMatch(i -> i.getMessage().contains("PPK 'pq-1'")
				&& i.getMessage().contains("missing.ppk") && i.getSeverity() == Severity.ERROR), all(loaded));
		List<Issue> short_ = withCode(loaded, "ppk-too-short");
		assertEquals(1, short_.size(), all(loaded));
		assertEquals(Severity.WARNING, short_.get(0).getSeverity());
		assertTrue(short_.get(0).getMessage().startsWith("PPK 'pq-2' has 128 bits; RFC 8784 asks for at least 256 bits"),
				short_.get(0).getMessage());
		List<Issue> ids = withCode(loaded, "ppk-id");
		assertEquals(2, ids.size(), all(loaded));
		assertTrue(ids.get(0).getMessage().contains("names PPK 'pq-2' twice"), ids.get(0).getMessage());
		assertTrue(ids.get(1).getMessage().startsWith("PPK identity 'pq 3' cannot be configured on every peer"),
				ids.get(1).getMessage());
	}

	@Test
	void bothEndsOfAConnectionMustAgreeOnTheirPpk() throws Exception {
		String pq1 = "        ppk \"pq-1\" from file \"pq.ppk\"%s\n";
		String pq2 = "        ppk \"pq-2\" from file \"other.ppk\"%s\n";
		// the gateway requires one; the branch has none: refused, said on the gateway
		PolicyFiles.Loaded none = load(pair("", pq1.formatted(" required"), ""));
		List<Issue> m = withCode(none, "ppk-mismatch");
		assertEquals(1, m.size(), all(none));
		assertEquals(Severity.ERROR, m.get(0).getSeverity());
		assertTrue(m.get(0).getMessage().startsWith("Peer 'gateway' requires a PPK, but its counterpart 'branch' (policy 'site') has none"),
				m.get(0).getMessage());
		// the branch offers pq-2, the gateway has pq-1 only: optional on both = a warning (they go on without)
		PolicyFiles.Loaded optional = load(pair("", pq1.formatted(""), pq2.formatted("")));
		m = withCode(optional, "ppk-mismatch");
		assertEquals(1, m.size(), all(optional));
		assertEquals(Severity.WARNING, m.get(0).getSeverity());
		assertTrue(m.get(0).getMessage().contains("offers PPK 'pq-2' (its first), which its counterpart 'gateway'"),
				m.get(0).getMessage());
		// the same with the gateway requiring one: an error
		PolicyFiles.Loaded required = load(pair("", pq1.formatted(" required"), pq2.formatted("")));
		assertEquals(Severity.ERROR, withCode(required, "ppk-mismatch").get(0).getSeverity(), all(required));
		// the gateway has both; the branch offers one of them: fine
		PolicyFiles.Loaded agreed = load(pair("", pq1.formatted(" required") + pq2.formatted(""), pq2.formatted(" required")));
		assertTrue(withCode(agreed, "ppk-mismatch").isEmpty(), all(agreed));
	}

	@Test
	void aRequiredPpkMeetsRequirePostQuantumAnOptionalOneDoesNot() throws Exception {
		String required = "        ppk \"pq-1\" from file \"pq.ppk\" required\n";
		PolicyFiles.Loaded ok = load(pair("require post-quantum", required, required));
		assertTrue(withCode(ok, "no-post-quantum").isEmpty(), all(ok));
		String optional = "        ppk \"pq-1\" from file \"pq.ppk\"\n";
		PolicyFiles.Loaded weak = load(pair("require post-quantum", required, optional));
		List<Issue> pq = withCode(weak, "no-post-quantum");
		assertEquals(1, pq.size(), all(weak));
		assertTrue(pq.get(0).getMessage().contains("or give the peers that use it a required PPK"), pq.get(0).getMessage());
	}

	@Test
	void targetsSayWhatTheyCannotWrite() throws Exception {
		String two = "        ppk \"pq-1\" from file \"pq.ppk\" required\n        ppk \"pq-2\" from file \"other.ppk\"\n";
		PolicyFiles.Loaded forti = load(pair("targets fortios", two, "        ppk \"pq-1\" from file \"pq.ppk\" required\n"));
		assertTrue(withCode(forti, "unsupported-by-target").stream()
				.anyMatch(i -> i.getMessage().contains("takes one ppk-identity per phase1-interface")), all(forti));
		PolicyFiles.Loaded cp = load(pair("targets checkpoint", "", "        ppk \"pq-1\" from file \"pq.ppk\"\n"));
		assertTrue(withCode(cp, "unsupported-by-target").stream()
				.anyMatch(i -> i.getMessage().contains("has no post-quantum preshared key setting")), all(cp));
		PolicyFiles.Loaded lib = load(pair("targets libreswan 5.2", "        childless\n", "        childless\n"));
		List<Issue> childless = withCode(lib, "unsupported-by-target");
		assertEquals(1, childless.size(), "the branch (initiator) only: a Libreswan responder accepts childless " + all(lib));
		assertTrue(childless.get(0).getMessage().contains("no setting to start an IKE SA without a Child SA"),
				childless.get(0).getMessage());
	}

	private List<GeneratedFile> generate(Target target, String text) throws Exception {
		PolicyFiles.Loaded loaded = load(text);
		return ConfigGenerator.of(target).generate(loaded.model(), new ConfigGenerator.Options("site", true,
				new SecretResolver(Map.of("PATH", "the-psk-0123456789", "TEXT_PPK", "a \"quoted\" ppk of more than 32 octets!")::get)));
	}

	private static String file(List<GeneratedFile> files, String suffix) {
		return files.stream().filter(f -> f.name().endsWith(suffix)).findFirst().orElseThrow().content();
	}

	@Test
	void eachTargetWritesThePpkAndChildlessItsWay() throws Exception {
		String text = pair("", "        ppk \"pq-1\" from file \"pq.ppk\" required\n",
				"        ppk \"pq-1\" from file \"pq.ppk\" required\n        childless\n");
		List<GeneratedFile> swan = generate(Target.STRONGSWAN, text);
		String conf = file(swan, ".swanctl.conf");
		assertTrue(conf.contains("        ppk_id = \"pq-1\"\n        ppk_required = yes\n"), conf);
		assertTrue(conf.contains("        childless = force\n"), "the initiating branch: " + conf);
		assertEquals(1, conf.split("childless", -1).length - 1, "the responding gateway accepts childless by default");
		String secrets = file(swan, ".secrets.conf");
		assertTrue(secrets.contains("    ppk-branch {\n        id = \"pq-1\"\n        secret = " + HEX + "\n    }\n"), secrets);
		assertFalse(conf.contains(HEX), "the PPK is in the secrets file only");

		List<GeneratedFile> libreswan = generate(Target.LIBRESWAN, text.replace("        childless\n", ""));
		String ipsec = file(libreswan, ".ipsec.conf");
		assertTrue(ipsec.contains("    ppk=insist\n    ppk-ids=\"pq-1\"\n"), ipsec);
		assertTrue(file(libreswan, ".secrets").contains("@branch.example.net @gw.example.net : PPKS \"pq-1\" " + HEX + "\n"),
				file(libreswan, ".secrets"));

		List<GeneratedFile> forti = generate(Target.FORTIOS, text);
		String cli = file(forti, ".fortios.conf");
		assertTrue(cli.contains("        set ppk require\n        set ppk-identity \"pq-1\"\n"), cli);
		assertTrue(cli.contains("        set childless-ike enable\n"), cli);
		assertTrue(file(forti, ".fortios-secrets.conf").contains("        set ppk-secret \"" + HEX + "\"\n"));
		assertTrue(file(forti, ".fortios.yml").contains("      ppk_secret: \"{{ ikewb_ppk_branch }}\"\n"));
		assertTrue(file(forti, ".fortios-secrets.yml").contains("ikewb_ppk_branch: \"" + HEX + "\"\n"));

		// a PPK written as text is quoted as each target quotes strings
		String textual = pair("", "", "        ppk \"pq-1\" from env \"TEXT_PPK\"\n");
		assertTrue(file(generate(Target.STRONGSWAN, textual), ".secrets.conf")
				.contains("secret = \"a \\\"quoted\\\" ppk of more than 32 octets!\""));
		assertTrue(file(generate(Target.STRONGSWAN, textual), ".swanctl.conf").contains("ppk_required = no"));
		assertTrue(file(generate(Target.LIBRESWAN, textual), ".ipsec.conf").contains("    ppk=propose\n"));

		// Check Point: refused, with the reason, before anything is written
		ConfigGenerator.UnsupportedException e = assertThrows(ConfigGenerator.UnsupportedException.class,
				() -> generate(Target.CHECKPOINT, text.replace("x25519", "ecp384")));
		assertTrue(e.getMessage().contains("has no post-quantum preshared key setting"), e.getMessage());
	}
}
