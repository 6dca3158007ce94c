package org.ikewb.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ikewb}: the command line of IKEv2 Workbench. Plain Java (runs with {@code java -cp}, no
 * OSGi); every command returns an exit code, prints its result on standard output and one line
 * saying why on standard error when it fails.
 */
public final class Main {

	/** Exit codes shared by all commands. */
	public static final int OK = 0;
	public static final int FAILED = 1;
	public static final int USAGE = 2;

	private static final String USAGE_TEXT = """
			Usage: ikewb <command> [options]

			Commands:
			  run        run an IKEv2 exchange (default: hybrid x25519 + ML-KEM-768 against the
			             embedded responder on loopback) and print it as a sequence diagram
			  respond    answer IKEv2 exchanges on a UDP port
			  validate   check policy files (.ikewb) and print file:line:col: severity code: message
			  generate   write a device config from a policy: --target strongswan|libreswan|fortios|checkpoint
			  import     turn device configurations (strongSwan swanctl.conf, Libreswan ipsec.conf, FortiOS
			             CLI) into a policy, reporting every setting a policy cannot express with its line
			  negotiate  predict what two peers of policies negotiate, as a sequence diagram, or --fleet
			             for every pair; under strongSwan's, Libreswan's or our selection rules
			  wireshark  open a pcap of IKE in Wireshark (or tshark) with the ports and keys it needs
			  load       load a responder on this machine with IKE SAs: latencies per exchange, failures,
			             and with --ramp the rate at which it starts to fail
			  version    print the version and the crypto provider
			  help       print this text

			Run 'ikewb <command> --help' for the options of a command.
			""";

	private Main() {
	}

	public static void main(String[] args) {
		if (readsPolicies(args)) {
			LibraryLog.configure(System.err); // Xtext and EMF log through log4j; the other commands never load them
		}
		System.exit(run(args, System.out, System.err));
	}

	/** Whether the command line loads the policy language: validate, generate, or a policy file given to run or respond. */
	static boolean readsPolicies(String[] args) {
		if (args.length > 0 && (args[0].equals("validate") || args[0].equals("generate") || args[0].equals("negotiate")
				|| args[0].equals("import"))) {
			return true;
		}
		return Arrays.stream(args).anyMatch(a -> a.endsWith(".ikewb"));
	}

	/** Runs one command; never calls System.exit, so tests call it directly. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return run(args, System.in, out, err);
	}

	/** Runs one command reading the terminal from {@code in} (for --step). */
	public static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
		if (args.length == 0) {
			err.print(USAGE_TEXT);
			return USAGE;
		}
		try {
			return dispatch(args, in, out, err);
		} catch (RuntimeException | Error e) {
			// the last line of defence: a defect of ours, said as such, never a stack trace
			err.println("ikewb " + args[0] + ": " + describe(e));
			return FAILED;
		}
	}

	/**
	 * What went wrong, for a user: the engine's own failures (IkeFailure) and I/O problems in words,
	 * anything else as an internal error to report, never a Java exception's text.
	 */
	static String describe(Throwable e) {
		if (e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException) {
			return e.getCause() != null ? describe(e.getCause()) : "failed";
		}
		if (e instanceof org.ikewb.engine.IkeFailure && e.getMessage() != null) {
			return e.getMessage();
		}
		if (e instanceof java.nio.file.NoSuchFileException f) {
			return f.getFile() + ": no such file";
		}
		if (e instanceof java.nio.file.AccessDeniedException f) {
			return f.getFile() + ": permission denied";
		}
		if (e instanceof OutOfMemoryError) {
			// what the command held is garbage once it failed: in the command line's server the others go on
			return "out of memory (the Java heap is full); run it again, on its own, or with IKEWB_NO_SERVER=1 in a JVM of its own";
		}
		if (e instanceof SecurityException) {
			return "permission denied";
		}
		if ((e instanceof java.io.IOException || e instanceof IllegalArgumentException) && e.getMessage() != null) {
			return e.getMessage(); // ours and the JDK's I/O and format messages say what was wrong
		}
		return "internal error (" + e.getClass().getSimpleName()
				+ "); please report it with the command line and, if you can, a --trace FILE of the run";
	}

	/**
	 * As {@link #describe(Throwable)}, for a message that already names {@code file} as the user
	 * typed it: the problem with that file without its name again (and without the absolute path it
	 * has in the server), e.g. "no such file".
	 */
	static String describe(Throwable e, java.nio.file.Path file) {
		if (e instanceof java.nio.file.FileSystemException f && f.getOtherFile() == null && f.getFile() != null
				&& (f.getFile().equals(file.toString()) || f.getFile().equals(Invocation.file(file).toString()))) {
			return problem(f);
		}
		return describe(e);
	}

	/** What is wrong with the file of {@code e}, in words. */
	static String problem(java.nio.file.FileSystemException e) {
		if (e instanceof java.nio.file.NoSuchFileException) {
			return "no such file";
		}
		if (e instanceof java.nio.file.AccessDeniedException) {
			return "permission denied";
		}
		if (e instanceof java.nio.file.NotDirectoryException) {
			return "not a directory";
		}
		return e.getReason() != null ? e.getReason() : "cannot be read";
	}

	private static int dispatch(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
		List<String> rest = Arrays.asList(args).subList(1, args.length);
		switch (args[0]) {
		case "run":
			return new RunCommand(in, out, err, org.ikewb.model.secrets.Environment.all()).run(rest);
		case "respond":
			return new RunCommand(in, out, err, org.ikewb.model.secrets.Environment.all()).respond(rest);
		case "validate":
			return new ValidateCommand(out, err).run(rest);
		case "generate":
			return new GenerateCommand(out, err).run(rest);
		case "wireshark":
			return new WiresharkCommand(out, err).run(rest);
		case "import":
			return new ImportCommand(out, err).run(rest);
		case "negotiate":
			return new NegotiateCommand(out, err).run(rest);
		case "load":
			return new LoadCommand(out, err, org.ikewb.model.secrets.Environment.all()).run(rest);
		case "version", "--version":
			out.println("ikewb " + Version.text());
			return OK;
		case "help", "--help", "-h":
			out.print(USAGE_TEXT);
			return OK;
		default:
			err.println("ikewb: unknown command '" + args[0] + "'");
			err.println("Run 'ikewb help' for the commands.");
			return USAGE;
		}
	}
}
