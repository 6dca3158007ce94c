package org.ikewb.cli;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.protocol.KeyExchangeMethod;

/**
 * {@code ikewb run}: with no peer, runs the key exchanges of a hybrid proposal between an initiator
 * and the embedded responder in this process. Until the engine exists this covers the key
 * exchanges only (each side's KE data, validation of the peer's value, the shared secrets); the
 * IKE messages around them arrive with the engine.
 */
final class RunCommand {

	private static final String HELP = """
			Usage: ikewb run [--ke METHOD] [--addke METHOD]...

			Runs the key exchanges of a hybrid IKEv2 proposal against the embedded responder.
			  --ke METHOD      primary key exchange (default x25519)
			  --addke METHOD   an additional key exchange round (default one round: mlkem768);
			                   repeat for more rounds, up to 7
			METHOD is a strongSwan keyword (x25519, ecp384, modp3072, mlkem768 ...) or an IANA name.
			""";

	private final PrintStream out;
	private final PrintStream err;

	RunCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int execute(List<String> args) {
		KeyExchangeMethod ke = KeyExchangeMethod.CURVE25519;
		List<KeyExchangeMethod> addke = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			switch (arg) {
			case "--help", "-h" -> {
				out.print(HELP);
				return Main.OK;
			}
			case "--ke", "--addke" -> {
				if (i + 1 >= args.size()) {
					return usage(arg + " needs a METHOD");
				}
				Optional<KeyExchangeMethod> m = KeyExchangeMethod.byName(args.get(++i));
				if (m.isEmpty() || m.get() == KeyExchangeMethod.NONE) {
					return usage("unknown key exchange method '" + args.get(i) + "'");
				}
				if (arg.equals("--ke")) {
					ke = m.get();
				} else {
					addke.add(m.get());
				}
			}
			default -> {
				return usage("unexpected argument '" + arg + "'");
			}
			}
		}
		if (addke.isEmpty()) {
			addke.add(KeyExchangeMethod.ML_KEM_768);
		}
		if (addke.size() > 7) {
			return usage("at most 7 additional key exchanges (ADDKE1..ADDKE7)");
		}
		List<KeyExchangeMethod> rounds = new ArrayList<>();
		rounds.add(ke);
		rounds.addAll(addke);
		for (int i = 0; i < rounds.size(); i++) {
			for (int j = 0; j < i; j++) {
				if (rounds.get(i).equals(rounds.get(j))) {
					return usage(rounds.get(i).keyword() + " is chosen twice: RFC 9370 forbids the same method in two rounds");
				}
			}
		}
		return runEmbedded(rounds);
	}

	private int runEmbedded(List<KeyExchangeMethod> rounds) {
		SecureRandom random = new SecureRandom();
		out.println("initiator <-> embedded responder (in process; IKE messages over UDP arrive with the engine)");
		long start = System.nanoTime();
		for (int i = 0; i < rounds.size(); i++) {
			KeyExchangeMethod method = rounds.get(i);
			String round = i == 0 ? "KE    " : "ADDKE" + i;
			try {
				KeyExchange initiator = KeyExchange.start(method, random);
				byte[] request = initiator.publicValue();
				KeyExchange.Response response = KeyExchange.respond(method, request, random);
				byte[] initiatorSecret = initiator.complete(response.publicValue());
				initiator.destroy();
				boolean agree = MessageDigest.isEqual(initiatorSecret, response.sharedSecret());
				out.printf("  %s %-12s  I -> R %5d bytes   R -> I %5d bytes   shared secret %3d bytes  %s%n", round,
						method.ianaName(), request.length, response.publicValue().length, initiatorSecret.length,
						agree ? "identical on both sides" : "DIFFERENT");
				if (!agree) {
					err.println("ikewb run: " + method.ianaName() + " gave different secrets on the two sides");
					return Main.FAILED;
				}
			} catch (KeyExchangeException e) {
				err.println("ikewb run: " + e.getMessage());
				return Main.FAILED;
			}
		}
		long micros = (System.nanoTime() - start) / 1000;
		out.printf("hybrid key agreement complete: %d key exchanges, %s post-quantum, %d us%n", rounds.size(),
				rounds.stream().anyMatch(KeyExchangeMethod::postQuantum) ? "with" : "WITHOUT", micros);
		return Main.OK;
	}

	private int usage(String message) {
		err.println("ikewb run: " + message);
		err.print(HELP);
		return Main.USAGE;
	}
}
