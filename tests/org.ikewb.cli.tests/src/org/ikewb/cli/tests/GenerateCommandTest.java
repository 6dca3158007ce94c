package org.ikewb.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.ikewb.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ikewb generate}: writes configs of valid policies only, secrets only when asked and owner-only. */
class GenerateCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private static final String POLICY = """
			policy site {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768
			    }
			    esp proposal child {
			        encryption aes256gcm16
			    }
			    peer hq {
			        local  address 192.0.2.1 id fqdn "branch.example.net"
			        remote address 192.0.2.2 id fqdn "hq.example.net"
			        auth psk from file "hq.psk"
			        ike proposals hybrid
			        child lan {
			            local  ts 10.1.0.0/16
			            remote ts 10.0.0.0/8
			            esp proposals child
			        }
			    }
			}
			""";

	@Test
	void writesTheConfigNextToThePolicyAndTheSecretOnlyWhenAsked() throws Exception {
		Files.writeString(dir.resolve("hq.psk"), "cli-generate-secret\n");
		Path policy = Files.writeString(dir.resolve("site.ikewb"), POLICY);
		assertEquals(Main.OK, run("generate", "--target", "strongswan", policy.toString()), err::toString);
		String conf = Files.readString(dir.resolve("site.swanctl.conf"));
		assertTrue(conf.contains("proposals = aes256gcm16-prfsha384-x25519-ke1_mlkem768"), conf);
		assertTrue(conf.contains("include site.secrets.conf"), conf);
		assertFalse(Files.exists(dir.resolve("site.secrets.conf")), "no secrets without --with-secrets");

		Path outDir = dir.resolve("out");
		assertEquals(Main.OK, run("generate", "--target", "strongswan", "--with-secrets", "--out", outDir.toString(),
				policy.toString()), err::toString);
		Path secrets = outDir.resolve("site.secrets.conf");
		assertTrue(Files.readString(secrets).contains("secret = \"cli-generate-secret\""));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
		assertFalse(Files.readString(outDir.resolve("site.swanctl.conf")).contains("cli-generate-secret"));

		assertEquals(Main.OK, run("generate", "--target", "libreswan", policy.toString()), err::toString);
		assertTrue(Files.readString(dir.resolve("site.ipsec.conf")).contains("ike=aes_gcm256-sha2_384-dh31;addke1=ml_kem_768"));
		assertEquals(Main.OK, run("generate", "--target", "fortios", policy.toString()), err::toString);
		assertTrue(Files.readString(dir.resolve("site.fortios.conf")).contains("set addke1 36"));
	}

	@Test
	void aPolicyWithErrorsWritesNothing() throws Exception {
		Files.writeString(dir.resolve("hq.psk"), "cli-generate-secret\n");
		Path policy = Files.writeString(dir.resolve("bad.ikewb"), POLICY.replace("addke 1    mlkem768", "addke 1    x25519"));
		assertEquals(Main.FAILED, run("generate", "--target", "strongswan", policy.toString()));
		assertTrue(err.toString().contains("unsatisfiable-key-exchange"), err::toString);
		assertFalse(Files.exists(dir.resolve("bad.swanctl.conf")));
	}

	@Test
	void whatATargetCannotDoIsRefused() throws Exception {
		Files.writeString(dir.resolve("hq.psk"), "cli-generate-secret\n");
		Path policy = Files.writeString(dir.resolve("x448.ikewb"), POLICY.replace("ke         x25519", "ke         x448"));
		assertEquals(Main.FAILED, run("generate", "--target", "libreswan", policy.toString()));
		assertTrue(err.toString().contains("Libreswan 5.4 cannot negotiate 'x448'"), err::toString);
		assertEquals(Main.USAGE, run("generate", "--target", "cisco", policy.toString()));
		assertEquals(Main.USAGE, run("generate", policy.toString()));
	}
}
