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
		StringBuilder p1 = new StringBuilder();
		StringBuilder p2 = new StringBuilder();
		StringBuilder secrets = new StringBuilder();
		String origin = "IKEv2 Workbench: from " + options.baseName() + ".ikewb";
		secrets.append("config vpn ipsec phase1-interface\n");
		p1.append("config vpn ipsec phase1-interface\n");
		p2.append("config vpn ipsec phase2-interface\n");
		boolean anyPsk = false;
		for (Peer peer : peers(file)) {
			String name = org.ikewb.model.validation.FortiOsConstraints.phase1Name(peer);
			Endpoint local = peer.getLocal();
			Endpoint remote = peer.getRemote();
			p1.append("    edit ").append(quoted(name)).append('\n');
			set(p1, "interface", "\"wan1\"");
			set(p1, "comments", quoted(origin + "; adapt interface wan1 to the one facing the peer"
					+ (peer.getLocal() != null && peer.getLocal().getPort() > 0 && peer.getLocal().getPort() != 500
							? "; local IKE port " + peer.getLocal().getPort() + " is global: config system settings, set ike-port"
							: "")));
			set(p1, "ike-version", "2");
			boolean any = remote == null || remote.getAddress() == null || "any".equals(remote.getAddress());
			boolean v6 = !any && remote.getAddress().contains(":");
			if (v6) {
				set(p1, "ip-version", "6");
			}
			set(p1, "type", any ? "dynamic" : "static");
			if (!any) {
				set(p1, v6 ? "remote-gw6" : "remote-gw", remote.getAddress());
			}
			Authentication auth = peer.getAuthentication();
			if (auth instanceof CertificateAuthentication cert) {
				set(p1, "authmethod", "signature");
				set(p1, "certificate", quoted(java.nio.file.Path.of(cert.getCertificate()).getFileName().toString().replaceFirst("\\.[^.]*$", "")));
			} else {
				set(p1, "authmethod", "psk");
			}
			if (local != null && local.getIdentity() != null) {
				set(p1, "localid-type", idType(local.getIdentity()));
				set(p1, "localid", quoted(local.getIdentity().getValue()));
			}
			if (remote != null && remote.getIdentity() != null && !remote.getIdentity().getValue().contains("*")) {
				set(p1, "peertype", "one");
				set(p1, "peerid", quoted(remote.getIdentity().getValue()));
			} else {
				set(p1, "peertype", "any");
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
			set(p1, "proposal", String.join(" ", proposals.stream().distinct().toList()));
			set(p1, "dhgrp", ids(ke));
			for (int r = 1; r <= 7; r++) {
				if (!rounds.get(r - 1).isEmpty()) {
					set(p1, "addke" + r, ids(rounds.get(r - 1)));
				}
			}
			set(p1, "fragmentation", peer.isFragmentation() ? "enable" : "disable");
			if (peer.getRekeySeconds() > 0) {
				set(p1, "keylife", Integer.toString(peer.getRekeySeconds()));
			}
			if (auth instanceof PskAuthentication psk) {
				anyPsk = true;
				secrets.append("    edit ").append(quoted(name)).append('\n');
				set(secrets, "psksecret", quoted(options.withSecrets() ? options.secrets().read(psk.getSecret()) : ""));
				secrets.append("    next\n");
			}
			p1.append("    next\n");
			for (ChildSa child : peer.getChildren()) {
				List<TrafficSelector> ls = child.getLocalSelectors().isEmpty() ? List.of() : child.getLocalSelectors();
				List<TrafficSelector> rs = child.getRemoteSelectors().isEmpty() ? List.of() : child.getRemoteSelectors();
				int n = 0;
				for (TrafficSelector l : ls.isEmpty() ? java.util.Collections.<TrafficSelector>singletonList(null) : ls) {
					for (TrafficSelector r : rs.isEmpty() ? java.util.Collections.<TrafficSelector>singletonList(null) : rs) {
						String p2name = name + "-" + child.getName() + (ls.size() * rs.size() > 1 ? "-" + (++n) : "");
						p2.append("    edit ").append(quoted(p2name)).append('\n');
						set(p2, "phase1name", quoted(name));
						set(p2, "comments", quoted(origin));
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
						set(p2, "proposal", String.join(" ", esp.stream().distinct().toList()));
						set(p2, "pfs", pfs.isEmpty() ? "disable" : "enable");
						if (!pfs.isEmpty()) {
							set(p2, "dhgrp", ids(pfs));
						}
						for (int i = 1; i <= 7; i++) {
							if (!espRounds.get(i - 1).isEmpty()) {
								set(p2, "addke" + i, ids(espRounds.get(i - 1)));
							}
						}
						if (child.getMode() == Mode.TRANSPORT) {
							set(p2, "encapsulation", "transport-mode");
						}
						String protocol = l != null && l.getProtocol() != null ? l.getProtocol() : r != null ? r.getProtocol() : null;
						if (protocol != null) {
							set(p2, "protocol", protocolNumber(protocol)); // one protocol per phase2 entry
						}
						selector(p2, "src", l);
						selector(p2, "dst", r);
						if (child.getRekeySeconds() > 0) {
							set(p2, "keylifeseconds", Integer.toString(child.getRekeySeconds()));
						}
						p2.append("    next\n");
					}
				}
			}
		}
		p1.append("end\n");
		p2.append("end\n");
		secrets.append("end\n");
		String conf = p1 + p2.toString();
		List<GeneratedFile> out = new ArrayList<>();
		if (anyPsk && options.withSecrets()) {
			out.add(new GeneratedFile(options.baseName() + ".fortios-secrets.conf", secrets.toString(), true));
		}
		out.add(0, new GeneratedFile(options.baseName() + ".fortios.conf", conf, false));
		return out;
	}

	private static void selector(StringBuilder b, String side, TrafficSelector ts) throws UnsupportedException {
		if (ts == null || "dynamic".equals(ts.getPrefix())) {
			return;
		}
		boolean v6 = ts.getPrefix().contains(":");
		if (v6) {
			set(b, side + "-addr-type", "ip6");
			set(b, side + "-subnet6", subnet(ts.getPrefix()));
		} else {
			set(b, side + "-subnet", subnet(ts.getPrefix()));
		}
		if (ts.getPorts() != null) {
			if (ts.getPorts().contains("-")) {
				throw new UnsupportedException("FortiOS phase2 selectors take one port, not the range " + ts.getPorts());
			}
			set(b, side + "-port", ts.getPorts());
		}
	}

	private static String protocolNumber(String protocol) {
		return org.ikewb.protocol.IpProtocol.number(protocol).map(String::valueOf).orElse(protocol);
	}

	private static void set(StringBuilder b, String key, String value) {
		b.append("        set ").append(key).append(' ').append(value).append('\n');
	}
}
