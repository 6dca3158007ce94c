package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.protocol.Octets;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.engine.TraceRecorder;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.engine.MessageSummary;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;

/**
 * {@code ikewb run} (initiator) and {@code ikewb respond} (responder): a real IKEv2 exchange over
 * UDP, printed as a text sequence diagram while it happens. Without {@code --peer}, run starts an
 * embedded responder on loopback with the same settings and runs against it.
 */
final class RunCommand {

	static final String DEFAULT_IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	static final String DEFAULT_ESP = "aes256gcm16-x25519-ke1_mlkem768";

	/** The options of run and respond, as Cli parses them and --help prints them. */
	@Command(customSynopsis = {
			"ikewb run [CONFIG] [options]        initiate an IKE SA (default: against the embedded responder)",
			"       ikewb respond [CONFIG] [options]    answer IKE SAs until interrupted",
			"       ikewb run POLICY.ikewb [--peer NAME] [options]",
			"       ikewb respond POLICY.ikewb [--peer NAME] [options]",
			"                                           the peer of a policy file: its addresses, identities,",
			"                                           proposals, PSK source and first Child SA (--listen overrides",
			"                                           the local address; --ike/--esp/--id are ignored)" }, description = {
					"",
					"CONFIG is a properties file whose keys are the long options below without the dashes",
					"(peer=192.0.2.1:500, ike=..., psk-env=...); options on the command line win. Named peers:",
					"peer.NAME=HOST:PORT in CONFIG, then --peer NAME.", "", "Options:" })
	static final class Spec {
		@Option(names = "--peer", paramLabel = "HOST:PORT", description = "the responder to run against (run); none: the embedded responder")
		String peer;
		@Option(names = "--listen", paramLabel = "HOST:PORT", description = "local address (default 127.0.0.1:0 for run, 127.0.0.1:500 for respond)")
		String listen;
		@Option(names = "--ike", paramLabel = "PROPOSALS", description = "IKE proposals, strongSwan notation, comma-separated (default " + DEFAULT_IKE + ")")
		String ike = DEFAULT_IKE;
		@Option(names = "--esp", paramLabel = "PROPOSALS", description = "ESP proposals of the Child SA (default " + DEFAULT_ESP + ")")
		String esp = DEFAULT_ESP;
		@Option(names = "--rekey-ike", paramLabel = "PROPOSALS", description = "IKE proposals for rekeys of the IKE SA, offered and accepted (default: --ike); a rekey may change every algorithm, e.g. to another PRF or more ADDKE rounds")
		String rekeyIke;
		@Option(names = "--rekey-esp", paramLabel = "PROPOSALS", description = "ESP proposals for Child SA rekeys (default: --esp)")
		String rekeyEsp;
		@Option(names = "--rekey-keys", paramLabel = "rfc7296|strongswan", converter = RekeyKeysConverter.class, description = "when a rekey changes the PRF: prf+ of the new IKE SA with the new PRF (RFC 7296, Libreswan; default) or the old one (strongSwan 6.1)")
		IkeConfig.RekeyKeys rekeyKeys;
		@Option(names = "--id", paramLabel = "ID", description = "our identity (FQDN, or user@domain; default initiator.ikewb / responder.ikewb; with --cert: the certificate's DN, or a name of the certificate given here)")
		String id;
		@Option(names = "--remote-id", paramLabel = "ID", description = "the identity the peer must prove (respond with a PSK: initiator.ikewb unless given; 'any' lets in any identity that has the key, with a warning; run: any responder that has the key)")
		String remoteId;
		@Option(names = "--psk-env", paramLabel = "VAR", description = "read the pre-shared key from an environment variable")
		String pskEnv;
		@Option(names = "--psk-file", paramLabel = "FILE", description = "read the pre-shared key from a file (first line) (embedded run without either: a random key for this run)")
		String pskFile;
		@Option(names = "--cert", paramLabel = "FILE", description = "authenticate with certificates (RFC 7427 signatures): our chain (PEM)")
		Path cert;
		@Option(names = "--key", paramLabel = "FILE", description = "the private key of --cert (PEM)")
		Path key;
		@Option(names = "--ca", paramLabel = "FILE", description = "the CA the peer's certificate must chain to (PEM)")
		Path ca;
		@Option(names = "--intermediate", paramLabel = "FILE", description = "intermediate CA certificates (PEM) the peer's path may go through when it does not send them, with --ca; not trusted themselves; repeat for several")
		List<Path> intermediate = new java.util.ArrayList<>();
		@Option(names = "--crl", paramLabel = "FILE", description = "certificate revocation lists (PEM or DER) the peer's certificate is checked against, with --ca; repeat for several")
		List<Path> crl = new java.util.ArrayList<>();
		@Option(names = "--revocation", paramLabel = "relaxed|strict", converter = RevocationConverter.class, description = "relaxed (default): a certificate whose issuer has no CRL here passes; strict: every certificate of the peer's path needs a current CRL of its issuer")
		org.ikewb.crypto.PathRules.Revocation revocation = org.ikewb.crypto.PathRules.Revocation.RELAXED;
		@Option(names = "--auth", paramLabel = "psk|cert", converter = AuthConverter.class, description = "(embedded run) cert: certificates from a CA made for this run")
		Auth auth = Auth.PSK;
		@Option(names = "--fragment-size", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "largest IKE message before fragmenting (default 1280)")
		int fragmentSize = 1280;
		@Option(names = "--timeout", paramLabel = "SECONDS", converter = Cli.PositiveNumber.class, description = "give up after this long (default 30)")
		int timeout = 30;
		@Option(names = "--trace", paramLabel = "FILE", description = "write every message (datagrams, decrypted payloads) as JSON")
		Path trace;
		@Option(names = "--pcap", paramLabel = "FILE", description = "write the datagrams as a pcap (raw IP, as they went over UDP; Wireshark dissects ports other than 500/4500 with -d, see: ikewb wireshark)")
		Path pcap;
		@Option(names = "--decrypted", paramLabel = "FILE", description = "write every message decrypted (SK/SKF replaced by its payloads) as a pcap Wireshark dissects as IKE on any port without keys (owner-only)")
		Path decrypted;
		@Option(names = "--keys", paramLabel = "FILE", description = "opt in to key material: SKEYSEED and SK_* in the JSON trace, and Wireshark's ikev2_decryption_table in FILE (owner-only)")
		Path keys;
		@Option(names = "--step", description = "pause before each message sent and after each received: Enter steps, c continues to the end, q quits")
		boolean step;
		@Option(names = "--rekey", description = "once established, rekey the Child SA and then the IKE SA (CREATE_CHILD_SA + IKE_FOLLOWUP_KE), then delete the IKE SA (run)")
		boolean rekey;
		@Option(names = "--ppk-id", paramLabel = "ID", description = "an RFC 8784 post-quantum preshared key, mixed into the keys: its identity (with --ppk-env or --ppk-file)")
		String ppkId;
		@Option(names = "--ppk-env", paramLabel = "VAR", description = "read the PPK from an environment variable (0x followed by hex, or text)")
		String ppkEnv;
		@Option(names = "--ppk-file", paramLabel = "FILE", description = "read the PPK from a file, first line (0x followed by hex, or text)")
		String ppkFile;
		@Option(names = "--ppk-required", description = "no IKE SA without the PPK (default: go on without it, NO_PPK_AUTH, when the peer has none)")
		boolean ppkRequired;
		@Option(names = "--childless", description = "IKE_AUTH without a Child SA (RFC 6023); the Child SA follows with CREATE_CHILD_SA (run)")
		boolean childless;
		@Option(names = "--summary", paramLabel = "SECONDS", converter = Cli.PositiveNumber.class, description = "(respond) a line every SECONDS instead of a line per message: IKE SAs established in it and per second, held, half-open, failed, and what was turned away; for a responder under load (ikewb load), whose printing would cost more than its handshakes")
		int summary;
		@Option(names = "--half-open-per-source", paramLabel = "N", converter = Cli.PositiveNumber.class, description = "(respond) half-open IKE SAs one source address may hold before its IKE_SA_INIT requests are dropped (default 32, strongSwan's block_threshold); raise it for a load from one address (ikewb load --in-flight above 32)")
		int halfOpenPerSource;
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	/** rfc7296 or strongswan. */
	static final class RekeyKeysConverter extends Cli.Words<IkeConfig.RekeyKeys> {
		RekeyKeysConverter() {
			super(Cli.words("rfc7296", IkeConfig.RekeyKeys.RFC_7296, "strongswan", IkeConfig.RekeyKeys.STRONGSWAN));
		}
	}

