package org.ikewb.dsl.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ikewb.model.validation.Addresses;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformNames;
import org.ikewb.protocol.TransformType;

/**
 * FortiOS CLI ({@code config vpn ipsec phase1-interface} and {@code phase2-interface} blocks) as a
 * policy: each phase1 a peer with one IKE proposal (FortiOS keeps one list per transform type:
 * {@code proposal} pairs, {@code dhgrp}, {@code addke1..7}), each phase2 naming it a Child SA. The
 * pre-shared key ({@code psksecret}) is never copied. Everything else is a finding on its line.
 */
public final class FortiOsImporter {

	/** One {@code edit "NAME"} block: its settings (key → values) with lines. */
	private record Entry(String section, String name, String file, int line, Map<String, Value> settings) {
		String get(String key) {
			Value v = settings.get(key);
			return v == null ? null : String.join(" ", v.values);
		}

		List<String> all(String key) {
			Value v = settings.get(key);
			return v == null ? List.of() : v.values;
		}

		int lineOf(String key) {
			Value v = settings.get(key);
			return v == null ? line : v.line;
		}
	}

	private record Value(List<String> values, int line) {
	}

	private static final Set<String> P1_KEYS = Set.of("ike-version", "type", "remote-gw", "remote-gw6", "local-gw",
			"authmethod", "certificate", "psksecret", "localid-type", "localid", "peertype", "peerid", "proposal", "dhgrp",
			"addke1", "addke2", "addke3", "addke4", "addke5", "addke6", "addke7", "fragmentation", "keylife", "ppk",
			"ppk-identity", "ppk-secret", "childless-ike", "ip-version");
	private static final Set<String> P2_KEYS = Set.of("phase1name", "proposal", "pfs", "dhgrp", "addke1", "addke2", "addke3",
			"addke4", "addke5", "addke6", "addke7", "encapsulation", "protocol", "src-subnet", "dst-subnet", "src-subnet6",
			"dst-subnet6", "src-addr-type", "dst-addr-type", "src-port", "dst-port", "keylifeseconds");

	private final List<ImportFinding> findings = new ArrayList<>();
	private final PolicyText written = new PolicyText();

	private FortiOsImporter() {
	}

