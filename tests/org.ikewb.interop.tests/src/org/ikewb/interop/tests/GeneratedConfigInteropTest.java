package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The strongSwan configs our generator writes for every example are loaded by a real strongSwan
 * 6.1 ({@code swanctl --load-all}, which rejects unknown keys, bad proposals and bad selectors),
 * {@code swanctl --list-conns} shows what the policy says, and the loopback example's gateway,
 * generated for charon, establishes a hybrid IKE SA with our engine running the branch peer.
 */
class GeneratedConfigInteropTest {

	static final Map<String, String> PSKS = Map.of("HQ_PSK", "generated-hq-0123456789", "DC_PSK", "generated \"dc\" psk",
			"RW_PSK", "generated-rw-0123456789", "DEMO_PSK", "generated-demo-0123456789", "CP_PSK", "generated-cp-0123456789",
			"SITE_PSK", "generated-site-0123456789", "SITE_PPK", "0x4e8a2c6f1b9d3e7a5c0f2d4b6a8e1c3f5d7b9a2e4c6f8a0b1d3e5f7a9c2b4d6e");
	static final SecretResolver SECRETS = new SecretResolver(PSKS::get);

	@BeforeAll
	static void root() throws Exception {
		String id = StrongSwan.run(10, "id", "-u").strip();
		if (!id.equals("0")) {
			fail("the strongSwan interop suite needs root (id -u = " + id + ")");
		}
	}

	static PolicyFile load(String example) throws Exception {
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(Path.of("../../examples", example + ".ikewb"));
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
		return loaded.model();
	}

	/** Starts charon with the generated swanctl.conf (and its secrets file) of one example. */
	static StrongSwan startWithGenerated(String example, String instance, int port) throws Exception {
		return startWithGenerated(load(example), example, instance, port);
	}

	static StrongSwan startWithGenerated(PolicyFile policy, String example, String instance, int port) throws Exception {
		List<GeneratedFile> files = ConfigGenerator.of(Target.STRONGSWAN).generate(policy,
				new ConfigGenerator.Options(example, true, SECRETS));
		Map<String, String> extra = new HashMap<>();
		for (GeneratedFile f : files.subList(1, files.size())) {
			extra.put(f.name(), f.content()); // beside swanctl.conf, where its include looks
		}
		// start-peer.sh fails unless swanctl --load-all succeeds
		return StrongSwan.start(instance, port, files.get(0).content(), extra);
	}

	@ParameterizedTest
	@CsvSource({ "branch-to-hq, g-branch, 14700", "three-rounds, g-three, 14710", "road-warrior, g-road, 14720",
			"loopback, g-loop, 14730", "checkpoint-gateway, g-cp, 14740", "ppk-site, g-ppk, 14750" })
	void everyExampleLoadsIntoStrongSwanAsThePolicySays(String example, String instance, int port) throws Exception {
		PolicyFile policy = load(example);
		try (StrongSwan peer = startWithGenerated(example, instance, port)) {
			String load = java.nio.file.Files.readString(StrongSwan.ROOT.resolve("var/log/peer/" + instance + "/load.log"));
			assertFalse(load.contains("failed"), load);
			int peers = policy.getPolicies().stream().mapToInt(p -> p.getPeers().size()).sum();
			assertTrue(load.contains("successfully loaded " + peers + " connections"), load);
			assertTrue(load.contains("loaded ike secret"), load);
			if (policy.getPolicies().stream().flatMap(p -> p.getPeers().stream()).anyMatch(p -> !p.getPpks().isEmpty())) {
				assertTrue(load.contains("loaded ppk secret"), load);
			}
			String conns = peer.swanctl("--list-conns");
			System.out.println("interop generated " + example + ":\n" + conns);
			for (var p : policy.getPolicies()) {
				for (Peer each : p.getPeers()) {
					assertTrue(conns.contains(each.getName() + ": IKEv2"), conns);
					if (each.getRekeySeconds() > 0) {
						assertTrue(conns.contains("rekeying every " + each.getRekeySeconds() + "s"), conns);
					}
					assertTrue(conns.contains("id: " + each.getLocal().getIdentity().getValue()), conns);
					if (!each.getPpks().isEmpty()) {
						// charon's own words for the PPK it will use: identity, and whether it is required
						assertTrue(conns.contains("ppk: " + each.getPpks().get(0).getId() + (each.isPpkRequired() ? ", required" : "")),
								conns);
					}
					assertTrue(conns.contains("id: " + each.getRemote().getIdentity().getValue()), conns);
					for (ChildSa child : each.getChildren()) {
						assertTrue(conns.contains(child.getName() + ": " + child.getMode().getName()), conns);
						for (TrafficSelector ts : child.getLocalSelectors()) {
							assertTrue(conns.contains(ts.getPrefix()), ts.getPrefix() + " in\n" + conns);
						}
					}
				}
			}
		}
	}

