package org.ikewb.dsl.generator;

import org.ikewb.model.secrets.SecretResolver;

import java.util.ArrayList;
import java.util.List;

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
import org.ikewb.model.policy.PskAuthentication;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.TransformNames;

/**
 * strongSwan 6 {@code swanctl.conf}: one connection per peer, one child per Child SA, proposals in
 * strongSwan's own notation with {@code keN_} rounds. Secrets go to a separate
 * {@code NAME.secrets.conf} that the main file includes; it is written only with --with-secrets.
 */
public final class StrongSwanGenerator extends ConfigGenerator {

	@Override
	public Target target() {
		return Target.STRONGSWAN;
	}

	/** {@code aes256gcm16-prfsha384-x25519-ecp384-ke1_mlkem768-ke1_mlkem1024-ke2_mlkem1024-ke2_none}. */
	public static String proposal(Proposal p) {
		List<String> parts = new ArrayList<>();
		for (TransformKind kind : new TransformKind[] { TransformKind.ENCRYPTION, TransformKind.PRF, TransformKind.INTEGRITY,
				TransformKind.KE }) {
			for (Payload.Transform t : transforms(p, kind, 0)) {
				parts.add(TransformNames.keyword(t));
			}
		}
		for (int round = 1; round <= 7; round++) {
			for (Payload.Transform t : transforms(p, TransformKind.ADDKE, round)) {
				parts.add("ke" + round + "_" + TransformNames.keyword(t));
			}
		}
		return String.join("-", parts);
	}

	static String identity(Identity id) {
		return switch (id.getType()) {
		case KEYID -> "@#" + id.getValue();
		case DN -> "\"" + id.getValue() + "\"";
		default -> id.getValue();
		};
	}

	static String selector(TrafficSelector ts) {
		String prefix = ts.getPrefix();
		if (ts.getProtocol() == null && ts.getPorts() == null) {
			return prefix;
		}
		// Protocol numbers, not names: charon resolves names through /etc/protocols, which minimal
		// systems (containers, appliances) lack — "tcp" then fails to load, 6 never does.
		return prefix + "[" + (ts.getProtocol() == null ? "%any" : protocolNumber(ts.getProtocol()))
				+ (ts.getPorts() == null ? "" : "/" + ts.getPorts()) + "]";
	}

	static String protocolNumber(String protocol) {
		return org.ikewb.protocol.IpProtocol.number(protocol).map(String::valueOf).orElse(protocol);
	}