	/** How the embedded run authenticates: a PSK, or certificates from a CA made for the run. */
	enum Auth {
		PSK, CERT
	}

	/** psk or cert. */
	static final class RevocationConverter extends Cli.Words<org.ikewb.crypto.PathRules.Revocation> {
		RevocationConverter() {
			super(Cli.words("relaxed", org.ikewb.crypto.PathRules.Revocation.RELAXED, "strict",
					org.ikewb.crypto.PathRules.Revocation.STRICT));
		}
	}

	static final class AuthConverter extends Cli.Words<Auth> {
		AuthConverter() {
			super(Cli.words("psk", Auth.PSK, "cert", Auth.CERT));
		}
	}

	/** The help of run and respond (every option, from the annotations above). */
	static String help() {
		return Cli.help("run", new Spec());
	}

	private final java.io.InputStream in;
	private final PrintStream out;
	private final PrintStream err;
	private final Map<String, String> environment;

	RunCommand(java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
		this.in = in;
		this.out = out;
		this.err = err;
		this.environment = environment;
	}

	private record Options(String peer, String listen, String ike, String esp, String rekeyIke, String rekeyEsp,
			IkeConfig.RekeyKeys rekeyKeys, String id, String remoteId,
			String pskEnv, String pskFile, int fragmentSize, int timeout, boolean rekey, Path trace, Path pcap,
			Path decrypted, Path keys, boolean step, Path cert, Path key, Path ca, boolean demoPki, PolicyLaunch.Resolved policy,
			IkeConfig.Ppk ppk, boolean childless, List<Path> crl, boolean strictRevocation, List<Path> intermediate,
			int summary, int halfOpenPerSource) {

		/** Our identity: --id, or the name of our role (with certificates, --id or the certificate's DN). */
		String name(boolean initiator) {
			return id != null ? id : initiator ? "initiator.ikewb" : "responder.ikewb";
		}
	}

	int run(List<String> args) {
		return execute(args, true);
	}

	int respond(List<String> args) {
		return execute(args, false);
	}

	/** CONFIG (a properties file) first: its keys become options placed before the command line's. */
	private List<String> withConfig(List<String> args) {
		if (args.isEmpty() || args.get(0).startsWith("-")) {
			return args;
		}
		java.util.Properties config = new java.util.Properties();
		try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(Invocation.file(Path.of(args.get(0))), StandardCharsets.UTF_8)) {
			config.load(reader);
		} catch (IOException | IllegalArgumentException e) {
			throw new IllegalArgumentException("cannot read CONFIG " + args.get(0) + ": " + Main.describe(e, Path.of(args.get(0))));
		}
		List<String> out = new java.util.ArrayList<>();
		List<String> rest = new java.util.ArrayList<>(args.subList(1, args.size()));
		for (int i = 0; i + 1 < rest.size(); i++) {
			String named = config.getProperty("peer." + rest.get(i + 1));
			if (rest.get(i).equals("--peer") && named != null) {
				rest.set(i + 1, named.strip()); // --peer NAME: a peer named in CONFIG
			}
		}
		for (String key : new java.util.TreeSet<>(config.stringPropertyNames())) {
			String value = config.getProperty(key).strip();
			if (key.startsWith("peer.")) {
				continue;
			}
			if (key.equals("rekey") || key.equals("step")) {
				if (Boolean.parseBoolean(value)) {
					out.add("--" + key);
				}
			} else {
				out.add("--" + key);
				out.add(value);
			}
		}
		out.addAll(rest);
		return out;
	}

