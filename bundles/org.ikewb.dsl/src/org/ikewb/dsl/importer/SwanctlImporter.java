package org.ikewb.dsl.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ikewb.model.validation.Addresses;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformNames;
import org.ikewb.protocol.TransformType;

/**
 * strongSwan's swanctl.conf as a policy (.ikewb): each connection a peer (its name kept), each child
 * a Child SA, each proposal a named proposal (identical ones shared). Secrets are referenced — a PSK
 * becomes {@code from env "NAME_PSK"} — never copied. Every setting the language cannot express is
 * a finding on its line; nothing is dropped silently. Plain Java: the command line, the workbench's
 * import wizard and tests share it.
 */
public final class SwanctlImporter {

	/** What an import gives: the policy's text (null when nothing could be imported) and the findings. */
	public record Result(String policy, List<ImportFinding> findings) {
		public boolean hasErrors() {
			return findings.stream().anyMatch(f -> f.severity().equals("error"));
		}
	}

	/** Connection settings the policy carries. */
	private static final Set<String> CONN_MAPPED = Set.of("version", "local_addrs", "remote_addrs", "local_port",
			"remote_port", "proposals", "fragmentation", "rekey_time", "ppk_id", "ppk_required", "childless");
	/** Child settings the policy carries. */
	private static final Set<String> CHILD_MAPPED = Set.of("local_ts", "remote_ts", "esp_proposals", "mode", "rekey_time",
			"start_action");
	/** Authentication round settings the policy carries. */
	private static final Set<String> AUTH_MAPPED = Set.of("auth", "id", "certs", "cacerts", "revocation");

	private final List<ImportFinding> findings = new ArrayList<>();
	private final PolicyText written = new PolicyText();
	private final StringBuilder peers = new StringBuilder();

	private SwanctlImporter() {
	}