	@Override
	protected List<GeneratedFile> write(PolicyFile file, Options options)
			throws UnsupportedException, SecretResolver.SecretUnavailableException {
		StringBuilder conf = new StringBuilder(header("#", file, options));
		StringBuilder secrets = new StringBuilder(header("#", file, options));
		String secretsName = options.baseName() + ".secrets.conf";
		conf.append("connections {\n");
		secrets.append("secrets {\n");
		int psks = 0;
		for (Peer peer : peers(file)) {
			String name = connectionName(peer, file);
			conf.append("    ").append(name).append(" {\n");
			line(conf, 2, "version", "2");
			Endpoint local = peer.getLocal();
			Endpoint remote = peer.getRemote();
			if (local != null && local.getAddress() != null && !"any".equals(local.getAddress())) {
				line(conf, 2, "local_addrs", local.getAddress());
			}
			if (remote != null && remote.getAddress() != null) {
				line(conf, 2, "remote_addrs", "any".equals(remote.getAddress()) ? "%any" : remote.getAddress());
			}
			if (local != null && local.getPort() > 0) {
				line(conf, 2, "local_port", Integer.toString(local.getPort()));
			}
			if (remote != null && remote.getPort() > 0) {
				line(conf, 2, "remote_port", Integer.toString(remote.getPort()));
			}
			List<String> proposals = peer.getIkeProposals().stream().map(StrongSwanGenerator::proposal).toList();
			line(conf, 2, "proposals", String.join(", ", proposals));
			line(conf, 2, "fragmentation", peer.isFragmentation() ? "yes" : "no");
			if (peer.getRekeySeconds() > 0) {
				line(conf, 2, "rekey_time", peer.getRekeySeconds() + "s");
			}
			if (!peer.getPpks().isEmpty()) {
				// RFC 8784: the PPK this side offers (and, as responder, expects); the values are in the secrets file
				line(conf, 2, "ppk_id", quote(peer.getPpks().get(0).getId()));
				line(conf, 2, "ppk_required", peer.isPpkRequired() ? "yes" : "no");
			}
			if (peer.isChildless() && peer.getRole() != PeerRole.RESPONDER) {
				// RFC 6023: force starts IKE SAs without a Child SA; prefer does so when the responder can, and
				// as responder still accepts a Child SA in IKE_AUTH (a responder accepts childless by default)
				line(conf, 2, "childless", peer.getRole() == PeerRole.INITIATOR ? "force" : "prefer");
			}
			Authentication auth = peer.getAuthentication();
			String method = auth instanceof CertificateAuthentication ? "pubkey" : "psk";
			conf.append("        local {\n");
			line(conf, 3, "auth", method);
			if (local != null && local.getIdentity() != null) {
				line(conf, 3, "id", identity(local.getIdentity()));
			}
			if (auth instanceof CertificateAuthentication cert) {
				// swanctl looks certificates up in its x509/ directory: copy the file there.
				line(conf, 3, "certs", java.nio.file.Path.of(cert.getCertificate()).getFileName().toString());
			}
			conf.append("        }\n        remote {\n");
			line(conf, 3, "auth", method);
			if (remote != null && remote.getIdentity() != null) {
				line(conf, 3, "id", identity(remote.getIdentity()));
			}
			if (auth instanceof CertificateAuthentication cert && cert.getTrustAnchor() != null) {
				line(conf, 3, "cacerts", java.nio.file.Path.of(cert.getTrustAnchor()).getFileName().toString());
			}
			if (auth instanceof CertificateAuthentication cert && cert.isStrictRevocation()) {
				// strict: a certificate without a current CRL of its issuer fails (charon's default is relaxed)
				line(conf, 3, "revocation", "strict");
			}
			conf.append("        }\n        children {\n");
			for (ChildSa child : peer.getChildren()) {
				conf.append("            ").append(child.getName()).append(" {\n");
				if (!child.getLocalSelectors().isEmpty()) {
					line(conf, 4, "local_ts", String.join(", ", child.getLocalSelectors().stream().map(StrongSwanGenerator::selector).toList()));
				}
				if (!child.getRemoteSelectors().isEmpty()) {
					line(conf, 4, "remote_ts", String.join(", ", child.getRemoteSelectors().stream().map(StrongSwanGenerator::selector).toList()));
				}
				line(conf, 4, "esp_proposals", String.join(", ", child.getEspProposals().stream().map(StrongSwanGenerator::proposal).toList()));
				line(conf, 4, "mode", child.getMode() == Mode.TRANSPORT ? "transport" : "tunnel");
				if (child.getRekeySeconds() > 0) {
					line(conf, 4, "rekey_time", child.getRekeySeconds() + "s");
				}
				if (peer.getRole() == PeerRole.INITIATOR) {
					line(conf, 4, "start_action", "start");
				}
				conf.append("            }\n");
			}
			conf.append("        }\n    }\n");
			if (auth instanceof PskAuthentication psk) {
				psks++;
				secrets.append("    ike-").append(name).append(" {\n");
				if (local != null && local.getIdentity() != null) {
					line(secrets, 2, "id-local", identity(local.getIdentity()));
				}
				if (remote != null && remote.getIdentity() != null && !remote.getIdentity().getValue().contains("*")) {
					line(secrets, 2, "id-remote", identity(remote.getIdentity()));
				}
				String secret = options.withSecrets() ? options.secrets().read(psk.getSecret()) : null;
				line(secrets, 2, "secret", secret == null ? "" : quote(secret));
				secrets.append("    }\n");
			}
			for (int i = 0; i < peer.getPpks().size(); i++) {
				psks++;
				org.ikewb.model.policy.PostQuantumKey ppk = peer.getPpks().get(i);
				secrets.append("    ppk-").append(name).append(peer.getPpks().size() > 1 ? "-" + (i + 1) : "").append(" {\n");
				line(secrets, 2, "id", quote(ppk.getId()));
				String secret = options.withSecrets() ? options.secrets().read(ppk.getSecret()) : null;
				// swanctl reads 0x followed by hex digits as octets, a quoted string as its characters
				line(secrets, 2, "secret", secret == null ? "" : secret.startsWith("0x") ? secret : quote(secret));
				secrets.append("    }\n");
			}
		}
		conf.append("}\n");
		secrets.append("}\n");
		// swanctl has no setting that names a CRL file: --load-creds loads every CRL in x509crl/
		List<String> crls = certificateFiles(file, CertificateAuthentication::getCrls);
		if (!crls.isEmpty()) {
			conf.append("# certificate revocation lists: copy ").append(String.join(", ", crls))
					.append(" into /etc/swanctl/x509crl/ (swanctl --load-creds loads them)\n");
		}
		List<String> intermediates = certificateFiles(file, CertificateAuthentication::getIntermediates);
		if (!intermediates.isEmpty()) {
			conf.append("# intermediate CA certificates: copy ").append(String.join(", ", intermediates))
					.append(" into /etc/swanctl/x509ca/ (charon builds paths through them)\n");
		}
		List<GeneratedFile> out = new ArrayList<>();
		if (psks > 0) {
			// The secrets live in their own file (owner-only), never in the config a reviewer diffs.
			conf.append("# pre-shared keys").append(peers(file).stream().anyMatch(p -> !p.getPpks().isEmpty()) ? " and PPKs" : "")
					.append(": ").append(secretsName)
					.append(options.withSecrets() ? "" : " (write it with: ikewb generate --with-secrets)").append('\n');
			conf.append("include ").append(secretsName).append('\n');
			if (options.withSecrets()) {
				out.add(new GeneratedFile(secretsName, secrets.toString(), true));
			}
		}
		out.add(0, new GeneratedFile(options.baseName() + ".swanctl.conf", conf.toString(), false));
		return out;
	}

	/** swanctl's quoting: double quotes, with backslash escapes for quote and backslash. */
	static String quote(String secret) {
		return "\"" + secret.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static void line(StringBuilder b, int depth, String key, String value) {
		b.append("    ".repeat(depth)).append(key).append(" = ").append(value).append('\n');
	}
}