	/**
	 * {@code ikewb run POLICY.ikewb [--peer NAME]}: the peer (the only one, or the one named) of a
	 * validated policy, resolved by the launch bridge; null when the arguments name no policy.
	 */
	private PolicyLaunch.Resolved policy(List<String> arguments, boolean initiate) {
		Path file = Path.of(arguments.get(0));
		String name = null;
		for (int i = 1; i + 1 < arguments.size(); i++) {
			if (arguments.get(i).equals("--peer")) {
				name = arguments.get(i + 1);
			}
		}
		List<org.ikewb.model.policy.Peer> peers = new java.util.ArrayList<>();
		PolicyArguments.load(file, err).getPolicies().forEach(p -> peers.addAll(p.getPeers()));
		final String wanted = name;
		List<org.ikewb.model.policy.Peer> chosen = peers.stream()
				.filter(p -> wanted == null ? true : wanted.equals(p.getName())).toList();
		if (chosen.size() != 1) {
			throw new IllegalArgumentException(wanted == null
					? file + " has " + peers.size() + " peers: choose one with --peer NAME ("
							+ String.join(", ", peers.stream().map(org.ikewb.model.policy.Peer::getName).toList()) + ")"
					: file + " has no peer '" + wanted + "'");
		}
		try {
			return PolicyLaunch.resolve(chosen.get(0), new org.ikewb.model.secrets.SecretResolver(environment::get));
		} catch (PolicyLaunch.LaunchException e) {
			throw new IllegalArgumentException(e.getMessage());
		}
	}

	private static String hostPort(InetSocketAddress a) {
		String host = a.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
	}

	private int execute(List<String> arguments, boolean initiate) {
		org.ikewb.crypto.CryptoProviders.WarmUp.start();
		List<String> args;
		PolicyLaunch.Resolved policy = null;
		try {
			if (!arguments.isEmpty() && arguments.get(0).endsWith(".ikewb")) {
				policy = policy(arguments, initiate);
				List<String> rest = new java.util.ArrayList<>(arguments.subList(1, arguments.size()));
				int at = rest.indexOf("--peer");
				if (at >= 0 && at + 1 < rest.size()) {
					rest.subList(at, at + 2).clear();
				}
				if (!rest.contains("--listen")) {
					InetSocketAddress bind = policy.local().getPort() == 0 && !initiate
							? new InetSocketAddress(policy.local().getAddress(), 500) : policy.local();
					rest.addAll(List.of("--listen", hostPort(bind)));
				}
				arguments = rest;
			}
			args = withConfig(arguments);
		} catch (IllegalArgumentException e) {
			err.println("ikewb " + (initiate ? "run" : "respond") + ": " + e.getMessage());
			return Main.USAGE;
		}
		String command = initiate ? "run" : "respond";
		Spec p = new Spec();
		Integer exit = Cli.parse(command, p, args, out, err);
		if (exit != null) {
			return exit;
		}
		if (initiate && (p.summary > 0 || p.halfOpenPerSource > 0)) {
			err.println("ikewb run: " + (p.summary > 0 ? "--summary" : "--half-open-per-source")
					+ " is for respond (a responder under load); run draws its one exchange");
			return Main.USAGE;
		}
		Options o = new Options(p.peer, p.listen != null ? p.listen : initiate ? "127.0.0.1:0" : "127.0.0.1:500", p.ike,
				p.esp, p.rekeyIke, p.rekeyEsp, p.rekeyKeys,
				p.id, p.remoteId, p.pskEnv, p.pskFile,
				p.fragmentSize, p.timeout, p.rekey, p.trace, p.pcap, p.decrypted, p.keys, p.step, p.cert, p.key, p.ca,
				p.auth == Auth.CERT, policy, null, p.childless, p.crl,
				p.revocation == org.ikewb.crypto.PathRules.Revocation.STRICT, p.intermediate, p.summary, p.halfOpenPerSource);
		try {
			IkeConfig.Ppk ppk = ppk(p);
			if (ppk != null) {
				o = new Options(o.peer(), o.listen(), o.ike(), o.esp(), o.rekeyIke(), o.rekeyEsp(), o.rekeyKeys(), o.id(),
						o.remoteId(), o.pskEnv(), o.pskFile(), o.fragmentSize(), o.timeout(), o.rekey(), o.trace(), o.pcap(),
						o.decrypted(), o.keys(), o.step(), o.cert(), o.key(), o.ca(), o.demoPki(), o.policy(), ppk, o.childless(),
						o.crl(), o.strictRevocation(), o.intermediate(), o.summary(), o.halfOpenPerSource());
			}
			return initiate ? initiate(o) : listen(o);
		} catch (IllegalArgumentException e) {
			err.println("ikewb " + (initiate ? "run" : "respond") + ": " + e.getMessage());
			return Main.USAGE;
		}
	}

	/** --ppk-id with --ppk-env or --ppk-file (and --ppk-required): the PPK, or null without --ppk-id. */
	private IkeConfig.Ppk ppk(Spec p) {
		if (p.ppkId == null) {
			if (p.ppkEnv != null || p.ppkFile != null || p.ppkRequired) {
				throw new IllegalArgumentException("a PPK needs its identity: --ppk-id ID");
			}
			return null;
		}
		if (p.ppkId.isEmpty() || !java.nio.charset.StandardCharsets.US_ASCII.newEncoder().canEncode(p.ppkId)) {
			throw new IllegalArgumentException("--ppk-id: give the PPK's identity in ASCII, as the peer has it configured");
		}
		if ((p.ppkEnv == null) == (p.ppkFile == null)) {
			throw new IllegalArgumentException("--ppk-id " + p.ppkId + " needs its key from one place: --ppk-env VAR or --ppk-file FILE");
		}
		String text;
		String where;
		if (p.ppkEnv != null) {
			text = environment.get(p.ppkEnv);
			where = "environment variable " + p.ppkEnv;
		} else {
			where = p.ppkFile;
			try {
				text = Files.readAllLines(Invocation.file(Path.of(p.ppkFile)), StandardCharsets.UTF_8).stream().findFirst().orElse("");
				warnIfOthersCanRead(Path.of(p.ppkFile));
			} catch (java.nio.charset.CharacterCodingException e) {
				throw new IllegalArgumentException(p.ppkFile + ": not UTF-8 text (write the PPK as 0x followed by hex)");
			} catch (IOException e) {
				throw new IllegalArgumentException("cannot read " + p.ppkFile + ": " + Main.describe(e, Path.of(p.ppkFile)));
			}
		}
		byte[] value = ppkValue(text, where);
		if (value.length < 32) {
			err.println("ikewb: warning: the PPK in " + where + " has " + value.length * 8
					+ " bits; RFC 8784 asks for at least 256 bits of entropy");
		}
		return new IkeConfig.Ppk(List.of(new IkeConfig.Ppk.Key(Octets.of(p.ppkId.getBytes(StandardCharsets.US_ASCII)),
				value::clone)), p.ppkRequired);
	}