	public static SwanctlImporter.Result importFiles(List<Path> files, String policyName) {
		FortiOsImporter in = new FortiOsImporter();
		List<Entry> phase1 = new ArrayList<>();
		List<Entry> phase2 = new ArrayList<>();
		for (Path file : files) {
			try {
				for (Entry e : in.read(file)) {
					(e.section.endsWith("phase1-interface") ? phase1 : phase2).add(e);
				}
			} catch (IOException | RuntimeException e) {
				in.findings.add(new ImportFinding(file.toString(), 0, "error", "import-skipped",
						"cannot read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
			}
		}
		StringBuilder peers = new StringBuilder();
		int imported = 0;
		for (Entry p1 : phase1) {
			List<Entry> children = phase2.stream().filter(p2 -> p1.name.equals(p2.get("phase1name"))).toList();
			String peer = in.peer(p1, children);
			if (peer != null) {
				peers.append(peer);
				imported++;
			}
		}
		for (Entry p2 : phase2) {
			if (phase1.stream().noneMatch(p1 -> p1.name.equals(p2.get("phase1name")))) {
				in.findings.add(new ImportFinding(p2.file, p2.line, "error", "import-skipped", "phase2 '" + SettingsTree.shown(p2.name)
						+ "' names phase1 '" + SettingsTree.shown(String.valueOf(p2.get("phase1name"))) + "', which is not here"));
			}
		}
		List<ImportFinding> sorted = new ArrayList<>(in.findings);
		sorted.sort(java.util.Comparator.comparing(ImportFinding::file).thenComparingInt(ImportFinding::line));
		if (imported == 0) {
			sorted.add(new ImportFinding(files.isEmpty() ? "" : files.get(0).toString(), 0, "error", "import-skipped",
					"no phase1-interface could be imported"));
			return new SwanctlImporter.Result(null, List.copyOf(sorted));
		}
		String text = "// imported from " + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList())
				+ " by ikewb import; what the language cannot express is listed by the import, not here\n"
				+ "policy " + SwanctlImporter.name(policyName) + " {\n    targets fortios\n\n" + in.written.proposals()
				+ peers.substring(1) + "}\n";
		return new SwanctlImporter.Result(text, List.copyOf(sorted));
	}

	// ------------------------------------------------------------------ reading the CLI

	private List<Entry> read(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file);
		List<Entry> out = new ArrayList<>();
		String name = file.toString();
		String section = null;
		Entry current = null;
		int depth = 0;
		for (int n = 0; n < lines.size(); n++) {
			int lineNo = n + 1;
			List<String> words = words(lines.get(n));
			if (words.isEmpty() || words.get(0).startsWith("#")) {
				continue;
			}
			switch (words.get(0)) {
			case "config" -> {
				depth++;
				if (depth == 1) {
					section = String.join(" ", words.subList(1, words.size()));
					if (!section.equals("vpn ipsec phase1-interface") && !section.equals("vpn ipsec phase2-interface")) {
						findings.add(new ImportFinding(name, lineNo, "warning", "import-unmapped",
								"config " + SettingsTree.shown(section) + ": not an IPsec phase1/phase2 table; left out"));
					}
				} else if (current != null) {
					findings.add(new ImportFinding(name, lineNo, "warning", "import-unmapped", "config "
							+ SettingsTree.shown(String.join(" ", words.subList(1, words.size()))) + " inside '" + current.name
							+ "': left out"));
				}
			}
			case "end" -> {
				depth = Math.max(0, depth - 1);
				if (depth == 0) {
					section = null;
				}
			}
			case "edit" -> {
				if (depth == 1 && section != null && section.startsWith("vpn ipsec phase") && words.size() == 2) {
					current = new Entry(section, words.get(1), name, lineNo, new LinkedHashMap<>());
					out.add(current);
				}
			}
			case "next" -> current = depth == 1 ? null : current;
			case "set" -> {
				if (current != null && depth == 1 && words.size() >= 2) {
					current.settings.put(words.get(1), new Value(List.copyOf(words.subList(2, words.size())), lineNo));
				} else if (depth == 1 && current == null && section != null && section.startsWith("vpn ipsec phase")) {
					findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "'set' outside an 'edit' block"));
				}
			}
			case "unset" -> {
				// back to FortiOS's default: nothing for a policy to carry
			}
			default -> {
				if (section != null && section.startsWith("vpn ipsec phase")) {
					findings.add(new ImportFinding(name, lineNo, "error", "import-syntax",
							"neither config, edit, set, unset, next nor end: " + SettingsTree.shown(lines.get(n).strip())));
				}
			}
			}
		}
		if (depth > 0) {
			findings.add(new ImportFinding(name, lines.size(), "error", "import-syntax", "'config' without its 'end'"));
		}
		return out;
	}

	/** The CLI's words: whitespace-separated, "quoted strings" (with \" escapes) as one word. */
	static List<String> words(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder w = null;
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '\\' && i + 1 < line.length()) {
					w.append(line.charAt(++i));
				} else if (c == '"') {
					quoted = false;
				} else {
					w.append(c);
				}
			} else if (c == '"') {
				quoted = true;
				if (w == null) {
					w = new StringBuilder();
				}
			} else if (Character.isWhitespace(c)) {
				if (w != null) {
					out.add(w.toString());
					w = null;
				}
			} else {
				if (w == null) {
					w = new StringBuilder();
				}
				w.append(c);
			}
		}
		if (w != null) {
			out.add(w.toString());
		}
		return out;
	}

	// ------------------------------------------------------------------ phase1 → peer

	private String peer(Entry p1, List<Entry> children) {
		String name = SwanctlImporter.name(p1.name);
		if (!"2".equals(p1.get("ike-version"))) {
			findings.add(new ImportFinding(p1.file, p1.lineOf("ike-version"), "error", "import-skipped", "phase1 '"
					+ SettingsTree.shown(p1.name) + "' is IKEv1" + (p1.get("ike-version") == null ? " (FortiOS's default)" : "")
					+ ": a policy describes IKEv2 only; not imported"));
			return null;
		}
		if (!name.equals(p1.name)) {
			findings.add(new ImportFinding(p1.file, p1.line, "info", "import-unmapped", "phase1 '" + SettingsTree.shown(p1.name)
					+ "' becomes peer '" + name + "' (policy names take letters, digits and '_')"));
		}
		Payload.Proposal ike;
		try {
			ike = proposal(p1, ProtocolId.IKE);
		} catch (IllegalArgumentException e) {
			findings.add(new ImportFinding(p1.file, p1.lineOf("proposal"), "error", "import-skipped",
					"phase1 '" + SettingsTree.shown(p1.name) + "': " + e.getMessage() + "; not imported"));
			return null;
		}
		StringBuilder p = new StringBuilder("\n    peer ").append(name).append(" {\n");
		String type = p1.get("type") == null ? "static" : p1.get("type");
		boolean dynamic = type.equals("dynamic");
		if (!type.equals("static") && !dynamic) {
			unmapped(p1, "type", "type " + type);
		}
		p.append("        role ").append(dynamic ? "responder" : "both").append('\n');
		StringBuilder local = new StringBuilder();
		if (p1.get("local-gw") != null && !p1.get("local-gw").equals("0.0.0.0")) {
			local.append("address ").append(SwanctlImporter.bare(p1.get("local-gw")));
		}
		String localId = p1.get("localid");
		if (localId != null && !localId.isEmpty()) {
			local.append(local.isEmpty() ? "" : " ").append("id ").append(identity(p1.get("localid-type"), localId, p1));
		}
		p.append("        local ").append(local).append('\n');
		StringBuilder remote = new StringBuilder();
		String gw = p1.get("remote-gw") != null ? p1.get("remote-gw") : p1.get("remote-gw6");
		remote.append("address ").append(dynamic || gw == null ? "any" : SwanctlImporter.bare(gw));
		if ("one".equals(p1.get("peertype")) && p1.get("peerid") != null) {
			remote.append(" id ").append(identity(null, p1.get("peerid"), p1));
		} else if (p1.get("peertype") != null && !p1.get("peertype").equals("any")) {
			unmapped(p1, "peertype", "peertype " + p1.get("peertype"));
		}
		p.append("        remote ").append(remote).append('\n');
		String auth = p1.get("authmethod") == null ? "psk" : p1.get("authmethod");
		if (auth.equals("psk")) {
			p.append("        auth psk from env ").append(SwanctlImporter.quote(SwanctlImporter.env(name) + "_PSK")).append('\n');
			findings.add(new ImportFinding(p1.file, p1.lineOf(p1.get("psksecret") != null ? "psksecret" : "authmethod"), "info",
					"import-secret", "the pre-shared key is read from environment variable " + SwanctlImporter.env(name)
							+ "_PSK: psksecret is never copied"));
		} else if (auth.equals("signature") && p1.get("certificate") != null) {
			String cert = p1.get("certificate");
			p.append("        auth certificate ").append(SwanctlImporter.quote(cert + ".pem")).append(" key from file ")
					.append(SwanctlImporter.quote(cert + ".key")).append(" ca ").append(SwanctlImporter.quote("ca.pem")).append('\n');
			findings.add(new ImportFinding(p1.file, p1.lineOf("certificate"), "warning", "import-unmapped",
					"certificate " + SettingsTree.shown(cert) + " names a FortiGate certificate object: the policy names files "
							+ cert + ".pem, " + cert + ".key and ca.pem; correct them"));
		} else {
			findings.add(new ImportFinding(p1.file, p1.lineOf("authmethod"), "error", "import-skipped",
					"authmethod " + SettingsTree.shown(auth) + ": phase1 '" + p1.name + "' not imported"));
			return null;
		}
		p.append("        ike proposals ").append(named(ike, name + "_ike")).append('\n');
		if (p1.get("fragmentation") != null) {
			p.append("        fragmentation ").append(p1.get("fragmentation").equals("disable") ? "off" : "on").append('\n');
		}
		seconds(p1, "keylife").ifPresent(d -> p.append("        rekey after ").append(d).append('\n'));
		if (p1.get("ppk") != null && !p1.get("ppk").equals("disable") && p1.get("ppk-identity") != null) {
			p.append("        ppk ").append(SwanctlImporter.quote(p1.get("ppk-identity"))).append(" from env ")
					.append(SwanctlImporter.quote(SwanctlImporter.env(name) + "_PPK"))
					.append(p1.get("ppk").equals("require") ? " required" : "").append('\n');
		}
		if ("enable".equals(p1.get("childless-ike"))) {
			p.append("        childless\n");
		}
		for (var e : p1.settings.entrySet()) {
			if (!P1_KEYS.contains(e.getKey())) {
				unmapped(p1, e.getKey(), null);
			}
		}
		for (Entry p2 : children) {
			p.append(child(p2, name));
		}
		p.append("    }\n");
		return p.toString();
	}

	private String child(Entry p2, String peer) {
		String raw = p2.name.startsWith(peer + "-") ? p2.name.substring(peer.length() + 1) : p2.name;
		String name = SwanctlImporter.name(raw);
		StringBuilder c = new StringBuilder("        child ").append(name).append(" {\n");
		if ("transport-mode".equals(p2.get("encapsulation"))) {
			c.append("            mode transport\n");
		}
		String protocol = p2.get("protocol") == null || p2.get("protocol").equals("0") ? null : p2.get("protocol");
		selector(p2, "src", protocol).ifPresent(s -> c.append("            local ts ").append(s).append('\n'));
		selector(p2, "dst", protocol).ifPresent(s -> c.append("            remote ts ").append(s).append('\n'));
		try {
			Payload.Proposal esp = proposal(p2, ProtocolId.ESP);
			c.append("            esp proposals ").append(named(esp, peer + "_" + name + "_esp")).append('\n');
		} catch (IllegalArgumentException e) {
			findings.add(new ImportFinding(p2.file, p2.lineOf("proposal"), "warning", "import-unmapped",
					"phase2 '" + SettingsTree.shown(p2.name) + "': " + e.getMessage() + "; its Child SA offers the default"));
		}
		seconds(p2, "keylifeseconds").ifPresent(d -> c.append("            rekey after ").append(d).append('\n'));
		for (var e : p2.settings.entrySet()) {
			if (!P2_KEYS.contains(e.getKey())) {
				unmapped(p2, e.getKey(), null);
			}
		}
		c.append("        }\n");
		return c.toString();
	}

	private java.util.Optional<String> selector(Entry p2, String side, String protocol) {
		String type = p2.get(side + "-addr-type");
		if (type != null && !type.equals("subnet") && !type.equals("ip6")) {
			unmapped(p2, side + "-addr-type", side + "-addr-type " + type + " (named address objects have no policy form)");
			return java.util.Optional.empty();
		}
		List<String> v4 = p2.all(side + "-subnet");
		String prefix = null;
		if (v4.size() == 2) {
			int length = maskLength(v4.get(1));
			if (length < 0) {
				unmapped(p2, side + "-subnet", side + "-subnet with the non-contiguous mask " + SettingsTree.shown(v4.get(1)));
				return java.util.Optional.empty();
			}
			prefix = v4.get(0) + "/" + length;
		} else if (v4.size() == 1) {
			prefix = v4.get(0);
		} else if (p2.get(side + "-subnet6") != null) {
			prefix = p2.get(side + "-subnet6");
		}
		if (prefix == null || prefix.equals("0.0.0.0/0") && p2.get(side + "-port") == null && protocol == null) {
			return java.util.Optional.empty();
		}
		if (Addresses.parsePrefix(prefix).isEmpty()) {
			unmapped(p2, side + "-subnet", side + "-subnet " + SettingsTree.shown(prefix));
			return java.util.Optional.empty();
		}
		String port = p2.get(side + "-port");
		return java.util.Optional.of(SwanctlImporter.bare(prefix) + (protocol == null ? "" : " proto " + protocol)
				+ (port == null || port.equals("0") ? "" : " port " + port));
	}

	private static int maskLength(String mask) {
		String[] parts = mask.split("\\.");
		if (parts.length != 4) {
			return -1;
		}
		long bits = 0;
		for (String part : parts) {
			if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
				return -1;
			}
			bits = bits << 8 | Integer.parseInt(part);
		}
		int length = Long.bitCount(bits);
		long expected = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
		return bits == expected ? length : -1;
	}

	private String identity(String type, String value, Entry p1) {
		if (type == null || type.equals("auto")) {
			return value.contains("@") ? "email " + SwanctlImporter.quote(value)
					: Addresses.isAddress(value) ? "address " + SwanctlImporter.bare(value) : "fqdn " + SwanctlImporter.quote(value);
		}
		return switch (type) {
		case "fqdn" -> "fqdn " + SwanctlImporter.quote(value);
		case "user-fqdn" -> "email " + SwanctlImporter.quote(value);
		case "address" -> "address " + SwanctlImporter.bare(value);
		case "asn1dn" -> "dn " + SwanctlImporter.quote(value);
		case "keyid" -> "keyid " + SwanctlImporter.quote(value);
		default -> {
			unmapped(p1, "localid-type", "localid-type " + type);
			yield "fqdn " + SwanctlImporter.quote(value);
		}
		};
	}

	// ------------------------------------------------------------------ proposals

	/** One proposal from FortiOS's per-type lists: {@code proposal} pairs, {@code dhgrp} (phase2: with pfs), {@code addkeN}. */
	private static Payload.Proposal proposal(Entry e, ProtocolId protocol) {
		List<Payload.Transform> encr = new ArrayList<>();
		List<Payload.Transform> prf = new ArrayList<>();
		List<Payload.Transform> integ = new ArrayList<>();
		List<String> pairs = e.all("proposal");
		if (pairs.isEmpty()) {
			throw new IllegalArgumentException("no proposal (FortiOS's default list is not one a policy names)");
		}
		for (String pair : pairs) {
			String[] parts = pair.split("-", 2);
			Payload.Transform cipher = cipher(parts[0]);
			add(encr, cipher);
			if (parts.length == 1) {
				if (!EncryptionAlgorithm.of(cipher.id()).aead() || protocol.equals(ProtocolId.IKE)) {
					throw new IllegalArgumentException("proposal " + SettingsTree.shown(pair) + " names no hash");
				}
				continue;
			}
			String hash = parts[1];
			boolean isPrf = hash.startsWith("prf");
			int[] ids = hash(isPrf ? hash.substring(3) : hash, pair);
			if (protocol.equals(ProtocolId.IKE)) {
				add(prf, Payload.Transform.of(TransformType.PRF, ids[0]));
				if (!EncryptionAlgorithm.of(cipher.id()).aead()) {
					add(integ, Payload.Transform.of(TransformType.INTEG, ids[1]));
				}
			} else {
				add(integ, Payload.Transform.of(TransformType.INTEG, ids[1]));
			}
		}
		List<Payload.Transform> ts = new ArrayList<>(encr);
		ts.addAll(prf);
		ts.addAll(integ);
		boolean ke = protocol.equals(ProtocolId.IKE) || "enable".equals(e.get("pfs"));
		if (ke) {
			List<String> groups = e.all("dhgrp");
			if (groups.isEmpty() && protocol.equals(ProtocolId.IKE)) {
				throw new IllegalArgumentException("no dhgrp (FortiOS's default groups are not named in a policy)");
			}
			for (String g : groups) {
				ts.add(Payload.Transform.of(TransformType.KE, number(g)));
			}
		}
		if (protocol.equals(ProtocolId.ESP)) {
			ts.add(Payload.Transform.of(TransformType.ESN, 0));
		}
		for (int r = 1; r <= 7; r++) {
			for (String g : e.all("addke" + r)) {
				ts.add(Payload.Transform.of(TransformType.additionalKeyExchange(r), number(g)));
			}
		}
		return new Payload.Proposal(1, protocol, org.ikewb.protocol.Octets.EMPTY, ts);
	}

	private static void add(List<Payload.Transform> list, Payload.Transform t) {
		if (!list.contains(t)) {
			list.add(t);
		}
	}

	private static int number(String g) {
		if (!g.matches("\\d{1,4}")) {
			throw new IllegalArgumentException("key exchange group " + SettingsTree.shown(g) + " is not a number");
		}
		return Integer.parseInt(g);
	}

	private static Payload.Transform cipher(String name) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("aes(128|192|256)(gcm)?").matcher(name);
		if (m.matches()) {
			return new Payload.Transform(TransformType.ENCR, m.group(2) == null ? 12 : 20,
					List.of(Payload.Attribute.keyLength(Integer.parseInt(m.group(1)))));
		}
		return switch (name) {
		case "chacha20poly1305" -> Payload.Transform.of(TransformType.ENCR, 28);
		case "3des" -> Payload.Transform.of(TransformType.ENCR, 3);
		default -> throw new IllegalArgumentException("unknown cipher '" + SettingsTree.shown(name) + "'");
		};
	}

	private static int[] hash(String name, String pair) {
		return switch (name) {
		case "sha1" -> new int[] { 2, 2 };
		case "sha256" -> new int[] { 5, 12 };
		case "sha384" -> new int[] { 6, 13 };
		case "sha512" -> new int[] { 7, 14 };
		default -> throw new IllegalArgumentException("unknown hash in " + SettingsTree.shown(pair));
		};
	}

	private String named(Payload.Proposal p, String base) {
		return written.proposal(p, base);
	}

	// ------------------------------------------------------------------ the rest

	private void unmapped(Entry e, String key, String what) {
		findings.add(new ImportFinding(e.file, e.lineOf(key), key.equals("comments") || key.equals("interface") ? "info" : "warning",
				"import-unmapped", (what != null ? what : "set " + SettingsTree.shown(key) + " " + SettingsTree.shown(String.valueOf(e.get(key))))
						+ " (" + SettingsTree.shown(e.name) + "): a policy cannot express it; left out"));
	}

	private java.util.Optional<String> seconds(Entry e, String key) {
		String v = e.get(key);
		if (v == null) {
			return java.util.Optional.empty();
		}
		java.util.Optional<String> d = v.matches("\\d+") ? PolicyText.duration(v) : java.util.Optional.empty();
		if (d.isEmpty()) {
			unmapped(e, key, key + " " + SettingsTree.shown(v));
		}
		return d;
	}

	static String keyword(Payload.Transform t) {
		return TransformNames.keyword(t);
	}
}
