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
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;

/**
 * Libreswan's ipsec.conf (5.2 and 5.4 grammars) as a policy: conns with the same IKE side (addresses,
 * identities, ports, authentication, {@code ike=}, lifetimes, PPK) become one peer whose Child SAs they
 * are — the inverse of the generator's {@code PEER-CHILD} conns; {@code conn %default} and {@code also=}
 * are applied first. {@code ike=} and {@code esp=} in Libreswan's notation
 * ({@code aes_gcm256-sha2_384-dh31+dh20;addke1=ml_kem_768+none}, or {@code …;dh31}). Everything else is
 * a finding on its line; secrets are referenced, never copied.
 */
public final class LibreswanImporter {

	/** One conn's effective settings: key → value and the line it came from. */
	private record Conn(String name, String file, int line, Map<String, SettingsTree.Setting> settings) {
		String get(String key) {
			SettingsTree.Setting s = settings.get(key);
			return s == null ? null : s.value();
		}

		int lineOf(String key) {
			SettingsTree.Setting s = settings.get(key);
			return s == null ? line : s.line();
		}
	}

	private static final Set<String> IKE_KEYS = Set.of("keyexchange", "ikev2", "left", "right", "leftid", "rightid",
			"leftikeport", "rightikeport", "authby", "ike", "fragmentation", "ikelifetime", "ppk", "ppk-ids", "leftcert",
			"intermediate");
	private static final Set<String> CHILD_KEYS = Set.of("esp", "pfs", "type", "leftsubnet", "rightsubnet", "leftsubnets",
			"rightsubnets", "leftprotoport", "rightprotoport", "salifetime", "auto", "also");

	private final List<ImportFinding> findings = new ArrayList<>();
	private final PolicyText written = new PolicyText();

	private LibreswanImporter() {
	}

