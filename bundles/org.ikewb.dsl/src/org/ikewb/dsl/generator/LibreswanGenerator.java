package org.ikewb.dsl.generator;

import org.ikewb.model.secrets.SecretResolver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.Payload;

/**
 * Libreswan 5.4 {@code ipsec.conf}: one conn per Child SA (they share the IKE SA), proposals as
 * {@code ENCR-PRF-KE;addke1=…;addke2=…} with {@code +} between alternatives of one type. Libreswan
 * derives IKE integrity from the PRF, so a policy whose integrity differs from its PRF is refused.
 * Secrets go to {@code NAME.secrets} (ipsec.secrets syntax), written only with --with-secrets.
 */
public final class LibreswanGenerator extends ConfigGenerator {

	@Override
	public Target target() {
		return Target.LIBRESWAN;
	}

	static String encryption(Payload.Transform t) throws UnsupportedException {
		int bits = t.keyLength();
		return switch (t.id()) {
		case 3 -> "3des";
		case 12 -> "aes" + bits;
		case 13 -> "aes_ctr" + bits;
		case 14 -> "aes_ccm_a" + bits;
		case 15 -> "aes_ccm_b" + bits;
		case 16 -> "aes_ccm_c" + bits;
		case 18 -> "aes_gcm_a" + bits;
		case 19 -> "aes_gcm_b" + bits;
		case 20 -> "aes_gcm" + bits;
		case 28 -> "chacha20_poly1305";
		default -> throw new UnsupportedException("Libreswan has no name for " + EncryptionAlgorithm.of(t.id()).ianaName());
		};
	}

	static String hash(int prfOrIntegId, boolean prf) throws UnsupportedException {
		return switch ((prf ? "p" : "i") + prfOrIntegId) {
		case "p2", "i2" -> "sha1";
		case "p4", "i5" -> "aes_xcbc";
		case "p5", "i12" -> "sha2_256";
		case "p6", "i13" -> "sha2_384";
		case "p7", "i14" -> "sha2_512";
		default -> throw new UnsupportedException("Libreswan has no name for " + (prf ? "PRF " : "integrity ") + prfOrIntegId);
		};
	}

	static String keyExchange(Payload.Transform t) throws UnsupportedException {
		int id = t.id();
		return switch (id) {
		case 0 -> "none";
		case 14, 15, 16, 17, 18 -> org.ikewb.protocol.KeyExchangeMethod.of(id).keyword();
		case 19, 20, 21, 31 -> "dh" + id;
		case 35 -> "ml_kem_512";
		case 36 -> "ml_kem_768";
		case 37 -> "ml_kem_1024";
		default -> throw new UnsupportedException("Libreswan 5.4 cannot negotiate key exchange method "
				+ org.ikewb.protocol.KeyExchangeMethod.of(id).keyword());
		};
	}

	private static String join(List<Payload.Transform> ts, Fn f) throws UnsupportedException {
		List<String> out = new ArrayList<>();
		for (Payload.Transform t : ts) {
			out.add(f.apply(t));
		}
		return String.join("+", out);
	}

	private interface Fn {
		String apply(Payload.Transform t) throws UnsupportedException;
	}

	/** {@code aes_gcm256-sha2_384-dh31+dh20;addke1=ml_kem_768+ml_kem_1024;addke2=ml_kem_1024+none}. */
	public static String proposal(Proposal p) throws UnsupportedException {
		boolean ike = p.getProtocol() == ProposalProtocol.IKE;
		List<Payload.Transform> encr = transforms(p, TransformKind.ENCRYPTION, 0);
		boolean aead = !encr.isEmpty() && EncryptionAlgorithm.of(encr.get(0).id()).aead();
		List<String> fields = new ArrayList<>();
		fields.add(join(encr, LibreswanGenerator::encryption));
		if (ike) {
			Set<String> prfs = new LinkedHashSet<>();
			for (Payload.Transform t : transforms(p, TransformKind.PRF, 0)) {
				prfs.add(hash(t.id(), true));
			}
			if (!aead) {
				Set<String> integ = new LinkedHashSet<>();
				for (Payload.Transform t : transforms(p, TransformKind.INTEGRITY, 0)) {
					integ.add(hash(t.id(), false));
				}
				if (!integ.equals(prfs)) {
					throw new UnsupportedException("proposal '" + p.getName() + "': Libreswan derives IKE integrity from the PRF,"
							+ " so integrity (" + String.join(", ", integ) + ") must name the same hashes as prf (" + String.join(", ", prfs) + ")");
				}
			}
			fields.add(String.join("+", prfs));
		} else if (aead) {
			fields.add("null");
		} else {
			fields.add(join(transforms(p, TransformKind.INTEGRITY, 0), t -> hash(t.id(), false)));
		}
		List<Payload.Transform> ke = transforms(p, TransformKind.KE, 0);
		if (!ke.isEmpty()) {
			fields.add(join(ke, LibreswanGenerator::keyExchange));
		}
		StringBuilder b = new StringBuilder(String.join("-", fields));
		for (int round = 1; round <= 7; round++) {
			List<Payload.Transform> add = transforms(p, TransformKind.ADDKE, round);
			if (!add.isEmpty()) {
				b.append(";addke").append(round).append('=').append(join(add, LibreswanGenerator::keyExchange));
			}
		}
		return b.toString();
	}

