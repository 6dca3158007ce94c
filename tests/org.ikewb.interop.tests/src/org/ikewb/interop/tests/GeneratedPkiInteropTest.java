package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.Pki;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.engine.Engine;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #22 through a real consumer: a policy whose gateway authenticates with certificates under an
 * intermediate CA, names the root's and the intermediate's CRLs and checks revocation strictly is
 * generated for strongSwan; charon 6.1 loads it (the files where the generated config says:
 * x509/, x509ca/, x509crl/) and its gateway establishes with our engine running the policy's branch
 * — until the intermediate's CRL lists the branch, when charon refuses it.
 */
class GeneratedPkiInteropTest {

	@BeforeAll
	static void root() throws Exception {
		String id = StrongSwan.run(10, "id", "-u").strip();
		if (!id.equals("0")) {
			fail("the strongSwan interop suite needs root (id -u = " + id + ")");
		}
	}

	private static final String POLICY = """
			policy pki {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768
			    }
			    peer gw {
			        role responder
			        local  address 127.0.0.1 id fqdn "gw.pki.test"
			        remote address any       id fqdn "branch.pki.test"
			        auth certificate "gw.pem" key from file "gw.key" ca "root.pem"
			            intermediate "sub.pem" crl from file "root.crl" crl from file "sub.crl" revocation strict
			        ike proposals hybrid
			    }
			    peer branch {
			        role initiator
			        local  address 127.0.0.1 id fqdn "branch.pki.test"
			        remote address 127.0.0.1 port 14760 id fqdn "gw.pki.test"
			        auth certificate "branch.pem" key from file "branch.key" ca "root.pem" intermediate "sub.pem"
			        ike proposals hybrid
			    }
			}
			""";

	private static String crlPem(Octets der) {
		return "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der.toByteArray())
				+ "\n-----END X509 CRL-----\n";
	}

	@Test
	void theGeneratedGatewayChecksRevocationStrictlyWithTheCrlsThePolicyNames() throws Exception {
		Path dir = Files.createTempDirectory("ikewb-pki");
		SecureRandom random = new SecureRandom();
		Pki root = Pki.newCa("PKI interop root", random);
		Pki sub = root.intermediate("PKI interop issuing CA", Pki.CaFlaw.NONE);
		Certificates.Local gw = sub.issue("gw", "gw.pki.test");
		Certificates.Local branch = sub.issue("branch", "branch.pki.test");
		Map<String, String> files = new HashMap<>(Map.of("gw.pem", Pki.certificatePem(gw.chain().subList(0, 1)), "gw.key",
				Pki.privateKeyPem(gw), "branch.pem", Pki.certificatePem(branch.chain().subList(0, 1)), "branch.key",
				Pki.privateKeyPem(branch), "root.pem", Pki.certificatePem(List.of(root.caCertificate())), "sub.pem",
				Pki.certificatePem(List.of(sub.caCertificate())), "root.crl", crlPem(root.crl(List.of()))));
		for (String crl : List.of("empty", "revoking")) {
			files.put("sub.crl", crlPem(sub.crl(crl.equals("empty") ? List.of() : branch.chain().subList(0, 1))));
			for (var f : files.entrySet()) {
				Files.writeString(dir.resolve(f.getKey()), f.getValue());
			}
			Files.writeString(dir.resolve("pki.ikewb"), POLICY);
			PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(dir.resolve("pki.ikewb"));
			assertFalse(loaded.hasErrors(), loaded.issues()::toString);
			PolicyFile policy = loaded.model();
			Peer ourBranch = policy.getPolicies().get(0).getPeers().get(1);
			PolicyLaunch.Resolved ours = PolicyLaunch.resolve(ourBranch, SecretResolver.system());
			policy.getPolicies().get(0).getPeers().remove(ourBranch); // charon plays the gateway only
			List<GeneratedFile> generated = ConfigGenerator.of(Target.STRONGSWAN).generate(policy,
					new ConfigGenerator.Options("pki", true, SecretResolver.system()));
			String conf = generated.get(0).content();
			assertTrue(conf.contains("revocation = strict") && conf.contains("into /etc/swanctl/x509crl/")
					&& conf.contains("into /etc/swanctl/x509ca/"), conf);
			// where the generated config says each file goes
			Map<String, String> charonFiles = Map.of("x509/gw.pem", files.get("gw.pem"), "private/gw.key", files.get("gw.key"),
					"x509ca/root.pem", files.get("root.pem"), "x509ca/sub.pem", files.get("sub.pem"), "x509crl/root.crl",
					files.get("root.crl"), "x509crl/sub.crl", files.get("sub.crl"));
			try (StrongSwan peer = StrongSwan.start("g-pki-" + crl, 14760, conf, charonFiles);
					Engine engine = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true)) {
				String loadLog = Files.readString(StrongSwan.ROOT.resolve("var/log/peer/g-pki-" + crl + "/load.log"));
				assertTrue(loadLog.contains("loaded certificate") && loadLog.contains("crl"), loadLog);
				var run = engine.initiate(ours.config().withRetransmission(500, 3), ours.remote());
				if (crl.equals("empty")) {
					run.get(30, TimeUnit.SECONDS);
					String sas = peer.swanctl("--list-sas");
					assertTrue(sas.contains("ESTABLISHED") && sas.contains("branch.pki.test"), sas);
				} else {
					ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
					assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
					assertTrue(peer.log().contains("certificate was revoked"), "charon says why");
				}
			}
		}
	}
}
