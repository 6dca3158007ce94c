package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.dsl.ide.KeywordHelp;
import org.ikewb.model.policy.CertificateAuthentication;
import org.ikewb.model.policy.Target;
import org.ikewb.model.secrets.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #22: certificate revocation lists named in a policy ({@code crl from file}) and strict
 * revocation ({@code revocation strict}): read into the model, checked (files exist; strict needs a
 * CRL), explained on hover, and written by each target its way.
 */
class RevocationPolicyTest {

	@TempDir
	Path dir;

	private PolicyFiles.Loaded load(String auth) throws Exception {
		for (String f : List.of("gw.pem", "gw.key", "ca.pem", "sub.pem", "ca.crl", "sub.crl")) {
			Files.writeString(dir.resolve(f), "-----BEGIN X-----\n-----END X-----\n");
		}
		return PolicyFilesInDir.load(dir, "pki.ikewb", """
				policy pki {
				    ike proposal classic {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				    }
				    peer gateway {
				        role responder
				        local  address 192.0.2.1 id fqdn "gw.example.net"
				        remote address any       id fqdn "branch.example.net"
				        auth %s
				        ike proposals classic
				    }
				}
				""".formatted(auth));
	}

	private static String all(PolicyFiles.Loaded loaded) {
		return loaded.issues().stream().map(i -> i.getLineNumber() + ": " + i.getCode() + ": " + i.getMessage()).toList().toString();
	}

	private static final String STRICT = "certificate \"gw.pem\" key from file \"gw.key\" ca \"ca.pem\"\n"
			+ "            intermediate \"sub.pem\" crl from file \"ca.crl\" crl from file \"sub.crl\" revocation strict";

	@Test
	void crlsAndStrictRevocationAreReadAndChecked() throws Exception {
		PolicyFiles.Loaded ok = load(STRICT);
		assertFalse(ok.hasErrors(), all(ok));
		CertificateAuthentication cert = (CertificateAuthentication) ok.model().getPolicies().get(0).getPeers().get(0)
				.getAuthentication();
		assertEquals(List.of("ca.crl", "sub.crl"), cert.getCrls());
		assertEquals(List.of("sub.pem"), cert.getIntermediates());
		assertTrue(cert.isStrictRevocation());

		PolicyFiles.Loaded relaxed = load("certificate \"gw.pem\" key from file \"gw.key\" ca \"ca.pem\" crl from file \"ca.crl\"");
		assertFalse(relaxed.hasErrors(), all(relaxed));
		assertFalse(((CertificateAuthentication) relaxed.model().getPolicies().get(0).getPeers().get(0).getAuthentication())
				.isStrictRevocation(), "relaxed unless 'revocation strict'");

		PolicyFiles.Loaded missing = load(STRICT.replace("sub.crl", "gone.crl"));
		assertTrue(missing.issues().stream().anyMatch(i -> "secret-not-found".equals(i.getCode())
				&& i.getMessage().startsWith("The certificate revocation list file 'gone.crl' does not exist")), all(missing));

		PolicyFiles.Loaded strictAlone = load("certificate \"gw.pem\" key from file \"gw.key\" ca \"ca.pem\" revocation strict");
		assertTrue(strictAlone.issues().stream().anyMatch(i -> "strict-revocation-without-crl".equals(i.getCode())
				&& i.getLineNumber() == 11 && i.getMessage().contains("every certificate would be refused")), all(strictAlone));

		assertTrue(KeywordHelp.describe("intermediate", "auth").orElseThrow().contains("It is not trusted itself"));
		PolicyFiles.Loaded noSub = load(STRICT.replace("\"sub.pem\"", "\"gone.pem\""));
		assertTrue(noSub.issues().stream().anyMatch(i -> i.getMessage().startsWith("The intermediate CA certificate file 'gone.pem'")),
				all(noSub));
		assertTrue(KeywordHelp.describe("crl", "auth").orElseThrow().contains("Nothing is fetched from the network"));
		assertTrue(KeywordHelp.describe("revocation", "crl").orElseThrow().startsWith("revocation strict"));
	}

	@Test
	void eachTargetWritesRevocationItsWay() throws Exception {
		PolicyFiles.Loaded loaded = load(STRICT);
		ConfigGenerator.Options options = new ConfigGenerator.Options("pki", false, new SecretResolver(Map.<String, String>of()::get));
		List<GeneratedFile> swan = ConfigGenerator.of(Target.STRONGSWAN).generate(loaded.model(), options);
		String conf = swan.stream().filter(f -> f.name().endsWith(".swanctl.conf")).findFirst().orElseThrow().content();
		assertTrue(conf.contains("            cacerts = ca.pem\n            revocation = strict\n"), conf);
		assertTrue(conf.contains("# certificate revocation lists: copy ca.crl, sub.crl into /etc/swanctl/x509crl/"), conf);
		assertTrue(conf.contains("# intermediate CA certificates: copy sub.pem into /etc/swanctl/x509ca/"), conf);

		List<GeneratedFile> libreswan = ConfigGenerator.of(Target.LIBRESWAN).generate(loaded.model(), options);
		String ipsec = libreswan.stream().filter(f -> f.name().endsWith(".ipsec.conf")).findFirst().orElseThrow().content();
		assertTrue(ipsec.contains("#   crlutil -I -i ca.crl -d sql:/var/lib/ipsec/nss\n#   crlutil -I -i sub.crl"), ipsec);
		assertTrue(ipsec.contains("# revocation strict: set crl-strict=yes in the config setup section"), ipsec);
		assertTrue(ipsec.contains("#   certutil -A -n sub -t ,, -i sub.pem -d sql:/var/lib/ipsec/nss"), ipsec);
	}
}