	/** Imports the connections of these swanctl.conf files into one policy named {@code policyName}. */
	public static Result importFiles(List<Path> files, String policyName) {
		SwanctlImporter in = new SwanctlImporter();
		int imported = 0;
		for (Path file : files) {
			SettingsTree.Section root;
			try {
				root = SettingsTree.read(file, in.findings);
			} catch (IOException | RuntimeException e) {
				in.findings.add(new ImportFinding(file.toString(), 0, "error", "import-skipped",
						"cannot read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
				continue;
			}
			for (SettingsTree.Section top : root.sections) {
				switch (top.name) {
				case "connections" -> {
					for (SettingsTree.Section conn : top.sections) {
						imported += in.connection(conn) ? 1 : 0;
					}
					top.settings.forEach(s -> in.unmapped(s, "a setting directly under connections"));
				}
				case "secrets" -> in.secrets(top);
				default -> in.findings.add(new ImportFinding(top.file, top.line, "warning", "import-unmapped",
						"section '" + SettingsTree.shown(top.name) + "' (" + what(top.name) + ") is not part of a policy; left out"));
				}
			}
			root.settings.forEach(s -> in.unmapped(s, "a top-level setting"));
		}
		if (imported == 0) {
			in.findings.add(new ImportFinding(files.isEmpty() ? "" : files.get(0).toString(), 0, "error", "import-skipped",
					"no connection could be imported"));
			return new Result(null, List.copyOf(in.findings));
		}
		String text = "// imported from " + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList())
				+ " by ikewb import; what the language cannot express is listed by the import, not here\n"
				+ "policy " + name(policyName) + " {\n    targets strongswan\n\n" + in.written.proposals()
				+ in.peers.substring(1) + "}\n";
		List<ImportFinding> sorted = new ArrayList<>(in.findings);
		sorted.sort(java.util.Comparator.comparing(ImportFinding::file).thenComparingInt(ImportFinding::line));
		return new Result(text, List.copyOf(sorted));
	}

	private static String what(String section) {
		return switch (section) {
		case "pools" -> "virtual IP pools";
		case "authorities" -> "certification authorities";
		default -> "not a swanctl.conf section this import knows";
		};
	}

	// ------------------------------------------------------------------ connections

	private boolean connection(SettingsTree.Section conn) {
		String name = name(conn.name);
		String version = conn.value("version");
		if (version != null && !version.equals("2") && !version.equals("0")) {
			findings.add(new ImportFinding(conn.file, conn.setting("version").get().line(), "error", "import-skipped",
					"connection '" + conn.name + "' is IKEv" + version + ": a policy describes IKEv2 only; not imported"));
			return false;
		}
		if ("0".equals(version)) {
			findings.add(new ImportFinding(conn.file, conn.setting("version").get().line(), "warning", "import-unmapped",
					"version = 0 (IKEv1 or IKEv2): imported as IKEv2 only"));
		}
		StringBuilder p = new StringBuilder();
		p.append("\n    peer ").append(name).append(" {\n");
		SettingsTree.Section local = conn.sections.stream().filter(s -> s.name.startsWith("local")).findFirst().orElse(null);
		SettingsTree.Section remote = conn.sections.stream().filter(s -> s.name.startsWith("remote")).findFirst().orElse(null);
		// role: a child that starts the connection makes an initiator; a remote of %any a responder; else both
		List<SettingsTree.Section> children = conn.section("children").map(c -> c.sections).orElse(List.of());
		boolean starts = children.stream().anyMatch(c -> "start".equals(c.value("start_action")));
		String remoteAddress = first(conn, "remote_addrs");
		boolean anyRemote = remoteAddress == null || remoteAddress.equals("%any") || remoteAddress.equals("0.0.0.0/0")
				|| remoteAddress.equals("::/0");
		// childless = force only ever initiates (the generator writes it for initiators alone)
		boolean forcesChildless = "force".equals(conn.value("childless"));
		String role = starts || forcesChildless ? null : anyRemote ? "responder" : "both";
		if (role != null) {
			p.append("        role ").append(role).append('\n');
		}
		p.append("        local ").append(endpoint(first(conn, "local_addrs"), conn.value("local_port"),
				local == null ? null : local.value("id"), conn, local)).append('\n');
		p.append("        remote ").append(endpoint(anyRemote ? "any" : remoteAddress, conn.value("remote_port"),
				remote == null ? null : remote.value("id"), conn, remote)).append('\n');
		String auth = authentication(conn, name, local, remote);
		if (auth == null) {
			return false;
		}
		p.append("        auth ").append(auth).append('\n');
		List<String> ike = proposals(conn.setting("proposals").orElse(null), ProtocolId.IKE, name + "_ike", conn);
		if (ike.isEmpty()) {
			findings.add(new ImportFinding(conn.file, conn.line, "error", "import-skipped", "connection '" + conn.name
					+ "' has no IKE proposal this import can express (strongSwan's default list is not one): not imported"));
			return false;
		}
		p.append("        ike proposals ").append(String.join(", ", ike)).append('\n');
		String fragmentation = conn.value("fragmentation");
		if (fragmentation != null) {
			switch (fragmentation) {
			case "yes", "accept" -> p.append("        fragmentation on\n");
			case "no" -> p.append("        fragmentation off\n");
			case "force" -> {
				p.append("        fragmentation on\n");
				unmapped(conn.setting("fragmentation").get(), "fragmentation = force (fragmenting IKE_SA_INIT too)");
			}
			default -> unmapped(conn.setting("fragmentation").get(), "an unknown fragmentation value");
			}
		}
		duration(conn, "rekey_time").ifPresent(d -> p.append("        rekey after ").append(d).append('\n'));
		String ppk = conn.value("ppk_id");
		if (ppk != null) {
			p.append("        ppk ").append(quote(ppk)).append(" from env ").append(quote(env(name) + "_PPK"))
					.append("yes".equals(conn.value("ppk_required")) ? " required\n" : "\n");
			findings.add(new ImportFinding(conn.file, conn.setting("ppk_id").get().line(), "info", "import-secret",
					"the PPK '" + ppk + "' is read from environment variable " + env(name) + "_PPK: its value (in the secrets) is not copied"));
		}
		String childless = conn.value("childless");
		if ("force".equals(childless) || "prefer".equals(childless)) {
			p.append("        childless\n");
		}
		for (SettingsTree.Setting s : conn.settings) {
			if (!CONN_MAPPED.contains(s.key())) {
				unmapped(s, null);
			}
		}
		for (SettingsTree.Section s : conn.sections) {
			if (!s.name.startsWith("local") && !s.name.startsWith("remote") && !s.name.equals("children")) {
				findings.add(new ImportFinding(s.file, s.line, "warning", "import-unmapped",
						"section '" + SettingsTree.shown(s.name) + "' of connection '" + conn.name + "': left out"));
			}
		}
		conn.section("children").ifPresent(c -> c.settings.forEach(s -> unmapped(s, null)));
		for (SettingsTree.Section child : children) {
			p.append(child(child, name));
		}
		p.append("    }\n");
		peers.append(p);
		return true;
	}

	private String child(SettingsTree.Section child, String peer) {
		StringBuilder c = new StringBuilder();
		String name = name(child.name);
		c.append("        child ").append(name).append(" {\n");
		String mode = child.value("mode");
		if ("transport".equals(mode)) {
			c.append("            mode transport\n");
		} else if (mode != null && !mode.equals("tunnel")) {
			unmapped(child.setting("mode").get(), "mode = " + mode + " (a policy has tunnel or transport)");
		}
		selectors(child, "local_ts").ifPresent(s -> c.append("            local ts ").append(s).append('\n'));
		selectors(child, "remote_ts").ifPresent(s -> c.append("            remote ts ").append(s).append('\n'));
		List<String> esp = proposals(child.setting("esp_proposals").orElse(null), ProtocolId.ESP, peer + "_" + name + "_esp", child);
		if (!esp.isEmpty()) {
			c.append("            esp proposals ").append(String.join(", ", esp)).append('\n');
		}
		duration(child, "rekey_time").ifPresent(d -> c.append("            rekey after ").append(d).append('\n'));
		String start = child.value("start_action");
		if (start != null && !start.equals("start") && !start.equals("none")) {
			unmapped(child.setting("start_action").get(), "start_action = " + start + " (a policy's initiator starts at once)");
		}
		for (SettingsTree.Setting s : child.settings) {
			if (!CHILD_MAPPED.contains(s.key())) {
				unmapped(s, null);
			}
		}
		child.sections.forEach(s -> findings.add(new ImportFinding(s.file, s.line, "warning", "import-unmapped",
				"section '" + SettingsTree.shown(s.name) + "' of child '" + child.name + "': left out")));
		c.append("        }\n");
		return c.toString();
	}

	/** {@code address A port N id T "V"}, as an endpoint line after "local " or "remote ". */
	private String endpoint(String address, String port, String id, SettingsTree.Section conn, SettingsTree.Section round) {
		StringBuilder e = new StringBuilder();
		if (address != null && !address.equals("%any")) {
			e.append("address ").append(address.equals("any") ? "any" : bare(address));
		}
		if (port != null) {
			if (port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535) {
				e.append(e.isEmpty() ? "" : " ").append("port ").append(port);
			} else {
				findings.add(new ImportFinding(conn.file, conn.line, "warning", "import-unmapped", "port " + SettingsTree.shown(port)
						+ " is not a port number; left out"));
			}
		}
		if (id != null && !id.isBlank() && !id.equals("%any")) {
			e.append(e.isEmpty() ? "" : " ").append("id ").append(identity(id));
		}
		return e.toString();
	}

	/** strongSwan's identity notation: an address, @#hex (key ID), @fqdn, a DN (with '='), user@domain, or an FQDN. */
	static String identity(String id) {
		if (Addresses.isAddress(id)) {
			return "address " + bare(id);
		}
		if (id.startsWith("@#")) {
			return "keyid " + quote(id.substring(2));
		}
		if (id.startsWith("@@")) {
			return "email " + quote(id.substring(2));
		}
		if (id.startsWith("@")) {
			return "fqdn " + quote(id.substring(1));
		}
		if (id.contains("=")) {
			return "dn " + quote(id);
		}
		if (id.contains("@")) {
			return "email " + quote(id);
		}
		return "fqdn " + quote(id);
	}

	private String authentication(SettingsTree.Section conn, String name, SettingsTree.Section local,
			SettingsTree.Section remote) {
		if (local == null || remote == null) {
			findings.add(new ImportFinding(conn.file, conn.line, "error", "import-skipped",
					"connection '" + conn.name + "' has no local or no remote authentication round: not imported"));
			return null;
		}
		for (SettingsTree.Section round : List.of(local, remote)) {
			if (!round.name.equals("local") && !round.name.equals("remote")) {
				findings.add(new ImportFinding(round.file, round.line, "warning", "import-unmapped",
						"authentication round '" + round.name + "' (a second round, RFC 4739): left out; the policy has one"));
			}
			round.settings.stream().filter(s -> !AUTH_MAPPED.contains(s.key())).forEach(s -> unmapped(s, null));
		}
		String method = local.value("auth") == null ? "pubkey" : local.value("auth");
		String theirs = remote.value("auth") == null ? "pubkey" : remote.value("auth");
		if (!method.equals(theirs)) {
			findings.add(new ImportFinding(remote.file, remote.setting("auth").map(SettingsTree.Setting::line).orElse(remote.line),
					"error", "import-skipped", "connection '" + conn.name
					+ "' authenticates with " + method + " one way and " + theirs + " the other: a policy has one method"));
			return null;
		}
		if (method.equals("psk")) {
			findings.add(new ImportFinding(local.file, local.setting("auth").map(SettingsTree.Setting::line).orElse(local.line),
					"info", "import-secret", "the pre-shared key is read from environment variable " + env(name)
							+ "_PSK: its value (in the secrets) is not copied"));
			return "psk from env " + quote(env(name) + "_PSK");
		}
		if (method.equals("pubkey") || method.startsWith("pubkey-") || method.equals("rsa") || method.equals("ecdsa")) {
			String cert = local.value("certs");
			String ca = remote.value("cacerts");
			if (cert == null || ca == null) {
				findings.add(new ImportFinding(local.file, local.line, "error", "import-skipped", "connection '" + conn.name
						+ "' uses certificates without naming certs (local) and cacerts (remote): not imported"));
				return null;
			}
			String key = cert.replaceAll("\\.(pem|der|crt)$", "") + ".key";
			findings.add(new ImportFinding(local.file, local.setting("certs").get().line(), "warning", "import-unmapped",
					"swanctl.conf names no private key file (charon loads private/*): the policy says private/" + key
							+ "; correct it if the key lives elsewhere"));
			String revocation = remote.value("revocation");
			return "certificate " + quote("x509/" + cert) + " key from file " + quote("private/" + key) + " ca "
					+ quote("x509ca/" + ca) + ("strict".equals(revocation) ? " revocation strict" : "");
		}
		findings.add(new ImportFinding(local.file, local.setting("auth").get().line(), "error", "import-skipped",
				"auth = " + SettingsTree.shown(method) + " (EAP, XAUTH, …) has no policy counterpart: connection '" + conn.name
						+ "' not imported"));
		return null;
	}

	// ------------------------------------------------------------------ proposals and selectors

	/** The named proposals for a {@code proposals}/{@code esp_proposals} setting (defined once each); empty when none maps. */
	private List<String> proposals(SettingsTree.Setting setting, ProtocolId protocol, String base, SettingsTree.Section owner) {
		List<String> names = new ArrayList<>();
		if (setting == null) {
			if (protocol.equals(ProtocolId.ESP)) {
				return names; // the policy's Child SA then offers the engine's default, as charon offers its own
			}
			findings.add(new ImportFinding(owner.file, owner.line, "warning", "import-unmapped",
					"no proposals: strongSwan would use its default list, which a policy does not name"));
			return names;
		}
		int n = 0;
		for (String one : setting.value().split(",")) {
			String text = one.strip();
			if (text.isEmpty()) {
				continue;
			}
			if (text.equals("default")) {
				findings.add(new ImportFinding(setting.file(), setting.line(), "warning", "import-unmapped",
						"'default' (strongSwan's built-in proposal list) is not a proposal a policy names; left out"));
				continue;
			}
			Payload.Proposal p;
			try {
				p = ProposalSyntax.parse(text, protocol, 1);
			} catch (ProposalSyntax.SyntaxException e) {
				findings.add(new ImportFinding(setting.file(), setting.line(), "warning", "import-unmapped",
						"proposal " + SettingsTree.shown(text) + ": " + e.getMessage() + "; left out"));
				continue;
			}
			String name = written.existing(p).orElse(null);
			if (name == null) {
				name = written.proposal(p, base + (n++ == 0 ? "" : Integer.toString(n)));
			}
			if (p.transformsOf(TransformType.ESN).stream().anyMatch(t -> t.id() == 1)) {
				findings.add(new ImportFinding(setting.file(), setting.line(), "warning", "import-unmapped",
						"esn (extended sequence numbers) in " + SettingsTree.shown(text) + ": a policy has no ESN setting; left out"));
			}
			names.add(name);
		}
		return names;
	}

	/** {@code 10.0.0.0/8[tcp/443]} as {@code 10.0.0.0/8 proto tcp port 443}; dynamic stays. */
	private java.util.Optional<String> selectors(SettingsTree.Section child, String key) {
		SettingsTree.Setting s = child.setting(key).orElse(null);
		if (s == null) {
			return java.util.Optional.empty();
		}
		List<String> out = new ArrayList<>();
		for (String one : s.value().split(",")) {
			String ts = one.strip();
			String proto = null;
			String ports = null;
			int bracket = ts.indexOf('[');
			if (bracket >= 0) {
				String inner = ts.substring(bracket + 1, ts.endsWith("]") ? ts.length() - 1 : ts.length());
				ts = ts.substring(0, bracket);
				String[] parts = inner.split("/", 2);
				proto = parts[0].isEmpty() || parts[0].equals("%any") ? null : parts[0];
				ports = parts.length > 1 && !parts[1].equals("%any") ? parts[1] : null;
				if (ports != null && !ports.matches("\\d{1,5}(-\\d{1,5})?")) {
					unmapped(s, "port " + SettingsTree.shown(ports) + " (names and opaque ports have no policy form)");
					ports = null;
				}
			}
			if (!ts.equals("dynamic") && Addresses.parsePrefix(ts).isEmpty() && !Addresses.isAddress(ts)) {
				unmapped(s, "traffic selector " + SettingsTree.shown(ts) + " (ranges and names have no policy form)");
				continue;
			}
			out.add((ts.equals("dynamic") ? ts : bare(ts)) + (proto == null ? "" : " proto " + proto)
					+ (ports == null ? "" : " port " + ports));
		}
		return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(", ", out));
	}