	static String identity(Identity id) {
		return switch (id.getType()) {
		case FQDN -> "@" + id.getValue();
		case KEYID -> "@#" + id.getValue();
		case DN -> "\"" + id.getValue() + "\"";
		default -> id.getValue();
		};
	}

	private static String subnets(List<TrafficSelector> ts) {
		List<String> prefixes = ts.stream().map(TrafficSelector::getPrefix).toList();
		return prefixes.size() == 1 ? prefixes.get(0) : "{" + String.join(" ", prefixes) + "}";
	}

	@Override
	protected List<GeneratedFile> write(PolicyFile file, Options options)
			throws UnsupportedException, SecretResolver.SecretUnavailableException {
		StringBuilder conf = new StringBuilder(header("#", file, options));
		StringBuilder secrets = new StringBuilder(header("#", file, options));
		String secretsName = options.baseName() + ".secrets";
		boolean anyPsk = false;
		for (Peer peer : peers(file)) {
			String name = connectionName(peer, file);
			Endpoint local = peer.getLocal();
			Endpoint remote = peer.getRemote();
			Authentication auth = peer.getAuthentication();
			List<String> ike = new ArrayList<>();
			for (Proposal p : peer.getIkeProposals()) {
				ike.add(proposal(p));
			}
			List<ChildSa> children = peer.getChildren().isEmpty() ? java.util.Collections.singletonList(null) : peer.getChildren();
			for (ChildSa child : children) {
				// PEER-CHILD; a Child SA named like its peer keeps the peer's name (an imported single conn)
				conf.append("\nconn ").append(child == null || child.getName().equals(peer.getName()) ? name
						: name + "-" + child.getName()).append('\n');
				line(conf, "keyexchange", "ikev2");
				line(conf, "left", local != null && local.getAddress() != null && !"any".equals(local.getAddress()) ? local.getAddress() : "%defaultroute");
				if (local != null && local.getIdentity() != null) {
					line(conf, "leftid", identity(local.getIdentity()));
				}
				line(conf, "right", remote == null || remote.getAddress() == null || "any".equals(remote.getAddress()) ? "%any" : remote.getAddress());
				if (remote != null && remote.getIdentity() != null) {
					line(conf, "rightid", identity(remote.getIdentity()));
				}
				if (local != null && local.getPort() > 0) {
					line(conf, "leftikeport", Integer.toString(local.getPort()));
				}
				if (remote != null && remote.getPort() > 0) {
					line(conf, "rightikeport", Integer.toString(remote.getPort()));
				}
				if (auth instanceof CertificateAuthentication cert) {
					line(conf, "authby", "rsasig,ecdsa");
					line(conf, "leftcert", java.nio.file.Path.of(cert.getCertificate()).getFileName().toString().replaceFirst("\\.[^.]*$", ""));
				} else {
					line(conf, "authby", "secret");
				}
				line(conf, "ike", String.join(",", ike));
				boolean addke = peer.getIkeProposals().stream().anyMatch(p -> !transforms(p, TransformKind.ADDKE, 1).isEmpty());
				if (addke) {
					line(conf, "intermediate", "yes"); // implied by addkeN=, written for the reader
				}
				line(conf, "fragmentation", peer.isFragmentation() ? "yes" : "no");
				if (peer.getRekeySeconds() > 0) {
					line(conf, "ikelifetime", peer.getRekeySeconds() + "s");
				}
				if (!peer.getPpks().isEmpty()) {
					// RFC 8784: insist = no IKE SA without a PPK; propose = use one when the peer can
					line(conf, "ppk", peer.isPpkRequired() ? "insist" : "propose");
					line(conf, "ppk-ids", "\"" + String.join(",", peer.getPpks().stream().map(k -> k.getId()).toList()) + "\"");
				}
				if (child != null) {
					List<String> esp = new ArrayList<>();
					boolean pfs = false;
					for (Proposal p : child.getEspProposals()) {
						esp.add(proposal(p));
						pfs |= !transforms(p, TransformKind.KE, 0).isEmpty();
					}
					line(conf, "esp", String.join(",", esp));
					line(conf, "pfs", pfs ? "yes" : "no");
					line(conf, "type", child.getMode() == Mode.TRANSPORT ? "transport" : "tunnel");
					if (!child.getLocalSelectors().isEmpty() && !"dynamic".equals(child.getLocalSelectors().get(0).getPrefix())) {
						line(conf, child.getLocalSelectors().size() > 1 ? "leftsubnets" : "leftsubnet", subnets(child.getLocalSelectors()));
					}
					if (!child.getRemoteSelectors().isEmpty() && !"dynamic".equals(child.getRemoteSelectors().get(0).getPrefix())) {
						line(conf, child.getRemoteSelectors().size() > 1 ? "rightsubnets" : "rightsubnet", subnets(child.getRemoteSelectors()));
					}
					TrafficSelector l = child.getLocalSelectors().isEmpty() ? null : child.getLocalSelectors().get(0);
					TrafficSelector r = child.getRemoteSelectors().isEmpty() ? null : child.getRemoteSelectors().get(0);
					if (l != null && l.getProtocol() != null) {
						line(conf, "leftprotoport", l.getProtocol() + (l.getPorts() == null ? "" : "/" + l.getPorts().replace('-', ':')));
					}
					if (r != null && r.getProtocol() != null) {
						line(conf, "rightprotoport", r.getProtocol() + (r.getPorts() == null ? "" : "/" + r.getPorts().replace('-', ':')));
					}
					if (child.getRekeySeconds() > 0) {
						line(conf, "salifetime", child.getRekeySeconds() + "s");
					}
				}
				line(conf, "auto", peer.getRole() == PeerRole.INITIATOR ? "start" : "add");
			}
			if (auth instanceof PskAuthentication psk) {
				anyPsk = true;
				String ids = (local != null && local.getIdentity() != null ? identity(local.getIdentity()) : "%any") + " "
						+ (remote != null && remote.getIdentity() != null && !remote.getIdentity().getValue().contains("*")
								? identity(remote.getIdentity()) : "%any");
				String secret = options.withSecrets() ? options.secrets().read(psk.getSecret()) : "";
				secrets.append(ids).append(" : PSK \"").append(secret.replace("\"", "\\\"")).append("\"\n");
			}
			for (org.ikewb.model.policy.PostQuantumKey ppk : peer.getPpks()) {
				anyPsk = true;
				String ids = (local != null && local.getIdentity() != null ? identity(local.getIdentity()) : "%any") + " "
						+ (remote != null && remote.getIdentity() != null && !remote.getIdentity().getValue().contains("*")
								? identity(remote.getIdentity()) : "%any");
				String secret = options.withSecrets() ? options.secrets().read(ppk.getSecret()) : "";
				// ipsec.secrets: 0x and hex digits are octets, a quoted string its characters
				secrets.append(ids).append(" : PPKS \"").append(ppk.getId()).append("\" ")
						.append(secret.startsWith("0x") ? secret : "\"" + secret.replace("\"", "\\\"") + "\"").append('\n');
			}
		}
		List<GeneratedFile> out = new ArrayList<>();
		// pluto reads CRLs from its NSS database and crl-strict is global (config setup), not per conn
		List<String> crls = certificateFiles(file, CertificateAuthentication::getCrls);
		if (!crls.isEmpty()) {
			conf.append("\n# certificate revocation lists: import each into pluto's NSS database:");
			crls.forEach(c -> conf.append("\n#   crlutil -I -i ").append(c).append(" -d sql:/var/lib/ipsec/nss"));
			conf.append('\n');
		}
		List<String> intermediates = certificateFiles(file, CertificateAuthentication::getIntermediates);
		if (!intermediates.isEmpty()) {
			conf.append("\n# intermediate CA certificates: import each into pluto's NSS database (not trusted themselves):");
			intermediates.forEach(c -> conf.append("\n#   certutil -A -n ").append(c.replaceFirst("\\.[^.]*$", ""))
					.append(" -t ,, -i ").append(c).append(" -d sql:/var/lib/ipsec/nss"));
			conf.append('\n');
		}
		if (peers(file).stream().anyMatch(p -> p.getAuthentication() instanceof CertificateAuthentication c
				&& c.isStrictRevocation())) {
			conf.append("\n# revocation strict: set crl-strict=yes in the config setup section of /etc/ipsec.conf\n");
		}
		if (anyPsk) {
			conf.append("\n# pre-shared keys").append(peers(file).stream().anyMatch(p -> !p.getPpks().isEmpty()) ? " and PPKs" : "")
					.append(": ").append(secretsName).append(" (ipsec.secrets syntax; include it from /etc/ipsec.secrets")
					.append(options.withSecrets() ? ")" : "; write it with: ikewb generate --with-secrets)").append('\n');
			if (options.withSecrets()) {
				out.add(new GeneratedFile(secretsName, secrets.toString(), true));
			}
		}
		out.add(0, new GeneratedFile(options.baseName() + ".ipsec.conf", conf.toString(), false));
		return out;
	}

	private static void line(StringBuilder b, String key, String value) {
		b.append("    ").append(key).append('=').append(value).append('\n');
	}
}
