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

	/**
	 * The {@link Server}'s warm-up beyond the training policy: a fleet policy of {@code peers} peers
	 * validated, so that the code a large policy runs hot (parsing, linking and the rules over many
	 * peers, every target's rules) is compiled before a user's first one: the first 10,000-peer
	 * validation after the server started took 4.7-5.1 s without it, 3.7-4.7 s with it (3.1-3.7 s
	 * the second time).
	 */
	static void fleetValidation(int peers, PrintStream none) throws IOException {
		Path dir = Files.createTempDirectory("ikewb-warm-up");
		try {
			Path policy = dir.resolve("fleet.ikewb");
			Files.writeString(policy, fleet(peers));
			Main.run(new String[] { "validate", policy.toString() }, none, none);
		} finally {
			delete(dir);
		}
	}

	/**
	 * A hub's policy for every target, with a hybrid and a CBC proposal, then spoke peers with
	 * addresses, identities, rekey times and a Child SA of their own (every fourth on the CBC
	 * proposal): the rules of every target run, and the policy is valid.
	 */
	static String fleet(int peers) {
		StringBuilder b = new StringBuilder("""
				policy fleet {
				    require post-quantum
				    targets strongswan, libreswan, fortios
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519, ecp384
				        addke 1    mlkem768, mlkem1024
				        addke 2    mlkem1024, none
				    }
				    ike proposal cbc {
				        encryption aes256
				        prf        prfsha256
				        integrity  sha256
				        ke         ecp256
				        addke 1    mlkem768
				    }
				    esp proposal child {
				        encryption aes256gcm16
				        ke         x25519
				    }
				""");
		for (int i = 0; i < peers; i++) {
			int high = i / 250;
			int low = i % 250 + 1;
			b.append("    peer site").append(i).append(" {\n")
					.append("        local  address 198.51.100.10 id fqdn \"hub.example.net\"\n")
					.append("        remote address 10.").append(high).append('.').append(low).append(".1 id fqdn \"site")
					.append(i).append(".example.net\"\n")
					.append("        auth psk from env \"PATH\"\n")
					.append(i % 4 == 3 ? "        ike proposals cbc\n" : "        ike proposals hybrid\n")
					.append("        rekey after 4h\n")
					.append("        child lan { local ts 172.16.0.0/12  remote ts 10.").append(100 + high).append('.')
					.append(low).append(".0/24  esp proposals child  rekey after 1h }\n")
					.append("    }\n");
		}
		return b.append("}\n").toString();
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
