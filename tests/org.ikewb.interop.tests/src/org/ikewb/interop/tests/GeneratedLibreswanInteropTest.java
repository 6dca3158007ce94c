package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.Test;

/**
 * The Libreswan config our generator writes for a policy that targets Libreswan 5.2 is read by
 * the real pluto 5.2 ({@code ipsec addconn --checkconfig}, then loaded with the conn) and the
 * gateway it describes establishes an IKE SA with our engine running the branch peer of the same
 * policy language. (Libreswan 5.4's addke output cannot be run here; it is checked against golden
 * files.) The policy declares 5.2, so a proposal with ADDKE rounds would be refused before any
 * file is written.
 */
class GeneratedLibreswanInteropTest {

	private static final String PROPOSALS = """
			    ike proposal classic {
			        encryption aes256gcm16, aes128gcm16
			        prf        prfsha384
			        ke         x25519, ecp384
			    }
			    esp proposal child {
			        encryption aes256gcm16
			    }
			""";

	private static final String GATEWAY = """
			policy site {
			    targets libreswan 5.2
			%s
			    peer gw {
			        role responder
			        local  address 10.77.0.2 id fqdn "gw.site.ikewb"
			        remote address any       id fqdn "branch.site.ikewb"
			        auth psk from env "SITE_PSK"
			        ike proposals classic
			        child lan { local ts 10.2.0.0/16  remote ts 10.1.0.0/16  esp proposals child }
			    }
			}
			""".formatted(PROPOSALS);

	private static final String BRANCH = """
			policy site {
			    targets ikewb
			%s
			    peer branch {
			        role initiator
			        local  address 10.77.0.1 id fqdn "branch.site.ikewb"
			        remote address 10.77.0.2 id fqdn "gw.site.ikewb"
			        auth psk from env "SITE_PSK"
			        ike proposals classic
			        child lan { local ts 10.1.0.0/16  remote ts 10.2.0.0/16  esp proposals child }
			    }
			}
			""".formatted(PROPOSALS);

	private static final SecretResolver SECRETS = new SecretResolver(Map.of("SITE_PSK", "generated-libreswan-0123456789",
			"SITE_PPK", "0x9f2c7a1e5b3d86f04a2e1c9b7d5f3a8e6c4b2a1908f7e6d5c4b3a29180706f5e")::get);

	private static PolicyFile load(Path dir, String name, String text) throws Exception {
		Path file = dir.resolve(name + ".ikewb");
		Files.writeString(file, text);
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(file);
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
		return loaded.model();
	}

	@Test
	void theGeneratedLibreswan52GatewayIsLoadedByPlutoAndEstablishesWithOurBranch() throws Exception {
		Path dir = Files.createTempDirectory("ikewb-libreswan-gen");
		List<GeneratedFile> files = ConfigGenerator.of(Target.LIBRESWAN).generate(load(dir, "gw", GATEWAY),
				new ConfigGenerator.Options("gw", true, SECRETS));
		String conf = files.get(0).content();
		String secrets = files.stream().filter(f -> f.name().endsWith(".secrets")).findFirst().orElseThrow().content();
		assertFalse(conf.contains("addke"), "Libreswan 5.2 has no RFC 9370:\n" + conf);
		try (Libreswan pluto = Libreswan.start(conf, secrets)) { // start runs ipsec addconn --checkconfig first
			String status = pluto.ipsec("status");
			assertTrue(status.contains("\"gw-lan\""), "the generated conn is loaded:\n" + status);
			PolicyLaunch.Resolved branch = PolicyLaunch.resolve(load(dir, "branch", BRANCH).getPolicies().get(0).getPeers().get(0),
					SECRETS);
			try (Engine ours = Engine.bind(branch.local(), false)) {
				EstablishedSa sa = ours.initiate(branch.config(), branch.remote()).get(30, TimeUnit.SECONDS);
				assertEquals("aes256gcm16-prfsha384-x25519", ProposalSyntax.format(sa.proposal()));
				assertTrue(pluto.logContains("responder established IKE SA; authenticated peer using authby=secret and ID_FQDN '@branch.site.ikewb'", 5000),
						() -> {
							try {
								return pluto.log();
							} catch (Exception e) {
								return e.toString();
							}
						});
			}
		}
	}

	/**
	 * RFC 8784 where RFC 9370 is missing: the generated Libreswan 5.2 gateway insists on a PPK
	 * (ppk=insist, PPKS in its secrets), pluto loads it, and our branch — a required PPK, and
	 * childless, which is how an exchange with pluto finishes on this kernel — comes up with it.
	 */
	@Test
	void theGeneratedLibreswan52GatewayInsistsOnThePpkAndOurChildlessBranchComesUpWithIt() throws Exception {
		Path dir = Files.createTempDirectory("ikewb-libreswan-ppk");
		String ppk = "        ppk \"site-pq\" from env \"SITE_PPK\" required\n";
		String gateway = GATEWAY.replace("        ike proposals classic\n", ppk + "        ike proposals classic\n");
		String branch = BRANCH.replace("        ike proposals classic\n", ppk + "        childless\n        ike proposals classic\n");
		List<GeneratedFile> files = ConfigGenerator.of(Target.LIBRESWAN).generate(load(dir, "gw", gateway),
				new ConfigGenerator.Options("gw", true, SECRETS));
		String conf = files.get(0).content();
		String secrets = files.stream().filter(f -> f.name().endsWith(".secrets")).findFirst().orElseThrow().content();
		assertTrue(conf.contains("    ppk=insist\n    ppk-ids=\"site-pq\"\n"), conf);
		assertTrue(secrets.contains(": PPKS \"site-pq\" 0x9f2c7a1e"), "the PPK goes to the secrets file only");
		try (Libreswan pluto = Libreswan.start(conf, secrets)) { // ipsec addconn --checkconfig first
			PolicyLaunch.Resolved ours = PolicyLaunch.resolve(load(dir, "branch", branch).getPolicies().get(0).getPeers().get(0),
					SECRETS);
			try (Engine engine = Engine.bind(ours.local(), false)) {
				EstablishedSa sa = engine.initiate(ours.config(), ours.remote()).get(30, TimeUnit.SECONDS);
				assertEquals("site-pq", new String(sa.ppkId().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
				assertEquals(List.of(), sa.children(), "childless");
				assertTrue(pluto.logContains("PPK AUTH calculated as responder", 5000), () -> log(pluto));
				assertTrue(pluto.log().contains("IKE_AUTH request does not propose a Child SA; creating childless SA"),
						() -> log(pluto));
			}
		}
	}

	private static String log(Libreswan pluto) {
		try {
			return pluto.log();
		} catch (Exception e) {
			return e.toString();
		}
	}
}