	/** A PPK as strongSwan and Libreswan write secrets: 0x and hex digits, or the text itself. */
	static byte[] ppkValue(String text, String where) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException(where + " holds no PPK");
		}
		byte[] value = org.ikewb.model.validation.PpkConstraints.value(text);
		if (value == null) {
			throw new IllegalArgumentException(where + ": after 0x, an even number of hex digits");
		}
		return value;
	}

	private Supplier<byte[]> psk(Options o, boolean embedded) {
		Supplier<byte[]> given = psk(o.pskEnv(), o.pskFile());
		if (given != null) {
			return given;
		}
		if (!embedded) {
			throw new IllegalArgumentException("a pre-shared key is needed: --psk-env VAR or --psk-file FILE");
		}
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key::clone;
	}

	/**
	 * The pre-shared key from {@code --psk-env VAR} or {@code --psk-file FILE} (null: neither given),
	 * with the warnings a short or readable key deserves.
	 */
	Supplier<byte[]> psk(String pskEnv, String pskFile) {
		if (pskEnv != null) {
			String value = environment.get(pskEnv);
			if (value == null || value.isEmpty()) {
				throw new IllegalArgumentException("environment variable " + pskEnv + " holds no pre-shared key");
			}
			byte[] key = value.getBytes(StandardCharsets.UTF_8);
			warnIfShort(key, "environment variable " + pskEnv);
			return key::clone;
		}
		if (pskFile != null) {
			try {
				String line = Files.readAllLines(Invocation.file(Path.of(pskFile)), StandardCharsets.UTF_8).stream().findFirst()
						.orElse("").strip();
				if (line.isEmpty()) {
					throw new IllegalArgumentException(pskFile + ": the file holds no pre-shared key");
				}
				warnIfOthersCanRead(Path.of(pskFile));
				byte[] key = line.getBytes(StandardCharsets.UTF_8);
				warnIfShort(key, pskFile);
				return key::clone;
			} catch (java.nio.charset.CharacterCodingException e) {
				throw new IllegalArgumentException(pskFile + ": not UTF-8 text (a binary file?)");
			} catch (IOException e) {
				throw new IllegalArgumentException("cannot read " + pskFile + ": " + Main.describe(e, Path.of(pskFile)));
			}
		}
		return null;
	}

	/** A PSK shorter than the policy language accepts without a warning (the same rule, psk-too-short). */
	private void warnIfShort(byte[] key, String where) {
		if (key.length < org.ikewb.model.validation.PeerConstraints.MIN_PSK_OCTETS) {
			err.println("ikewb: warning: the pre-shared key in " + where + " has " + key.length + (key.length == 1 ? " character" : " characters") + ": one captured"
					+ " IKE_AUTH lets an attacker test guesses offline (RFC 7296 §2.15); use at least "
					+ org.ikewb.model.validation.PeerConstraints.MIN_PSK_OCTETS + " random characters");
		}
	}

	/** A key file others can read is a key others may have: say so (the run goes on, as ssh's would not). */
	private void warnIfOthersCanRead(Path file) {
		try {
			java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(Invocation.file(file));
			if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
					|| perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
				err.println("ikewb: warning: " + file + " holds a pre-shared key and is readable by others ("
						+ java.nio.file.attribute.PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
			}
		} catch (IOException | UnsupportedOperationException e) {
			// no POSIX permissions here: nothing to say
		}
	}

	static IkeConfig.Identity identity(String id) {
		return id.contains("@") ? IkeConfig.Identity.email(id) : IkeConfig.Identity.fqdn(id);
	}

	/** The peer of --peer, refused before anything is sent when no message could reach it from {@code local}. */
	private static InetSocketAddress peerAddress(String text, InetSocketAddress local) {
		InetSocketAddress peer = address(text);
		if (peer.getPort() == 0) {
			throw new IllegalArgumentException("--peer " + text + ": port 0 is no IKE peer's port (500, 4500 or the one it listens on)");
		}
		boolean v6 = peer.getAddress() instanceof java.net.Inet6Address;
		if (v6 != local.getAddress() instanceof java.net.Inet6Address) {
			throw new IllegalArgumentException("--peer " + text + " is " + (v6 ? "IPv6" : "IPv4") + " but --listen "
					+ hostPort(local) + " is " + (v6 ? "IPv4" : "IPv6") + ": listen on an address of the same family");
		}
		return peer;
	}

	static InetSocketAddress address(String text) {
		int colon = text.lastIndexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
		}
		String host = text.substring(0, colon).replace("[", "").replace("]", "");
		try {
			int port = Integer.parseInt(text.substring(colon + 1));
			if (port < 0 || port > 65535) {
				throw new NumberFormatException();
			}
			return new InetSocketAddress(InetAddress.getByName(host), port);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + text + "' has no valid port");
		} catch (java.net.UnknownHostException e) {
			throw new IllegalArgumentException("unknown host '" + host + "'");
		}
	}

	/**
	 * The validator's satisfiability rule on command-line proposals, before anything is sent: a
	 * proposal whose KE and ADDKE rounds offer fewer distinct methods than rounds can never be
	 * accepted (RFC 9370 forbids a method twice). Throws with the policy rule's explanation.
	 */
	static void checkSatisfiable(String option, String proposals, org.ikewb.protocol.ProtocolId protocol) {
		String[] each = proposals.split(",");
		for (int i = 0; i < each.length; i++) {
			Payload.Proposal p;
			try {
				p = ProposalSyntax.parse(each[i].strip(), protocol, i + 1);
			} catch (IllegalArgumentException e) {
				continue; // a syntax error is reported where the proposal is used, with its own message
			}
			List<org.ikewb.model.validation.KeyExchangeSelection.Round> rounds = new java.util.ArrayList<>();
			for (int type = 4; type <= 12; type++) {
				if (type == 5) {
					continue; // ESN
				}
				List<String> alternatives = new java.util.ArrayList<>();
				for (Payload.Transform t : p.transforms()) {
					if (t.transformType().value() == type) {
						alternatives.add(org.ikewb.protocol.KeyExchangeMethod.of(t.id()).keyword());
					}
				}
				if (!alternatives.isEmpty()) {
					rounds.add(new org.ikewb.model.validation.KeyExchangeSelection.Round(type == 4 ? "ke" : "addke " + (type - 5),
							alternatives));
				}
			}
			if (rounds.size() < 2) {
				continue;
			}
			var result = org.ikewb.model.validation.KeyExchangeSelection.analyse(rounds);
			if (!result.satisfiable()) {
				throw new IllegalArgumentException(option + " " + each[i].strip() + ": "
						+ org.ikewb.model.validation.ProposalConstraints.unsatisfiableMessage(each[i].strip(), result)
						+ " (unsatisfiable-key-exchange)");
			}
		}
	}

	private IkeConfig config(Options o, String localId, String remoteId, Supplier<byte[]> psk) {
		checkSatisfiable("--ike", o.ike(), org.ikewb.protocol.ProtocolId.IKE);
		checkSatisfiable("--esp", o.esp(), org.ikewb.protocol.ProtocolId.ESP);
		if (o.rekeyIke() != null) {
			checkSatisfiable("--rekey-ike", o.rekeyIke(), org.ikewb.protocol.ProtocolId.IKE);
		}
		if (o.rekeyEsp() != null) {
			checkSatisfiable("--rekey-esp", o.rekeyEsp(), org.ikewb.protocol.ProtocolId.ESP);
		}
		// what cannot be negotiated at all (no proposal, no KE, a fragment size nothing fits in) is refused
		// here, as a usage error, with the engine's reason
		return IkeConfig.psk(identity(localId), remoteId == null ? null : identity(remoteId), psk, o.ike(), o.esp())
				.withFragmentSize(o.fragmentSize()).withRekeyProposals(o.rekeyIke(), o.rekeyEsp())
				.withRekeyKeys(o.rekeyKeys()).withPpk(o.ppk()).withChildless(o.childless());
	}

	/** --cert/--key/--ca: our chain and key and the trusted CA, from PEM files. */
	private static IkeConfig withFiles(Options o, IkeConfig config) {
		if (o.cert() == null && o.key() == null && o.ca() == null) {
			if (!o.crl().isEmpty() || o.strictRevocation() || !o.intermediate().isEmpty()) {
				throw new IllegalArgumentException("--crl, --revocation and --intermediate check the peer's certificate:"
						+ " they need --cert, --key and --ca");
			}
			return config;
		}
		if (o.cert() == null || o.key() == null || o.ca() == null) {
			throw new IllegalArgumentException("certificates need all of --cert, --key and --ca");
		}
		List<org.ikewb.protocol.Octets> crls = new java.util.ArrayList<>();
		for (Path crl : o.crl()) {
			crls.addAll(read("--crl", crl, org.ikewb.crypto.Certificates::readCrls));
		}
		if (o.strictRevocation() && crls.isEmpty()) {
			throw new IllegalArgumentException("--revocation strict needs the CRL of each CA of the peer's path (--crl FILE):"
					+ " without one every certificate is refused");
		}
		IkeConfig withCrls = config.withCrls(crls).withPathRules(org.ikewb.crypto.PathRules.DEFAULT.withRevocation(
				o.strictRevocation() ? org.ikewb.crypto.PathRules.Revocation.STRICT : org.ikewb.crypto.PathRules.Revocation.RELAXED));
		List<org.ikewb.protocol.Octets> intermediates = new java.util.ArrayList<>();
		for (Path file : o.intermediate()) {
			intermediates.addAll(read("--intermediate", file, org.ikewb.crypto.Certificates::readCertificates));
		}
		read("--cert", o.cert(), org.ikewb.crypto.Certificates::readCertificates); // what is wrong with it, said of it
		org.ikewb.crypto.Certificates.Local ours = read("--key", o.key(),
				key -> org.ikewb.crypto.Certificates.load(Invocation.file(o.cert()), key));
		IkeConfig withCerts = withCrls.withIntermediates(intermediates).withCertificates(ours,
				read("--ca", o.ca(), org.ikewb.crypto.Certificates::readCertificates));
		if (o.id() == null) {
			return withCerts; // the certificate's DN
		}
		// --id: the identity sent instead of the DN, which the certificate must name (RFC 4945 §3.1)
		IkeConfig.Identity id = identity(o.id());
		org.ikewb.crypto.Certificates.Validated names = ours.names();
		if (!names.names(id.type(), id.data())) {
			throw new IllegalArgumentException("--id " + o.id() + ": the certificate of --cert does not name it ("
					+ (names.altNames().isEmpty() ? "it has no DNS name or e-mail address"
							: "its names: " + String.join(", ", names.altNames()))
					+ "); the peer would refuse it. Leave out --id to send the certificate's DN");
		}
		return withCerts.withLocalId(id);
	}

	/** Reads a PEM or DER file of a certificate option. */
	private interface FileRead<T> {
		T from(Path file) throws IOException, org.ikewb.crypto.Certificates.CertificateException;
	}

	/**
	 * Reads the file {@code typed} of {@code option}; what is wrong with it names the option and the
	 * file as typed (the server reads it under its absolute path), e.g. "--cert a.pem: no such file".
	 */
	private static <T> T read(String option, Path typed, FileRead<T> read) {
		String named = option + " " + typed + ": ";
		try {
			return read.from(Invocation.file(typed));
		} catch (org.ikewb.crypto.Certificates.CertificateException e) {
			throw new IllegalArgumentException(named + e.reason());
		} catch (java.nio.file.FileSystemException e) {
			throw new IllegalArgumentException(named + Main.describe(e, typed));
		} catch (IOException e) {
			// a file that opened: a directory, or what the PEM parser could not read (its words are a library's)
			throw new IllegalArgumentException(named + (Files.isDirectory(Invocation.file(typed)) ? "a directory, not a file"
					: "a damaged PEM file (its base64 or structure cannot be read)"));
		}
	}

	private int initiate(Options o) {
		checkOutputs(o);
		if (o.policy() != null) {
			if (o.policy().remote() == null) {
				throw new IllegalArgumentException("peer '" + o.policy().name()
						+ "' accepts any remote address: it can only respond (ikewb respond)");
			}
			try (Engine engine = Engine.bind(address(o.listen()), o.keys() != null)) {
				return drawn(o, engine, o.policy().config(), o.policy().remote(), false, List::of);
			} catch (IOException e) {
				err.println("ikewb run: cannot open a UDP socket on " + o.listen() + ": " + Main.describe(e));
				return Main.FAILED;
			}
		}
		boolean embedded = o.peer() == null;
		boolean certificates = o.demoPki() || o.cert() != null;
		Supplier<byte[]> psk = certificates ? null : psk(o, embedded);
		String responderId = embedded ? "responder.ikewb" : "any".equalsIgnoreCase(o.remoteId()) ? null : o.remoteId();
		IkeConfig mine = withFiles(o, config(o, o.name(true), certificates ? null : responderId, psk));
		IkeConfig theirs = embedded ? config(o, "responder.ikewb", certificates ? null : o.name(true), psk) : null;
		if (embedded && o.demoPki()) {
			// a CA made for this run: certificates for both sides, keys never leave the process
			java.security.SecureRandom random = new java.security.SecureRandom();
			org.ikewb.crypto.Pki pki = org.ikewb.crypto.Pki.newCa("IKEv2 Workbench demo CA", random);
			mine = mine.withCertificates(pki.issue("initiator.ikewb", "initiator.ikewb"), List.of(pki.caCertificate()));
			theirs = theirs.withCertificates(pki.issue("responder.ikewb", "responder.ikewb"), List.of(pki.caCertificate()));
		} else if (embedded && certificates) {
			throw new IllegalArgumentException("the embedded responder uses --auth cert; --cert/--key/--ca are for --peer");
		}
		if (!embedded) {
			InetSocketAddress peer = peerAddress(o.peer(), address(o.listen()));
			try (Engine engine = Engine.bind(address(o.listen()), o.keys() != null)) {
				return drawn(o, engine, mine, peer, false, List::of);
			} catch (IOException e) {
				err.println("ikewb run: cannot open a UDP socket: " + Main.describe(e));
				return Main.FAILED;
			}
		}
		try (LoopbackSession session = LoopbackSession.open(address(o.listen()), o.keys() != null,
				LoopbackSession.anyLoopbackPort(), theirs).forStepping()) { // --step may pause long
			return drawn(o, session.initiator(), mine, session.responderAddress(), true, session::responderErrors);
		} catch (IOException e) {
			err.println("ikewb run: cannot open a UDP socket: " + Main.describe(e));
			return Main.FAILED;
		}
	}

	/** respond without --summary: a line per message, state change, Child SA and rekey, as they happen. */
	private void printEveryMessage(Engine engine, IkeConfig mine) {
		engine.addListener(event -> {
			if (event instanceof TraceEvent.Message m) {
				out.printf("%s %-22s %s %s%n", m.direction() == TraceEvent.Direction.RECEIVED ? "<-" : "->",
						MessageSummary.exchange(m), m.peer(), MessageSummary.payloads(m));
			} else if (event instanceof TraceEvent.Error e) {
				out.println("!! " + e.reason());
			} else if (event instanceof TraceEvent.StateChanged s) {
				out.println("== IKE SA " + Long.toHexString(s.initiatorSpi()) + " " + s.to());
				if (s.to() == org.ikewb.engine.IkeSaState.ESTABLISHED) {
					// what was negotiated (asked of the engine's loop, never waited for on it)
					engine.established().thenAccept(all -> all.stream()
							.filter(sa -> sa.initiatorSpi() == s.initiatorSpi()).findFirst()
							.ifPresent(sa -> out.println("established: IKE SA " + Long.toHexString(sa.initiatorSpi()) + "/"
									+ Long.toHexString(sa.responderSpi()) + " with " + sa.peer() + ", "
									+ ProposalSyntax.format(sa.proposal()) + ", " + sa.intermediateExchanges()
									+ " IKE_INTERMEDIATE, key generation " + sa.keys().generation() + ppk(sa, mine))));
				}
			} else if (event instanceof TraceEvent.Load l) {
				// what the responder turned away to stay up (floods, COOKIEs, half-open limits), when it changed
				out.println("load: " + l.load().summary());
			} else if (event instanceof TraceEvent.ChildSaEstablished c) {
				out.println("Child SA: ESP " + c.proposal() + ", SPIs in " + c.inboundSpi() + " out " + c.outboundSpi());
			} else if (event instanceof TraceEvent.KeysDerived k && k.cause().contains("rekey")) {
				out.println("keys: " + k.cause() + ", IKE SA " + Long.toHexString(k.initiatorSpi()) + "/"
						+ Long.toHexString(k.responderSpi()));
			}
		});
	}

	/** Runs the exchange drawn as a text sequence diagram, recording the trace files asked for. */
	private int drawn(Options o, Engine engine, IkeConfig mine, InetSocketAddress peer, boolean embedded,
			Supplier<List<String>> responderErrors) {
		SequenceDiagram diagram = new SequenceDiagram(out, engine, peer, embedded);
		engine.addListener(diagram);
		TraceRecorder files = new TraceRecorder(engine.localAddress());
		engine.addListener(files);
		diagram.header();
		if (o.step()) {
			stepInTerminal(engine);
		}
		int result = Main.FAILED;
		try {
			result = exchange(o, engine, mine, peer, diagram, responderErrors);
		} finally {
			diagram.flush();
			if (!write(o, files) && result == Main.OK) {
				result = Main.FAILED; // an output asked for is missing: the run did not do what it was asked
			}
		}
		return result;
	}

	private int exchange(Options o, Engine engine, IkeConfig mine, InetSocketAddress peer, SequenceDiagram diagram,
			Supplier<List<String>> responderErrors) {
		EstablishedSa sa;
		StallWatch stall = new StallWatch();
		engine.addListener(stall);
		try {
			sa = engine.initiate(mine, peer).get(o.timeout(), TimeUnit.SECONDS);
		} catch (ExecutionException e) {
			diagram.flush();
			// the embedded responder knows why it refused: say it on the same line
			err.println("ikewb run: " + e.getCause().getMessage()
					+ (responderErrors.get().isEmpty() ? "" : " (responder: " + responderErrors.get().get(0) + ")"));
			return Main.FAILED;
		} catch (TimeoutException e) {
			diagram.flush();
			err.println("ikewb run: no IKE SA after " + o.timeout() + " s: " + stall.describe(peer));
			return Main.FAILED;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Main.FAILED;
		}
		diagram.flush();
		out.println("established: " + ProposalSyntax.format(sa.proposal()) + ", " + sa.intermediateExchanges()
				+ " IKE_INTERMEDIATE exchange" + (sa.intermediateExchanges() == 1 ? "" : "s") + ", key generation "
				+ sa.keys().generation() + ppk(sa, mine));
		printChildren(sa);
		if (mine.childless()) {
			// RFC 6023: the IKE SA came without a Child SA; the first one follows by CREATE_CHILD_SA
			try {
				out.println("no Child SA in IKE_AUTH (childless): creating one with CREATE_CHILD_SA");
				EstablishedSa.Child child = engine.createChild(sa).get(o.timeout(), TimeUnit.SECONDS);
				diagram.flush();
				out.println("Child SA: ESP " + ProposalSyntax.format(child.proposal()) + ", SPIs in " + child.inboundSpi()
						+ " out " + child.outboundSpi() + " (keys derived, nothing installed in the kernel)");
			} catch (ExecutionException e) {
				diagram.flush();
				out.println("Child SA refused: " + Main.describe(e.getCause()) + " (the IKE SA stands)");
			} catch (TimeoutException e) {
				diagram.flush();
				err.println("ikewb run: no answer to CREATE_CHILD_SA after " + o.timeout() + " s");
				return Main.FAILED;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return Main.FAILED;
			}
		}
		if (!o.rekey()) {
			deleteOnExit(engine, sa, o);
			return Main.OK;
		}
		try {
			if (sa.children().isEmpty()) {
				out.println("no Child SA to rekey (the responder refused it): rekeying the IKE SA only");
			} else {
				EstablishedSa.Child child = engine.rekeyChild(sa, sa.children().get(0)).get(o.timeout(), TimeUnit.SECONDS);
				diagram.flush();
				out.println("Child SA rekeyed: ESP " + ProposalSyntax.format(child.proposal()) + ", SPIs in "
						+ child.inboundSpi() + " out " + child.outboundSpi());
			}
			EstablishedSa next = engine.rekeyIke(engine.current(sa).get(o.timeout(), TimeUnit.SECONDS))
					.get(o.timeout(), TimeUnit.SECONDS);
			diagram.flush();
			out.println("IKE SA rekeyed: SPIs " + Long.toHexString(next.initiatorSpi()) + "/"
					+ Long.toHexString(next.responderSpi()) + ", " + ProposalSyntax.format(next.proposal()));
			deleteOnExit(engine, next, o);
			return Main.OK;
		} catch (ExecutionException e) {
			diagram.flush();
			err.println("ikewb run: rekey failed: " + Main.describe(e.getCause()));
			return Main.FAILED;
		} catch (TimeoutException e) {
			diagram.flush();
			err.println("ikewb run: rekey failed: no answer after " + o.timeout() + " s");
			return Main.FAILED;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Main.FAILED;
		}
	}

	/** Which request went unanswered, and how often it was sent: what a stalled run reports. */
	private static final class StallWatch implements org.ikewb.engine.TraceListener {
		private String request;
		private int sent;
		private boolean answered;

		@Override
		public synchronized void onEvent(TraceEvent event) {
			if (event instanceof TraceEvent.Message m) {
				if (m.direction() == TraceEvent.Direction.SENT && !m.message().header().isResponse()) {
					String exchange = MessageSummary.exchange(m);
					if (exchange.equals(request)) {
						sent++;
					} else {
						request = exchange;
						sent = 1;
						answered = false;
					}
				} else if (m.direction() == TraceEvent.Direction.RECEIVED && m.message().header().isResponse()) {
					answered = true;
				}
			}
		}

		synchronized String describe(InetSocketAddress peer) {
			if (request == null) {
				return "nothing was sent";
			}
			if (answered) {
				return request.strip() + " was answered, then the exchange stopped (stepping, or a peer that went silent)";
			}
			return request.strip() + " was sent " + sent + (sent == 1 ? " time" : " times") + " without an answer from "
					+ hostPort(peer) + " (is the peer up and reachable on that port?)";
		}
	}

	/**
	 * Ends the run's IKE SA with an INFORMATIONAL Delete and waits (briefly) for the answer, so that
	 * a real peer is not left holding an SA until its dead-peer detection finds out.
	 */
	private void deleteOnExit(Engine engine, EstablishedSa sa, Options o) {
		java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(1);
		engine.addListener(event -> {
			if (event instanceof TraceEvent.StateChanged s && s.initiatorSpi() == sa.initiatorSpi()
					&& (s.to() == org.ikewb.engine.IkeSaState.DELETED || s.to() == org.ikewb.engine.IkeSaState.FAILED)) {
				gone.countDown();
			}
		});
		engine.delete(sa);
		try {
			if (!gone.await(Math.min(5, o.timeout()), TimeUnit.SECONDS)) {
				err.println("ikewb run: the peer did not answer the Delete of the IKE SA; it will find out by itself");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** --step: the engine pauses at every message; the terminal steps it (Enter), continues (c) or quits (q). */
	private void stepInTerminal(Engine engine) {
		engine.stepper().setStepping(true);
		engine.addListener(event -> {
			if (event instanceof TraceEvent.Paused p) {
				out.println("  || paused " + p.pause() + "   [Enter] step  [c] continue  [q] quit");
			}
		});
		Thread reader = new Thread(() -> {
			try (java.io.BufferedReader lines = new java.io.BufferedReader(
					new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					switch (line.strip()) {
					case "c" -> {
						engine.stepper().resume();
						return;
					}
					case "q" -> {
						engine.close();
						return;
					}
					default -> engine.stepper().step();
					}
				}
				engine.stepper().runOnAfterSteps(); // end of input: the steps typed ahead, then run on
			} catch (IOException e) {
				engine.stepper().resume();
			}
		}, "ikewb-step");
		reader.setDaemon(true);
		reader.start();
	}

	/** Writes the files asked for; false (and why, on standard error) when one could not be written. */
	private boolean write(Options o, TraceRecorder files) {
		try {
			if (o.trace() != null) {
				files.writeJson(Invocation.file(o.trace()));
			}
			if (o.pcap() != null) {
				files.writePcap(Invocation.file(o.pcap()));
			}
			if (o.decrypted() != null) {
				files.writeDecryptedPcap(Invocation.file(o.decrypted()));
			}
			if (o.keys() != null) {
				files.writeWiresharkKeys(Invocation.file(o.keys()));
			}
		} catch (IOException e) {
			err.println("ikewb: cannot write the trace: " + Main.describe(e));
			return false;
		}
		return true;
	}

	/**
	 * Refuses, before anything is sent, an output file that cannot be written: its directory is
	 * missing or not writable, or it is a directory.
	 */
	private static void checkOutputs(Options o) {
		String[] names = { "--trace", "--pcap", "--decrypted", "--keys" };
		Path[] files = { o.trace(), o.pcap(), o.decrypted(), o.keys() };
		for (int i = 0; i < files.length; i++) {
			if (files[i] == null) {
				continue;
			}
			Path file = Invocation.file(files[i]).toAbsolutePath();
			Path dir = file.getParent();
			if (Files.isDirectory(file)) {
				throw new IllegalArgumentException(names[i] + " " + files[i] + " is a directory: name a file");
			}
			if (dir == null || !Files.isDirectory(dir)) {
				throw new IllegalArgumentException(names[i] + " " + files[i] + ": the directory "
						+ (files[i].getParent() != null ? files[i].getParent() : dir) + " does not exist"); // as typed
			}
			if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
				throw new IllegalArgumentException(names[i] + " " + files[i] + " cannot be written (permission denied)");
			}
		}
	}

	/** ", PPK 'id'" when one protects the SA, ", no PPK" when one was configured but the peer had none. */
	private static String ppk(EstablishedSa sa, IkeConfig config) {
		if (sa.ppkId() != null) {
			return ", PPK " + IkeConfig.Ppk.describe(sa.ppkId());
		}
		return config.ppk() == null ? "" : ", no PPK (the peer has none)";
	}

	private void printChildren(EstablishedSa sa) {
		for (EstablishedSa.Child child : sa.children()) {
			out.println("Child SA: ESP " + ProposalSyntax.format(child.proposal()) + ", SPIs in " + child.inboundSpi()
					+ " out " + child.outboundSpi() + " (keys derived, nothing installed in the kernel)");
		}
	}

	/**
	 * Whom a PSK responder lets in: the identity --remote-id names, initiator.ikewb without it (the
	 * key alone does not say who the initiator is: anyone it leaked to could claim any name), or any
	 * identity when told so explicitly ('any', with a warning). With certificates the CA decides.
	 */
	private String expectedInitiator(Options o, boolean certificates) {
		if (o.remoteId() != null && o.remoteId().equalsIgnoreCase("any")) {
			err.println("ikewb respond: warning: --remote-id any: every initiator that has the key gets in, whatever"
					+ " identity it claims");
			return null;
		}
		return o.remoteId() != null || certificates ? o.remoteId() : "initiator.ikewb";
	}

	private int listen(Options o) {
		checkOutputs(o);
		boolean certificates = o.cert() != null;
		IkeConfig mine = o.policy() != null ? o.policy().config()
				: withFiles(o, config(o, o.name(false), expectedInitiator(o, certificates), certificates ? null : psk(o, false)));
		try (Engine engine = Engine.bind(address(o.listen()), o.keys() != null)) {
			engine.respondWith(mine);
			if (o.halfOpenPerSource() > 0) {
				engine.setHalfOpenLimitPerSource(o.halfOpenPerSource());
			}
			// a long-running responder keeps events only when asked to write them
			boolean recording = o.trace() != null || o.pcap() != null || o.keys() != null || o.decrypted() != null;
			TraceRecorder files = recording ? new TraceRecorder(engine.localAddress()) : null;
			Thread writeOnExit = null;
			if (recording) {
				engine.addListener(files);
				// respond ends with Ctrl+C: the files are written then (or when the command is interrupted)
				writeOnExit = new Thread(() -> write(o, files), "ikewb-respond-files");
				Runtime.getRuntime().addShutdownHook(writeOnExit);
			}
			RespondSummary summary = o.summary() > 0 ? new RespondSummary(engine, out, o.summary()) : null;
			if (summary == null) {
				printEveryMessage(engine, mine);
			}
			out.println("responding on " + engine.localAddress() + " (" + (o.policy() != null
					? "peer " + o.policy().name() + " of the policy" : o.ike()) + "); "
					+ (summary != null ? "a summary every " + o.summary() + " s; " : "") + "Ctrl+C to stop");
			if (summary != null) {
				summary.start();
			}
			try {
				Thread.currentThread().join();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			} finally {
				if (summary != null) {
					summary.stop();
				}
				if (writeOnExit != null && Runtime.getRuntime().removeShutdownHook(writeOnExit)) {
					write(o, files); // interrupted (not shut down): write them here, once
				}
			}
			return Main.OK;
		} catch (IOException e) {
			err.println("ikewb respond: cannot listen on " + o.listen() + ": " + Main.describe(e));
			return Main.FAILED;
		}
	}
}
