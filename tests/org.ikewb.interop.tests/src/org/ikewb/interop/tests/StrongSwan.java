package org.ikewb.interop.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One strongSwan 6.1 charon instance in the Debian chroot of tests/interop (start-peer.sh), with its
 * own ports, vici socket and log. The first start installs the chroot (root, network to Debian).
 */
final class StrongSwan implements AutoCloseable {

	static final Path INTEROP = Path.of(System.getProperty("ikewb.interop.dir", "../interop"));
	static final Path ROOT = Path.of(System.getenv().getOrDefault("PEER_BASE", "/var/tmp/ikewb-peer"), "root-forky");

	final String name;
	final int port;
	private final long logStart;

	private StrongSwan(String name, int port, long logStart) {
		this.name = name;
		this.port = port;
		this.logStart = logStart;
	}

	/** Starts (or restarts) instance {@code name} on {@code port} (NAT-T on port + 1) with this swanctl.conf. */
	static StrongSwan start(String name, int port, String swanctlConf) throws IOException, InterruptedException {
		return start(name, port, swanctlConf, java.util.Map.of());
	}

	/**
	 * Starts an instance with credential files: keys are paths below the instance's swanctl directory
	 * ({@code x509ca/ca.pem}, {@code x509/responder.pem}, {@code private/responder.key}).
	 */
	static StrongSwan start(String name, int port, String swanctlConf, java.util.Map<String, String> files)
			throws IOException, InterruptedException {
		Path dir = ROOT.resolve("etc/peer/" + name);
		for (var file : files.entrySet()) {
			Path target = dir.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.getValue());
		}
		Path conf = Files.createTempFile("swanctl-" + name, ".conf");
		Files.writeString(conf, swanctlConf);
		Path log = ROOT.resolve("var/log/peer/" + name + "/charon.log");
		long start = Files.exists(log) ? Files.size(log) : 0;
		String output = run(600, "bash", INTEROP.resolve("start-peer.sh").toString(), "-p", Integer.toString(port), "-P",
				Integer.toString(port + 1), "-n", name, "-c", conf.toString());
		if (!output.contains("running: pid")) {
			throw new IOException("strongSwan instance " + name + " did not start:\n" + output);
		}
		return new StrongSwan(name, port, start);
	}

	static String run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
		}
		return new String(out, StandardCharsets.UTF_8) + (p.exitValue() == 0 ? "" : "\n(exit " + p.exitValue() + ")");
	}

	/**
	 * Replaces this running instance's connections and secrets with {@code swanctl.conf} (swanctl
	 * --load-all): far quicker than a restart when a test walks many configurations.
	 */
	void reload(String swanctlConf) throws IOException, InterruptedException {
		reload(swanctlConf, java.util.Map.of());
	}

	/** As {@link #reload(String)}, with files beside swanctl.conf (the secrets file its include names). */
	void reload(String swanctlConf, java.util.Map<String, String> files) throws IOException, InterruptedException {
		for (var file : files.entrySet()) {
			Files.writeString(ROOT.resolve("etc/peer/" + name + "/" + file.getKey()), file.getValue());
		}
		Files.writeString(ROOT.resolve("etc/peer/" + name + "/swanctl.conf"), swanctlConf);
		String out = swanctl("--load-all", "--noprompt", "--file", "/etc/peer/" + name + "/swanctl.conf");
		if (out.contains("(exit ")) {
			throw new IOException("swanctl --load-all refused the configuration:\n" + out + "\n" + swanctlConf);
		}
	}

	/** swanctl against this instance, e.g. {@code --list-sas}. */
	String swanctl(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("chroot", ROOT.toString(), "swanctl"));
		command.addAll(List.of(args));
		command.add("--uri");
		command.add("unix:///var/lib/peer/" + name + "/charon.vici");
		return run(60, command.toArray(String[]::new));
	}

	/** What charon logged since this start. */
	String log() throws IOException {
		byte[] all = Files.readAllBytes(ROOT.resolve("var/log/peer/" + name + "/charon.log"));
		return new String(all, (int) Math.min(logStart, all.length), (int) (all.length - Math.min(logStart, all.length)),
				StandardCharsets.UTF_8);
	}

	private static final Pattern HEX = Pattern.compile("^\\S+ \\S+ \\d+\\[\\w+\\] (?:<[^>]*> )?\\s*\\d+: ((?:[0-9A-F]{2} )+)");

	/** The hex dumps charon logged under {@code label} (e.g. "encryption initiator key"), in order. */
	List<byte[]> dumps(String label) throws IOException {
		return dumpsIn(log(), label);
	}

	/** Octets in charon's log now: a mark for {@link #dumpsSince}. */
	long logSize() throws IOException {
		Path log = ROOT.resolve("var/log/peer/" + name + "/charon.log");
		return Files.exists(log) ? Files.size(log) : 0;
	}

	/** The dumps under {@code label} logged after {@code mark}. */
	List<byte[]> dumpsSince(String label, long mark) throws IOException {
		byte[] all = Files.readAllBytes(ROOT.resolve("var/log/peer/" + name + "/charon.log"));
		int from = (int) Math.min(mark, all.length);
		return dumpsIn(new String(all, from, all.length - from, StandardCharsets.UTF_8), label);
	}

	private static List<byte[]> dumpsIn(String log, String label) {
		List<byte[]> out = new ArrayList<>();
		String[] lines = log.split("\n");
		for (int i = 0; i < lines.length; i++) {
			Matcher head = Pattern.compile(Pattern.quote(label) + " => (\\d+) bytes").matcher(lines[i]);
			if (!head.find()) {
				continue;
			}
			int length = Integer.parseInt(head.group(1));
			StringBuilder hex = new StringBuilder();
			for (int j = i + 1; j < lines.length && hex.length() < 2 * length; j++) {
				Matcher m = HEX.matcher(lines[j]);
				if (!m.find()) {
					break;
				}
				hex.append(m.group(1).replace(" ", ""));
			}
			out.add(HexFormat.of().parseHex(hex.toString()));
		}
		return out;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run(60, "bash", INTEROP.resolve("stop-peer.sh").toString(), "-n", name);
	}
}