	// ------------------------------------------------------------------ secrets and the rest

	private void secrets(SettingsTree.Section secrets) {
		for (SettingsTree.Section s : secrets.sections) {
			findings.add(new ImportFinding(s.file, s.line, "info", "import-secret", "secret '" + SettingsTree.shown(s.name)
					+ "' is not copied into the policy (a policy references secrets: set the environment variable its peer names)"));
		}
	}

	private void unmapped(SettingsTree.Setting s, String why) {
		findings.add(new ImportFinding(s.file(), s.line(), "warning", "import-unmapped",
				(why != null ? why : SettingsTree.shown(s.key()) + " = " + SettingsTree.shown(s.value()))
						+ ": a policy cannot express it; left out"));
	}

	private java.util.Optional<String> duration(SettingsTree.Section section, String key) {
		SettingsTree.Setting s = section.setting(key).orElse(null);
		if (s == null) {
			return java.util.Optional.empty();
		}
		java.util.Optional<String> d = PolicyText.duration(s.value());
		if (d.isEmpty()) {
			unmapped(s, key + " = " + SettingsTree.shown(s.value()) + " (not a duration, or 0, which turns rekeying off)");
		}
		return d;
	}

	private String first(SettingsTree.Section conn, String key) {
		SettingsTree.Setting s = conn.setting(key).orElse(null);
		if (s == null) {
			return null;
		}
		String[] all = s.value().split(",");
		if (all.length > 1) {
			findings.add(new ImportFinding(s.file(), s.line(), "warning", "import-unmapped", key + " lists " + all.length
					+ " addresses: a policy peer has one, so it takes the first, " + SettingsTree.shown(all[0].strip())
					+ "; the others are left out"));
		}
		return all[0].strip();
	}

	/** A name the policy language takes: letters, digits and '_'; others replaced. */
	static String name(String raw) {
		String n = raw.replaceAll("[^A-Za-z0-9_]", "_");
		if (n.isEmpty() || Character.isDigit(n.charAt(0))) {
			n = "c_" + n;
		}
		return n;
	}

	static String env(String name) {
		return name.toUpperCase(Locale.ROOT);
	}

	/** IPv4 addresses and prefixes stay bare, as people write them; anything else (IPv6, names, which may hold a keyword) is quoted. */
	static String bare(String s) {
		return s.matches("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?") ? s : quote(s);
	}

	static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