	public static SwanctlImporter.Result importFiles(List<Path> files, String policyName) {
		LibreswanImporter in = new LibreswanImporter();
		List<Conn> conns = new ArrayList<>();
		for (Path file : files) {
			try {
				conns.addAll(in.read(file));
			} catch (IOException | RuntimeException e) {
				in.findings.add(new ImportFinding(file.toString(), 0, "error", "import-skipped",
						"cannot read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
			}
		}
		// conns with one IKE side are one peer; the generator names them PEER-CHILD
		Map<String, List<Conn>> peers = new LinkedHashMap<>();
		for (Conn c : conns) {
			if (!in.importable(c)) {
				continue;
			}
			StringBuilder key = new StringBuilder();
			for (String k : List.of("left", "right", "leftid", "rightid", "leftikeport", "rightikeport", "authby", "ike",
					"fragmentation", "ikelifetime", "ppk", "ppk-ids", "leftcert")) {
				key.append(k).append('=').append(c.get(k)).append('\n');
			}
			peers.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(c);
		}
		StringBuilder body = new StringBuilder();
		int imported = 0;
		for (List<Conn> group : peers.values()) {
			String peer = in.peer(group, body);
			imported += peer != null ? 1 : 0;
		}
		List<ImportFinding> sorted = new ArrayList<>(in.findings);
		sorted.sort(java.util.Comparator.comparing(ImportFinding::file).thenComparingInt(ImportFinding::line));
		if (imported == 0) {
			sorted.add(new ImportFinding(files.isEmpty() ? "" : files.get(0).toString(), 0, "error", "import-skipped",
					"no conn could be imported"));
			return new SwanctlImporter.Result(null, List.copyOf(sorted));
		}
		String text = "// imported from " + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList())
				+ " by ikewb import; what the language cannot express is listed by the import, not here\n"
				+ "policy " + SwanctlImporter.name(policyName) + " {\n    targets libreswan\n\n" + in.written.proposals()
				+ body.substring(1) + "}\n";
		return new SwanctlImporter.Result(text, List.copyOf(sorted));
	}

	// ------------------------------------------------------------------ reading

	private List<Conn> read(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file);
		Map<String, Map<String, SettingsTree.Setting>> sections = new LinkedHashMap<>();
		Map<String, Integer> starts = new LinkedHashMap<>();
		String current = null;
		String name = file.toString();
		for (int n = 0; n < lines.size(); n++) {
			String raw = lines.get(n);
			String text = stripComment(raw);
			if (text.isBlank()) {
				continue;
			}
			int lineNo = n + 1;
			if (!Character.isWhitespace(text.charAt(0))) {
				String[] head = text.strip().split("\\s+", 2);
				if (head[0].equals("conn") && head.length == 2) {
					current = head[1].strip();
					sections.put(current, new LinkedHashMap<>());
					starts.put(current, lineNo);
				} else if (head[0].equals("config") && head.length == 2 && head[1].strip().equals("setup")) {
					current = "config setup";
					sections.put(current, new LinkedHashMap<>());
					starts.put(current, lineNo);
				} else if (head[0].equals("include")) {
					findings.add(new ImportFinding(name, lineNo, "warning", "import-unmapped",
							"include " + SettingsTree.shown(head.length > 1 ? head[1] : "") + ": name the included files to import them too"));
				} else if (head[0].equals("version")) {
					continue; // "version 2" of old files
				} else {
					findings.add(new ImportFinding(name, lineNo, "error", "import-syntax",
							"neither 'conn NAME', 'config setup' nor an indented 'key=value': " + SettingsTree.shown(text.strip())));
					current = null;
				}
				continue;
			}
			if (current == null) {
				findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "a setting outside a conn"));
				continue;
			}
			int eq = text.indexOf('=');
			if (eq <= 0) {
				findings.add(new ImportFinding(name, lineNo, "error", "import-syntax", "expected key=value: " + SettingsTree.shown(text.strip())));
				continue;
			}
			String key = text.substring(0, eq).strip();
			String value = text.substring(eq + 1).strip();
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1);
			}
			sections.get(current).put(key, new SettingsTree.Setting(key, value, name, lineNo));
		}
		Map<String, SettingsTree.Setting> setup = sections.remove("config setup");
		if (setup != null) {
			setup.values().forEach(s -> findings.add(new ImportFinding(s.file(), s.line(), "info", "import-unmapped",
					"config setup: " + SettingsTree.shown(s.key()) + " is pluto's own setting, not a policy's; left out")));
		}
		Map<String, SettingsTree.Setting> defaults = sections.remove("%default");
		starts.remove("%default");
		List<Conn> out = new ArrayList<>();
		for (var e : sections.entrySet()) {
			Map<String, SettingsTree.Setting> effective = new LinkedHashMap<>();
			if (defaults != null) {
				effective.putAll(defaults);
			}
			also(e.getKey(), sections, effective, 0, name);
			out.add(new Conn(e.getKey(), name, starts.get(e.getKey()), effective));
		}
		return out;
	}

	/** A conn's settings with those of the conns its {@code also=} names first (its own win). */
	private void also(String conn, Map<String, Map<String, SettingsTree.Setting>> sections,
			Map<String, SettingsTree.Setting> into, int depth, String file) {
		Map<String, SettingsTree.Setting> own = sections.get(conn);
		if (own == null || depth > 8) {
			return;
		}
		SettingsTree.Setting also = own.get("also");
		if (also != null) {
			for (String other : also.value().split("\\s+")) {
				if (!sections.containsKey(other)) {
					findings.add(new ImportFinding(file, also.line(), "warning", "import-unmapped", "also=" + SettingsTree.shown(other)
							+ ": no such conn here"));
				} else {
					also(other, sections, into, depth + 1, file);
				}
			}
		}
		into.putAll(own);
	}

	private static String stripComment(String line) {
		int hash = line.indexOf('#');
		return hash < 0 ? line : line.substring(0, hash);
	}

	// ------------------------------------------------------------------ conns to peers

	private boolean importable(Conn c) {
		String exchange = c.get("keyexchange");
		if (exchange != null && !exchange.equals("ikev2") || "no".equals(c.get("ikev2")) || "never".equals(c.get("ikev2"))) {
			findings.add(new ImportFinding(c.file, c.lineOf("keyexchange"), "error", "import-skipped",
					"conn '" + c.name + "' is IKEv1: a policy describes IKEv2 only; not imported"));
			return false;
		}
		if (c.get("auto") == null || "ignore".equals(c.get("auto"))) {
			// pluto loads a conn only with auto=add, start or ondemand: the others are templates for also=
			findings.add(new ImportFinding(c.file, c.lineOf("auto"), "info", "import-skipped",
					"conn '" + SettingsTree.shown(c.name) + "' has " + (c.get("auto") == null ? "no auto=" : "auto=ignore")
							+ " (pluto does not load it; a template for also=): not imported as a peer of its own"));
			return false;
		}
		String authby = c.get("authby");
		if (authby != null && !authby.equals("secret") && !authby.matches("(rsasig|ecdsa|rsa-sha2[\\w_]*)(,(rsasig|ecdsa|rsa-sha2[\\w_]*))*")) {
			findings.add(new ImportFinding(c.file, c.lineOf("authby"), "error", "import-skipped",
					"authby=" + SettingsTree.shown(authby) + " has no policy counterpart: conn '" + c.name + "' not imported"));
			return false;
		}
		return true;
	}

	/** One peer from conns sharing their IKE side; null when it cannot be imported. */
	private String peer(List<Conn> group, StringBuilder out) {
		Conn first = group.get(0);
		String peerName = peerName(group);
		String name = SwanctlImporter.name(peerName);
		List<String> ike = proposals(first, "ike", ProtocolId.IKE, name + "_ike");
		if (ike.isEmpty()) {
			findings.add(new ImportFinding(first.file, first.lineOf("ike"), "error", "import-skipped", "conn '" + first.name
					+ "' has no ike= this import can express (pluto's defaults are not named in a policy): not imported"));
			return null;
		}
		StringBuilder p = new StringBuilder("\n    peer ").append(name).append(" {\n");
		String right = first.get("right");
		boolean anyRemote = right == null || right.equals("%any");
		boolean starts = group.stream().anyMatch(c -> "start".equals(c.get("auto")));
		if (!starts) {
			p.append("        role ").append(anyRemote ? "responder" : "both").append('\n');
		}
		p.append("        local ").append(endpoint(first, "left", "leftikeport", "leftid")).append('\n');
		p.append("        remote ").append(endpoint(first, "right", "rightikeport", "rightid")).append('\n');
		String authby = first.get("authby") == null ? "rsasig" : first.get("authby");
		if (authby.equals("secret")) {
			p.append("        auth psk from env ").append(SwanctlImporter.quote(SwanctlImporter.env(name) + "_PSK")).append('\n');
			findings.add(new ImportFinding(first.file, first.lineOf("authby"), "info", "import-secret",
					"the pre-shared key (ipsec.secrets) is read from environment variable " + SwanctlImporter.env(name)
							+ "_PSK: its value is not copied"));
		} else {
			String cert = first.get("leftcert");
			if (cert == null) {
				findings.add(new ImportFinding(first.file, first.line, "error", "import-skipped",
						"conn '" + first.name + "' authenticates with certificates but names no leftcert: not imported"));
				return null;
			}
			p.append("        auth certificate ").append(SwanctlImporter.quote(cert + ".pem")).append(" key from file ")
					.append(SwanctlImporter.quote(cert + ".key")).append(" ca ").append(SwanctlImporter.quote("ca.pem")).append('\n');
			findings.add(new ImportFinding(first.file, first.lineOf("leftcert"), "warning", "import-unmapped",
					"leftcert=" + SettingsTree.shown(cert) + " is an NSS nickname: the policy names files " + cert + ".pem, "
							+ cert + ".key and ca.pem; correct them"));
		}
		p.append("        ike proposals ").append(String.join(", ", ike)).append('\n');
		String fragmentation = first.get("fragmentation");
		if (fragmentation != null) {
			p.append("        fragmentation ").append(fragmentation.equals("no") ? "off" : "on").append('\n');
			if (fragmentation.equals("force")) {
				unmapped(first, "fragmentation", "fragmentation=force");
			}
		}
		duration(first, "ikelifetime").ifPresent(d -> p.append("        rekey after ").append(d).append('\n'));
		String ppk = first.get("ppk");
		if (ppk != null && !ppk.equals("no") && !ppk.equals("never")) {
			String ids = first.get("ppk-ids");
			if (ids == null) {
				unmapped(first, "ppk", "ppk=" + ppk + " without ppk-ids (pluto then uses any PPK of the secrets)");
			} else {
				String[] all = ids.split("\\s*,\\s*");
				for (int i = 0; i < all.length; i++) {
					p.append("        ppk ").append(SwanctlImporter.quote(all[i])).append(" from env ")
							.append(SwanctlImporter.quote(SwanctlImporter.env(name) + "_PPK" + (all.length > 1 ? "_" + (i + 1) : "")))
							.append(i == 0 && ppk.equals("insist") ? " required" : "").append('\n');
				}
				findings.add(new ImportFinding(first.file, first.lineOf("ppk-ids"), "info", "import-secret",
						"PPK values (ipsec.secrets) are read from environment variables " + SwanctlImporter.env(name)
								+ "_PPK…: not copied"));
			}
		}
		for (Conn c : group) {
			for (SettingsTree.Setting s : c.settings.values()) {
				if (!IKE_KEYS.contains(s.key()) && !CHILD_KEYS.contains(s.key())) {
					unmapped(c, s.key(), null);
				}
			}
			String child = c.name.equals(peerName) ? name : childName(c.name, peerName);
			if (!(peerName.equals(name) && (c.name.equals(peerName) || c.name.equals(peerName + "-" + child)))) {
				findings.add(new ImportFinding(c.file, c.line, "info", "import-unmapped", "conn '" + SettingsTree.shown(c.name)
						+ "' becomes peer '" + name + "', child '" + child + "' (policy names take letters, digits and '_'): "
						+ "the regenerated conn is named " + (child.equals(name) ? name : name + "-" + child)));
			}
			p.append(child(c, child, name));
		}
		p.append("    }\n");
		out.append(p);
		return name;
	}

	/** The peer's name: the conns' common "PEER-" prefix (the generator's naming), else the only conn's name. */
	private static String peerName(List<Conn> group) {
		if (group.size() == 1) {
			String n = group.get(0).name;
			int dash = n.lastIndexOf('-');
			return dash > 0 && dash < n.length() - 1 ? n.substring(0, dash) : n;
		}
		String prefix = group.get(0).name;
		for (Conn c : group) {
			while (!c.name.startsWith(prefix)) {
				prefix = prefix.substring(0, prefix.length() - 1);
			}
		}
		int dash = prefix.lastIndexOf('-');
		return dash > 0 ? prefix.substring(0, dash) : group.get(0).name + "_peer";
	}

	private static String childName(String conn, String peer) {
		return SwanctlImporter.name(conn.startsWith(peer + "-") ? conn.substring(peer.length() + 1) : conn);
	}

	private String child(Conn c, String childName, String peer) {
		StringBuilder b = new StringBuilder("        child ").append(childName).append(" {\n");
		String type = c.get("type");
		if ("transport".equals(type)) {
			b.append("            mode transport\n");
		} else if (type != null && !type.equals("tunnel")) {
			unmapped(c, "type", "type=" + type);
		}
		selectors(c, "leftsubnet", "leftsubnets", "leftprotoport").ifPresent(s -> b.append("            local ts ").append(s).append('\n'));
		selectors(c, "rightsubnet", "rightsubnets", "rightprotoport").ifPresent(s -> b.append("            remote ts ").append(s).append('\n'));
		List<String> esp = proposals(c, "esp", ProtocolId.ESP, peer + "_" + childName + "_esp");
		if (!esp.isEmpty()) {
			b.append("            esp proposals ").append(String.join(", ", esp)).append('\n');
		}
		duration(c, "salifetime").ifPresent(d -> b.append("            rekey after ").append(d).append('\n'));
		String auto = c.get("auto");
		if (auto != null && !Set.of("start", "add", "ondemand").contains(auto)) {
			unmapped(c, "auto", "auto=" + auto);
		} else if ("ondemand".equals(auto)) {
			unmapped(c, "auto", "auto=ondemand (on traffic; a policy's peer starts at once or waits)");
		}
		b.append("        }\n");
		return b.toString();
	}

	private String endpoint(Conn c, String side, String portKey, String idKey) {
		StringBuilder e = new StringBuilder();
		String address = c.get(side);
		if (address != null && !address.startsWith("%")) {
			e.append("address ").append(SwanctlImporter.bare(address));
		} else if ("%any".equals(address)) {
			e.append("address any");
		} else if (address != null && !address.equals("%defaultroute")) {
			unmapped(c, side, side + "=" + address);
		}
		String port = c.get(portKey);
		if (port != null && port.matches("\\d{1,5}")) {
			e.append(e.isEmpty() ? "" : " ").append("port ").append(port);
		}
		String id = c.get(idKey);
		if (id != null && !id.isBlank() && !id.equals("%any") && !id.equals("%fromcert")) {
			e.append(e.isEmpty() ? "" : " ").append("id ").append(identity(id));
		} else if ("%fromcert".equals(id)) {
			unmapped(c, idKey, idKey + "=%fromcert (the certificate's subject: name it in the policy)");
		}
		return e.toString();
	}

	/** Libreswan's identity notation: @fqdn, @#hex, an address, a DN (with '='), user@domain. */
	static String identity(String id) {
		if (id.startsWith("@#")) {
			return "keyid " + SwanctlImporter.quote(id.substring(2));
		}
		if (id.startsWith("@")) {
			return "fqdn " + SwanctlImporter.quote(id.substring(1));
		}
		if (Addresses.isAddress(id)) {
			return "address " + SwanctlImporter.bare(id);
		}
		if (id.contains("=")) {
			return "dn " + SwanctlImporter.quote(id);
		}
		if (id.contains("@")) {
			return "email " + SwanctlImporter.quote(id);
		}
		return "fqdn " + SwanctlImporter.quote(id);
	}

	private java.util.Optional<String> selectors(Conn c, String one, String many, String protoport) {
		String value = c.get(many) != null ? c.get(many) : c.get(one);
		if (value == null) {
			return java.util.Optional.empty();
		}
		String proto = null;
		String ports = null;
		String pp = c.get(protoport);
		if (pp != null) {
			String[] parts = pp.split("/", 2);
			proto = parts[0].equals("0") || parts[0].equals("%any") ? null : parts[0];
			ports = parts.length > 1 && !parts[1].equals("0") && !parts[1].equals("%any") ? parts[1].replace(':', '-') : null;
		}
		List<String> out = new ArrayList<>();
		for (String prefix : value.replace("{", "").replace("}", "").strip().split("[\\s,]+")) {
			if (prefix.isEmpty()) {
				continue;
			}
			if (Addresses.parsePrefix(prefix).isEmpty()) {
				unmapped(c, c.get(many) != null ? many : one, "subnet " + SettingsTree.shown(prefix));
				continue;
			}
			out.add(SwanctlImporter.bare(prefix) + (proto == null ? "" : " proto " + proto) + (ports == null ? "" : " port " + ports));
		}
		return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(", ", out));
	}

	// ------------------------------------------------------------------ proposals

	private List<String> proposals(Conn c, String key, ProtocolId protocol, String base) {
		String value = c.get(key);
		List<String> names = new ArrayList<>();
		if (value == null) {
			if (protocol.equals(ProtocolId.IKE)) {
				findings.add(new ImportFinding(c.file, c.line, "warning", "import-unmapped",
						"conn '" + c.name + "' has no ike=: pluto's default list is not a proposal a policy names"));
			}
			return names;
		}
		int n = 0;
		for (String one : value.split(",")) {
			String text = one.strip();
			if (text.isEmpty()) {
				continue;
			}
			Payload.Proposal p;
			try {
				p = parse(text, protocol);
			} catch (IllegalArgumentException e) {
				findings.add(new ImportFinding(c.file, c.lineOf(key), "warning", "import-unmapped",
						key + " proposal " + SettingsTree.shown(text) + ": " + e.getMessage() + "; left out"));
				continue;
			}
			String name = written.existing(p).orElse(null);
			if (name == null) {
				name = written.proposal(p, base + (n++ == 0 ? "" : Integer.toString(n)));
			}
			names.add(name);
		}
		return names;
	}

	/**
	 * {@code ENCR[+ENCR]-HASH[+HASH][-KE[+KE]][;KE…][;addkeN=KE+KE]}: for IKE the hash is the PRF (and,
	 * without AEAD, the integrity algorithm of the same hash); for ESP the integrity algorithm ({@code null} with AEAD).
	 */
	static Payload.Proposal parse(String text, ProtocolId protocol) {
		String[] parts = text.split(";");
		String[] fields = parts[0].split("-");
		List<Payload.Transform> ts = new ArrayList<>();
		List<Payload.Transform> encr = new ArrayList<>();
		for (String e : fields[0].split("\\+")) {
			encr.add(encryption(e));
		}
		ts.addAll(encr);
		boolean aead = EncryptionAlgorithm.of(encr.get(0).id()).aead();
		if (fields.length > 1) {
			for (String h : fields[1].split("\\+")) {
				if (h.equals("null") || h.equals("none")) {
					continue;
				}
				int[] ids = hash(h);
				if (protocol.equals(ProtocolId.IKE)) {
					ts.add(Payload.Transform.of(TransformType.PRF, ids[0]));
					if (!aead) {
						ts.add(Payload.Transform.of(TransformType.INTEG, ids[1]));
					}
				} else {
					ts.add(Payload.Transform.of(TransformType.INTEG, ids[1]));
				}
			}
		} else if (protocol.equals(ProtocolId.IKE)) {
			throw new IllegalArgumentException("no PRF (Libreswan would use its defaults)");
		}
		List<String> kes = new ArrayList<>();
		if (fields.length > 2) {
			kes.add(fields[2]);
		}
		if (fields.length > 3) {
			throw new IllegalArgumentException("more fields than ENCR-HASH-KE");
		}
		for (int i = 1; i < parts.length; i++) {
			String extra = parts[i].strip();
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("addke([1-7])=(.+)").matcher(extra);
			if (m.matches()) {
				for (String k : m.group(2).split("\\+")) {
					ts.add(Payload.Transform.of(TransformType.additionalKeyExchange(Integer.parseInt(m.group(1))), keyExchange(k)));
				}
			} else {
				kes.add(extra);
			}
		}
		for (String group : kes) {
			for (String k : group.split("\\+")) {
				ts.add(Payload.Transform.of(TransformType.KE, keyExchange(k)));
			}
		}
		if (protocol.equals(ProtocolId.ESP)) {
			ts.add(Payload.Transform.of(TransformType.ESN, 0));
		}
		ts.sort((a, b) -> Integer.compare(order(a.transformType()), order(b.transformType())));
		return new Payload.Proposal(1, protocol, org.ikewb.protocol.Octets.EMPTY, ts);
	}

	private static int order(TransformType t) {
		return t.value();
	}

	private static Payload.Transform encryption(String name) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(aes_gcm_[abc]|aes_gcm|aes_ccm_[abc]|aes_ctr|aes)(128|192|256)?")
				.matcher(name);
		if (name.equals("3des")) {
			return Payload.Transform.of(TransformType.ENCR, 3);
		}
		if (name.equals("chacha20_poly1305") || name.equals("chacha20poly1305")) {
			return Payload.Transform.of(TransformType.ENCR, 28);
		}
		if (!m.matches()) {
			throw new IllegalArgumentException("unknown encryption '" + SettingsTree.shown(name) + "'");
		}
		int id = switch (m.group(1)) {
		case "aes" -> 12;
		case "aes_ctr" -> 13;
		case "aes_ccm_a" -> 14;
		case "aes_ccm_b" -> 15;
		case "aes_ccm_c" -> 16;
		case "aes_gcm_a" -> 18;
		case "aes_gcm_b" -> 19;
		default -> 20; // aes_gcm, aes_gcm_c: the 16-octet ICV
		};
		int bits = m.group(2) == null ? 256 : Integer.parseInt(m.group(2));
		return new Payload.Transform(TransformType.ENCR, id, List.of(Payload.Attribute.keyLength(bits)));
	}

	/** {PRF ID, integrity ID} of a Libreswan hash name. */
	private static int[] hash(String name) {
		return switch (name) {
		case "sha1", "sha" -> new int[] { 2, 2 };
		case "sha2_256", "sha2", "sha256" -> new int[] { 5, 12 };
		case "sha2_384", "sha384" -> new int[] { 6, 13 };
		case "sha2_512", "sha512" -> new int[] { 7, 14 };
		case "aes_xcbc" -> new int[] { 4, 5 };
		default -> throw new IllegalArgumentException("unknown hash '" + SettingsTree.shown(name) + "'");
		};
	}

	private static int keyExchange(String name) {
		java.util.regex.Matcher dh = java.util.regex.Pattern.compile("dh(\\d{1,2})").matcher(name);
		if (dh.matches()) {
			int id = Integer.parseInt(dh.group(1));
			if (KeyExchangeMethod.of(id).known()) {
				return id;
			}
		}
		return switch (name) {
		case "none" -> 0;
		case "ml_kem_512", "mlkem512" -> 35;
		case "ml_kem_768", "mlkem768" -> 36;
		case "ml_kem_1024", "mlkem1024" -> 37;
		default -> KeyExchangeMethod.byName(name).map(KeyExchangeMethod::value)
				.orElseThrow(() -> new IllegalArgumentException("unknown key exchange '" + SettingsTree.shown(name) + "'"));
		};
	}

	// ------------------------------------------------------------------ the rest

	private void unmapped(Conn c, String key, String what) {
		findings.add(new ImportFinding(c.file, c.lineOf(key), "warning", "import-unmapped",
				(what != null ? what : SettingsTree.shown(key) + "=" + SettingsTree.shown(String.valueOf(c.get(key))))
						+ " (conn '" + c.name + "'): a policy cannot express it; left out"));
	}

	private java.util.Optional<String> duration(Conn c, String key) {
		String v = c.get(key);
		if (v == null) {
			return java.util.Optional.empty();
		}
		java.util.Optional<String> d = PolicyText.duration(v);
		if (d.isEmpty()) {
			unmapped(c, key, key + "=" + SettingsTree.shown(v) + " (not a duration, or 0)");
		}
		return d;
	}
}