	@Test
	void theGeneratedGatewayEstablishesWithOurEngineRunningTheBranchPeer() throws Exception {
		PolicyFile policy = load("loopback");
		Peer branch = policy.getPolicies().get(0).getPeers().stream().filter(p -> p.getName().equals("branch")).findFirst()
				.orElseThrow();
		PolicyLaunch.Resolved ours = PolicyLaunch.resolve(branch, SECRETS);
		assertEquals(15500, ours.remote().getPort());
		// charon plays only the gateway (else its generated branch would dial its own gateway), and
		// listens where the policy's gateway does: udp/15500 (NAT-T 15501)
		policy.getPolicies().get(0).getPeers().remove(branch);
		try (StrongSwan peer = startWithGenerated(policy, "loopback", "g-gateway", 15500);
				Engine engine = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true)) {
			EstablishedSa sa = engine.initiate(ours.config(), ours.remote()).get(30, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProposalSyntax.format(sa.proposal()));
			String sas = peer.swanctl("--list-sas");
			System.out.println("interop generated gateway:\n" + sas);
			assertTrue(sas.contains("ESTABLISHED"), sas);
			assertTrue(sas.contains("AES_GCM_16-256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768"), sas);
			assertTrue(sas.contains("branch.loopback.test"), sas);
			assertTrue(sas.contains("10.0.0.0/8"), sas);
		}
	}

	/**
	 * The generated strongSwan gateway of a policy with a required PPK (ppk_id, ppk_required, the PPK
	 * in the secrets file) establishes with our engine running the branch of the same policy; charon
	 * says it used the PPK, and the Child SA keys, derived from the SK_d with the PPK in it, agree.
	 */
	@Test
	void theGeneratedGatewayWithARequiredPpkEstablishesWithOurBranch() throws Exception {
		String text = """
				policy pq {
				    targets strongswan, ikewb
				    ike proposal classic { encryption aes256gcm16  prf prfsha384  ke x25519 }
				    esp proposal child { encryption aes256gcm16 }
				    peer gateway {
				        role responder
				        local  address 127.0.0.1 port 14760 id fqdn "gw.ppk.test"
				        remote address any                 id fqdn "branch.ppk.test"
				        auth psk from env "SITE_PSK"
				        ppk "site-pq" from env "SITE_PPK" required
				        ike proposals classic
				        child lan { local ts 10.2.0.0/16  remote ts 10.1.0.0/16  esp proposals child }
				    }
				    peer branch {
				        local  address 127.0.0.1                 id fqdn "branch.ppk.test"
				        remote address 127.0.0.1 port 14760      id fqdn "gw.ppk.test"
				        auth psk from env "SITE_PSK"
				        ppk "site-pq" from env "SITE_PPK" required
				        ike proposals classic
				        child lan { local ts 10.1.0.0/16  remote ts 10.2.0.0/16  esp proposals child }
				    }
				}
				""";
		java.nio.file.Path file = java.nio.file.Files.createTempDirectory("ikewb-ppk").resolve("pq.ikewb");
		java.nio.file.Files.writeString(file, text);
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(file);
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
		PolicyFile policy = loaded.model();
		Peer branch = policy.getPolicies().get(0).getPeers().get(1);
		PolicyLaunch.Resolved ours = PolicyLaunch.resolve(branch, SECRETS);
		policy.getPolicies().get(0).getPeers().remove(branch); // charon plays the gateway only
		try (StrongSwan peer = startWithGenerated(policy, "pq", "g-ppk-gw", 14760);
				Engine engine = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true)) {
			EstablishedSa sa = engine.initiate(ours.config(), ours.remote()).get(30, TimeUnit.SECONDS);
			assertEquals("site-pq", new String(sa.ppkId().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
			String log = peer.log();
			assertTrue(log.contains("using PPK for PPK_ID 'site-pq'"), log);
			java.util.List<byte[]> keys = peer.dumps("encryption initiator key");
			org.junit.jupiter.api.Assertions.assertArrayEquals(keys.get(keys.size() - 1),
					sa.children().get(0).keys().encryptionInitiator().toByteArray());
		}
	}
}
