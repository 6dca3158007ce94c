package org.ikewb.dsl.generator;

import org.ikewb.model.secrets.SecretResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.model.policy.Authentication;
import org.ikewb.model.policy.CertificateAuthentication;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Identity;
import org.ikewb.model.policy.Mode;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.PskAuthentication;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.validation.Addresses;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.Payload;

/**
 * FortiOS 7.6.1 CLI: {@code config vpn ipsec phase1-interface} per peer and
 * {@code phase2-interface} per Child SA and selector pair; key exchanges as numeric IANA IDs
 * ({@code set dhgrp 31 20}, {@code set addke1 36 37}, 0 for none). Proposals are FortiOS's
 * cipher-hash pairs. The file holds CLI commands only: FortiOS documents no comment syntax for
 * CLI input, so what a reader must know goes into each object's own {@code comments} attribute
 * (where it came from; that the outgoing interface, not part of a policy, is written as
 * {@code "wan1"} and must be adapted). Every value is checked against Fortinet's own Ansible module
 * spec (tests/consumers/vendor-schema-check.py). The PSK goes to {@code NAME.fortios-secrets.conf}
 * (a second CLI snippet) only with --with-secrets.
 */
public final class FortiOsGenerator extends ConfigGenerator {

	@Override
	public Target target() {
		return Target.FORTIOS;
	}

	static String cipher(Payload.Transform t) throws UnsupportedException {
		return switch (t.id()) {
		case 3 -> "3des";
		case 12 -> "aes" + t.keyLength();
		case 20 -> "aes" + t.keyLength() + "gcm";
		case 28 -> "chacha20poly1305";
		default -> throw new UnsupportedException("FortiOS has no cipher " + EncryptionAlgorithm.of(t.id()).ianaName());
		};
	}

	static String hash(int id, boolean prf) throws UnsupportedException {
		return switch ((prf ? "p" : "i") + id) {
		case "p2", "i2" -> "sha1";
		case "p5", "i12" -> "sha256";
		case "p6", "i13" -> "sha384";
		case "p7", "i14" -> "sha512";
		default -> throw new UnsupportedException("FortiOS has no " + (prf ? "PRF " : "integrity ") + id);
		};
	}

	/** {@code aes256gcm-prfsha384 chacha20poly1305-prfsha384} (AEAD × PRF) or {@code aes256-sha256} (cipher × integrity). */
	static List<String> pairs(Proposal p) throws UnsupportedException {
		List<String> out = new ArrayList<>();
		boolean ike = p.getProtocol() == ProposalProtocol.IKE;
		for (Payload.Transform e : transforms(p, TransformKind.ENCRYPTION, 0)) {
			boolean aead = EncryptionAlgorithm.of(e.id()).aead();
			if (aead && ike) {
				for (Payload.Transform prf : transforms(p, TransformKind.PRF, 0)) {
					out.add(cipher(e) + "-prf" + hash(prf.id(), true));
				}
			} else if (aead) {
				out.add(cipher(e));
			} else {
				for (Payload.Transform i : transforms(p, TransformKind.INTEGRITY, 0)) {
					out.add(cipher(e) + "-" + hash(i.id(), false));
				}
			}
		}
		return out;
	}

	private static String ids(List<Payload.Transform> ts) {
		return String.join(" ", ts.stream().map(t -> Integer.toString(t.id())).toList());
	}

