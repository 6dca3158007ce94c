package org.ikewb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workload bin/ikewb records into the JVM's ahead-of-time cache (JEP 483/514/515) when the JDK
 * has one: what the commands users run most load and link — validating a hybrid policy, generating
 * a device config, an embedded hybrid exchange with a rekey. Run once per JDK and build, in the
 * background; its output goes nowhere. Not a command of its own: {@code java -cp … AotTraining}.
 */
public final class AotTraining {

	private static final String POLICY = """
			policy training {
			    require post-quantum
			    targets strongswan
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519, ecp384
			        addke 1    mlkem768, mlkem1024
			    }
			    esp proposal child {
			        encryption aes256gcm16
			    }
			    peer hq {
			        local  address 198.51.100.10 id fqdn "branch.example.net"
			        remote address 203.0.113.1   id fqdn "hq.example.net"
			        auth psk from env "PATH"
			        ike proposals hybrid
			        child lan { local ts 10.1.0.0/16  remote ts 10.0.0.0/8  esp proposals child }
			    }
			}
			""";

	private AotTraining() {
	}

	public static void main(String[] args) throws IOException {
		PrintStream none = new PrintStream(OutputStream.nullOutputStream());
		Path dir = Files.createTempDirectory("ikewb-aot-training");
		try {
			Path policy = dir.resolve("training.ikewb");
			Files.writeString(policy, POLICY);
			Main.run(new String[] { "validate", policy.toString() }, none, none);
			Main.run(new String[] { "validate", "--format", "json", policy.toString() }, none, none);
			Main.run(new String[] { "generate", "--target", "strongswan", "--out", dir.toString(), policy.toString() }, none, none);
			Main.run(new String[] { "run", "--rekey" }, none, none);
		} finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}
}
