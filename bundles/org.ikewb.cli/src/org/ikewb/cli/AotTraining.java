package org.ikewb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workloads bin/ikewb records into the JVM's ahead-of-time caches (JEP 483/514/515) when the
 * JDK has them, one cache per kind of command, because a cache's classes are all loaded when the
 * JVM starts (a validation need not load the engine, an exchange not Xtext):
 * <ul>
 * <li>{@code policy} — {@code validate} and {@code generate}: validating a hybrid policy (text and
 * JSON) and generating a strongSwan config from it;</li>
 * <li>{@code exchange} — {@code run}, {@code respond}, {@code load}, {@code wireshark}: an
 * embedded hybrid exchange with a rekey.</li>
 * </ul>
 * Run once per JDK and build, in the background; its output goes nowhere. Not a command of its own:
 * {@code java -XX:AOTCacheOutput=… -cp … AotTraining policy|exchange}.
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

	/** The policy workload (also the {@link Server}'s warm-up), in a temporary directory it removes. */
	static void policyCommands(PrintStream none) throws IOException {
		Path dir = Files.createTempDirectory("ikewb-warm-up");
		try {
			policyCommands(dir, none);
		} finally {
			delete(dir);
		}
	}

	private static void policyCommands(Path dir, PrintStream none) throws IOException {
		Path policy = dir.resolve("training.ikewb");
		Files.writeString(policy, POLICY);
		Main.run(new String[] { "validate", policy.toString() }, none, none);
		Main.run(new String[] { "validate", "--format", "json", policy.toString() }, none, none);
		Main.run(new String[] { "generate", "--target", "strongswan", "--out", dir.toString(), policy.toString() }, none, none);
		Main.run(new String[] { "negotiate", policy.toString() }, none, none);
	}

	private static void delete(Path dir) throws IOException {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1 || !(args[0].equals("policy") || args[0].equals("exchange"))) {
			System.err.println("usage: AotTraining policy|exchange");
			System.exit(2);
		}
		PrintStream none = new PrintStream(OutputStream.nullOutputStream());
		Path dir = Files.createTempDirectory("ikewb-aot-training");
		try {
			if (args[0].equals("policy")) {
				LibraryLog.configure(none); // as Main.main does first for these commands
				policyCommands(dir, none);
			} else {
				Main.run(new String[] { "run", "--rekey" }, none, none);
			}
		} finally {
			delete(dir);
		}
	}
}