	private static String quoted(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String idType(Identity id) {
		return switch (id.getType()) {
		case FQDN -> "fqdn";
		case EMAIL -> "user-fqdn";
		case ADDRESS -> "address";
		case DN -> "asn1dn";
		case KEYID -> "keyid";
		};
	}

	/** "10.1.0.0/16" → "10.1.0.0 255.255.0.0"; IPv6 stays a prefix. */
	static String subnet(String prefix) throws UnsupportedException {
		Optional<Addresses.Prefix> p = Addresses.parsePrefix(prefix);
		if (p.isEmpty()) {
			throw new UnsupportedException("FortiOS needs an explicit subnet, not '" + prefix + "'");
		}
		if (p.get().ipv6()) {
			return prefix.contains("/") ? prefix : prefix + "/128";
		}
		long mask = p.get().length() == 0 ? 0 : (0xffffffffL << (32 - p.get().length())) & 0xffffffffL;
		String address = prefix.contains("/") ? prefix.substring(0, prefix.indexOf('/')) : prefix;
		return address + " " + ((mask >>> 24) & 255) + "." + ((mask >>> 16) & 255) + "." + ((mask >>> 8) & 255) + "." + (mask & 255);
	}

	@Override
	protected List<GeneratedFile> write(PolicyFile file, Options options)
			throws UnsupportedException, SecretResolver.SecretUnavailableException {
		List<FortiObject> phase1 = new ArrayList<>();
		List<FortiObject> phase2 = new ArrayList<>();
		java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>(); // phase1 name -> PSK
		java.util.Map<String, String> ppks = new java.util.LinkedHashMap<>(); // phase1 name -> PPK
		String origin = "IKEv2 Workbench: from " + options.baseName() + ".ikewb";
		boolean anyPsk = false;
		java.util.Map<Peer, String> phase1Names = org.ikewb.model.validation.FortiOsConstraints.phase1Names(file);
		for (Peer peer : peers(file)) {
			String name = phase1Names.computeIfAbsent(peer, org.ikewb.model.validation.FortiOsConstraints::phase1Name);
			Endpoint local = peer.getLocal();
			Endpoint remote = peer.getRemote();
			FortiObject p1 = new FortiObject(name);
			phase1.add(p1);
			p1.set("interface", "\"wan1\"");
			p1.set("comments", quoted(origin + "; adapt interface wan1 to the one facing the peer"
					+ (peer.getLocal() != null && peer.getLocal().getPort() > 0 && peer.getLocal().getPort() != 500
							? "; local IKE port " + peer.getLocal().getPort() + " is global: config system settings, set ike-port"
							: "")));
			p1.set("ike-version", "2");
			boolean any = remote == null || remote.getAddress() == null || "any".equals(remote.getAddress());
			boolean v6 = !any && remote.getAddress().contains(":");
			if (v6) {
				p1.set("ip-version", "6");
			}
			p1.set("type", any ? "dynamic" : "static");
			if (!any) {
				p1.set(v6 ? "remote-gw6" : "remote-gw", remote.getAddress());
			}
			Authentication auth = peer.getAuthentication();
			if (auth instanceof CertificateAuthentication cert) {
				p1.set("authmethod", "signature");
				p1.set("certificate", quoted(java.nio.file.Path.of(cert.getCertificate()).getFileName().toString().replaceFirst("\\.[^.]*$", "")));
			} else {
				p1.set("authmethod", "psk");
			}
			if (local != null && local.getIdentity() != null) {
				p1.set("localid-type", idType(local.getIdentity()));
				p1.set("localid", quoted(local.getIdentity().getValue()));
			}
			if (remote != null && remote.getIdentity() != null && !remote.getIdentity().getValue().contains("*")) {
				p1.set("peertype", "one");
				p1.set("peerid", quoted(remote.getIdentity().getValue()));
			} else {
				p1.set("peertype", "any");
			}
			List<String> proposals = new ArrayList<>();
			List<Payload.Transform> ke = new ArrayList<>();
			List<List<Payload.Transform>> rounds = new ArrayList<>();
			for (int r = 0; r < 7; r++) {
				rounds.add(new ArrayList<>());
			}
			for (Proposal p : peer.getIkeProposals()) {
				proposals.addAll(pairs(p));
				// FortiOS has one list per transform type for the whole phase1: the union in order.
				for (Payload.Transform t : transforms(p, TransformKind.KE, 0)) {
					if (!ke.contains(t)) {
						ke.add(t);
					}
				}
				for (int r = 1; r <= 7; r++) {
					for (Payload.Transform t : transforms(p, TransformKind.ADDKE, r)) {
						if (!rounds.get(r - 1).contains(t)) {
							rounds.get(r - 1).add(t);
						}
					}
				}
			}
			p1.set("proposal", String.join(" ", proposals.stream().distinct().toList()));
			p1.set("dhgrp", ids(ke));
			for (int r = 1; r <= 7; r++) {
				if (!rounds.get(r - 1).isEmpty()) {
					p1.set("addke" + r, ids(rounds.get(r - 1)));
				}
			}
			p1.set("fragmentation", peer.isFragmentation() ? "enable" : "disable");
			if (peer.getRekeySeconds() > 0) {
				p1.set("keylife", Integer.toString(peer.getRekeySeconds()));
			}
			if (!peer.getPpks().isEmpty()) {
				// RFC 8784 (one PPK per phase1, the target check says so); its value goes with the PSK
				p1.set("ppk", peer.isPpkRequired() ? "require" : "allow");
				p1.set("ppk-identity", quoted(peer.getPpks().get(0).getId()));
				ppks.put(name, options.withSecrets() ? options.secrets().read(peer.getPpks().get(0).getSecret()) : null);
			}
			if (peer.isChildless() && peer.getRole() != PeerRole.RESPONDER) {
				p1.set("childless-ike", "enable"); // RFC 6023
			}
			if (auth instanceof PskAuthentication psk) {
				anyPsk = true;
				secrets.put(name, options.withSecrets() ? options.secrets().read(psk.getSecret()) : null);
			}
			for (ChildSa child : peer.getChildren()) {
				List<TrafficSelector> ls = child.getLocalSelectors().isEmpty() ? List.of() : child.getLocalSelectors();
				List<TrafficSelector> rs = child.getRemoteSelectors().isEmpty() ? List.of() : child.getRemoteSelectors();
				int n = 0;
				for (TrafficSelector l : ls.isEmpty() ? java.util.Collections.<TrafficSelector>singletonList(null) : ls) {
					for (TrafficSelector r : rs.isEmpty() ? java.util.Collections.<TrafficSelector>singletonList(null) : rs) {
						String p2name = name + "-" + child.getName() + (ls.size() * rs.size() > 1 ? "-" + (++n) : "");
						FortiObject p2 = new FortiObject(p2name);
						phase2.add(p2);
						p2.set("phase1name", quoted(name));
						p2.set("comments", quoted(origin));
						List<String> esp = new ArrayList<>();
						List<Payload.Transform> pfs = new ArrayList<>();
						List<List<Payload.Transform>> espRounds = new ArrayList<>();
						for (int i = 0; i < 7; i++) {
							espRounds.add(new ArrayList<>());
						}
						for (Proposal p : child.getEspProposals()) {
							esp.addAll(pairs(p));
							transforms(p, TransformKind.KE, 0).stream().filter(t -> !pfs.contains(t)).forEach(pfs::add);
							for (int i = 1; i <= 7; i++) {
								for (Payload.Transform t : transforms(p, TransformKind.ADDKE, i)) {
									if (!espRounds.get(i - 1).contains(t)) {
										espRounds.get(i - 1).add(t);
									}
								}
							}
						}
						p2.set("proposal", String.join(" ", esp.stream().distinct().toList()));
						p2.set("pfs", pfs.isEmpty() ? "disable" : "enable");
						if (!pfs.isEmpty()) {
							p2.set("dhgrp", ids(pfs));
						}
						for (int i = 1; i <= 7; i++) {
							if (!espRounds.get(i - 1).isEmpty()) {
								p2.set("addke" + i, ids(espRounds.get(i - 1)));
							}
						}
						if (child.getMode() == Mode.TRANSPORT) {
							p2.set("encapsulation", "transport-mode");
						}
						String protocol = l != null && l.getProtocol() != null ? l.getProtocol() : r != null ? r.getProtocol() : null;
						if (protocol != null) {
							p2.set("protocol", protocolNumber(protocol)); // one protocol per phase2 entry
						}
						selector(p2, "src", l);
						selector(p2, "dst", r);
						if (child.getRekeySeconds() > 0) {
							p2.set("keylifeseconds", Integer.toString(child.getRekeySeconds()));
						}
					}
				}
			}
		}
		List<GeneratedFile> out = new ArrayList<>();
		out.add(new GeneratedFile(options.baseName() + ".fortios.conf", cli(phase1, phase2), false));
		out.add(new GeneratedFile(options.baseName() + ".fortios.yml", tasks(phase1, phase2, secrets.keySet(), ppks.keySet()),
				false));
		if ((!secrets.isEmpty() || !ppks.isEmpty()) && options.withSecrets()) {
			StringBuilder cli = new StringBuilder("config vpn ipsec phase1-interface\n");
			StringBuilder vars = new StringBuilder("---\n");
			java.util.Set<String> names = new java.util.LinkedHashSet<>(secrets.keySet());
			names.addAll(ppks.keySet());
			for (String n : names) {
				cli.append("    edit ").append(quoted(n)).append('\n');
				if (secrets.containsKey(n)) {
					cli.append("        set psksecret ").append(quoted(secrets.get(n))).append('\n');
					vars.append(secretVariable(n)).append(": ").append(yamlString(secrets.get(n))).append('\n');
				}
				if (ppks.containsKey(n)) {
					// FortiOS takes the PPK as text, or as 0x followed by hex digits: as the policy's source has it
					cli.append("        set ppk-secret ").append(quoted(ppks.get(n))).append('\n');
					vars.append(ppkVariable(n)).append(": ").append(yamlString(ppks.get(n))).append('\n');
				}
				cli.append("    next\n");
			}
			out.add(new GeneratedFile(options.baseName() + ".fortios-secrets.conf", cli.append("end\n").toString(), true));
			out.add(new GeneratedFile(options.baseName() + ".fortios-secrets.yml", vars.toString(), true));
		}
		return out;
	}

	/** One phase1-interface or phase2-interface entry: its name and CLI attributes in order. */
	private static final class FortiObject {
		final String name;
		final java.util.LinkedHashMap<String, String> attributes = new java.util.LinkedHashMap<>();

		FortiObject(String name) {
			this.name = name;
		}

		/** A CLI value: a word, words separated by spaces (lists), or a quoted string. */
		void set(String key, String value) {
			attributes.put(key, value);
		}
	}

	/** The attributes that are lists in FortiOS (the Ansible module's type "list"). */
	private static final java.util.Set<String> LIST_ATTRIBUTES = java.util.Set.of("proposal", "dhgrp", "addke1", "addke2",
			"addke3", "addke4", "addke5", "addke6", "addke7");

	private static String cli(List<FortiObject> phase1, List<FortiObject> phase2) {
		StringBuilder b = new StringBuilder();
		for (String section : List.of("phase1-interface", "phase2-interface")) {
			b.append("config vpn ipsec ").append(section).append('\n');
			for (FortiObject o : section.startsWith("phase1") ? phase1 : phase2) {
				b.append("    edit ").append(quoted(o.name)).append('\n');
				for (var a : o.attributes.entrySet()) {
					b.append("        set ").append(a.getKey()).append(' ').append(a.getValue()).append('\n');
				}
				b.append("    next\n");
			}
			b.append("end\n");
		}
		return b.toString();
	}

	/**
	 * The same objects as Ansible tasks of Fortinet's collection (fortinet.fortios,
	 * fortios_vpn_ipsec_phase1_interface / phase2_interface): attribute names with underscores, lists
	 * as YAML lists, the PSK as a variable ({@code NAME.fortios-secrets.yml} with --with-secrets, or
	 * an Ansible Vault of your own).
	 */
	private static String tasks(List<FortiObject> phase1, List<FortiObject> phase2, java.util.Set<String> withPsk,
			java.util.Set<String> withPpk) {
		StringBuilder b = new StringBuilder("---\n");
		for (String section : List.of("phase1_interface", "phase2_interface")) {
			for (FortiObject o : section.startsWith("phase1") ? phase1 : phase2) {
				b.append("- name: vpn ipsec ").append(section.replace('_', '-')).append(' ').append(yamlString(o.name)).append('\n');
				b.append("  fortinet.fortios.fortios_vpn_ipsec_").append(section).append(":\n");
				b.append("    vdom: root\n    state: present\n");
				b.append("    vpn_ipsec_").append(section).append(":\n");
				b.append("      name: ").append(yamlString(o.name)).append('\n');
				for (var a : o.attributes.entrySet()) {
					String key = a.getKey().replace('-', '_');
					if (LIST_ATTRIBUTES.contains(a.getKey())) {
						b.append("      ").append(key).append(":\n");
						for (String word : a.getValue().split(" ")) {
							b.append("        - ").append(yamlString(word)).append('\n');
						}
					} else {
						b.append("      ").append(key).append(": ").append(yamlString(unquoted(a.getValue()))).append('\n');
					}
				}
				if (section.startsWith("phase1") && withPsk.contains(o.name)) {
					b.append("      psksecret: \"{{ ").append(secretVariable(o.name)).append(" }}\"\n");
				}
				if (section.startsWith("phase1") && withPpk.contains(o.name)) {
					b.append("      ppk_secret: \"{{ ").append(ppkVariable(o.name)).append(" }}\"\n");
				}
			}
		}
		return b.toString();
	}

	/** The Ansible variable that holds a phase1's PPK. */
	private static String ppkVariable(String phase1) {
		return "ikewb_ppk_" + phase1.replaceAll("[^A-Za-z0-9_]", "_");
	}

	/** The Ansible variable that holds a phase1's PSK. */
	private static String secretVariable(String phase1) {
		return "ikewb_psk_" + phase1.replaceAll("[^A-Za-z0-9_]", "_");
	}

	private static String unquoted(String cliValue) {
		if (cliValue.length() >= 2 && cliValue.startsWith("\"") && cliValue.endsWith("\"")) {
			return cliValue.substring(1, cliValue.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
		}
		return cliValue;
	}

	/** A YAML double-quoted scalar: every value is a string to FortiOS's module. */
	private static String yamlString(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			} else if (c < 0x20) {
				b.append(String.format("\\x%02x", (int) c));
			} else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}

	private static void selector(FortiObject b, String side, TrafficSelector ts) throws UnsupportedException {
		if (ts == null || "dynamic".equals(ts.getPrefix())) {
			return;
		}
		boolean v6 = ts.getPrefix().contains(":");
		if (v6) {
			b.set(side + "-addr-type", "ip6");
			b.set(side + "-subnet6", subnet(ts.getPrefix()));
		} else {
			b.set(side + "-subnet", subnet(ts.getPrefix()));
		}
		if (ts.getPorts() != null) {
			if (ts.getPorts().contains("-")) {
				throw new UnsupportedException("FortiOS phase2 selectors take one port, not the range " + ts.getPorts());
			}
			b.set(side + "-port", ts.getPorts());
		}
	}

	private static String protocolNumber(String protocol) {
		return org.ikewb.protocol.IpProtocol.number(protocol).map(String::valueOf).orElse(protocol);
	}

}
