package org.ikewb.dsl.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Payload;

/**
 * Check Point R82: the key exchanges of each IKE proposal as a {@code multiple-key-exchanges}
 * object, written as tasks for Check Point's Ansible collection (check_point.mgmt, module
 * {@code cp_mgmt_multiple_key_exchanges}, which drives the management API's
 * {@code add-multiple-key-exchanges}): {@code key_exchange_methods} (Diffie-Hellman groups only) and
 * {@code additional_key_exchange_1_methods} … {@code _7_methods} (groups, {@code kyber-512/768/1024}
 * — Check Point's names for ML-KEM — and {@code none}). The object is what Check Point adds for RFC
 * 9370; the VPN community that uses it (encryption, PRF, integrity, peers, pre-shared key) is set up
 * on the management server as before and is not written here, which the file's header says.
 */
public final class CheckPointGenerator extends ConfigGenerator {

	@Override
	public Target target() {
		return Target.CHECKPOINT;
	}

	/** Check Point's name of a key exchange method in this object. */
	static String method(Payload.Transform t) throws UnsupportedException {
		return switch (t.id()) {
		case 0 -> "none";
		case 1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 24 -> "group-" + t.id();
		case 35 -> "kyber-512";
		case 36 -> "kyber-768";
		case 37 -> "kyber-1024";
		default -> throw new UnsupportedException(
				"Check Point R82 has no name for " + KeyExchangeMethod.of(t.id()).ianaName() + " in multiple-key-exchanges");
		};
	}

	@Override
	protected List<GeneratedFile> write(PolicyFile file, Options options) throws UnsupportedException {
		// IKE proposals in the order peers use them, each once, with the peers that use it
		Map<Proposal, List<String>> users = new LinkedHashMap<>();
		for (Peer peer : peers(file)) {
			for (Proposal p : peer.getIkeProposals()) {
				users.computeIfAbsent(p, k -> new ArrayList<>())
						.add(peer.getName() + " (policy " + ((Policy) peer.eContainer()).getName() + ")");
			}
		}
		StringBuilder out = new StringBuilder(header("#", file, options));
		out.append("""
				# Check Point R82: one multiple-key-exchanges object per IKE proposal that has additional key
				# exchanges, as Ansible tasks for the check_point.mgmt collection (cp_mgmt_multiple_key_exchanges,
				# collection 6.0.0 or later; publish the session afterwards). Check Point names ML-KEM kyber-512,
				# kyber-768 and kyber-1024 here. Select each object in the IKE (phase 1) settings of the VPN
				# community of these peers: encryption, PRF, integrity, gateways, identities and the pre-shared
				# key are community and gateway settings and are not written here.
				""");
		int objects = 0;
		for (Map.Entry<Proposal, List<String>> e : users.entrySet()) {
			Proposal p = e.getKey();
			List<List<Payload.Transform>> rounds = new ArrayList<>();
			for (int round = 1; round <= 7; round++) {
				rounds.add(transforms(p, TransformKind.ADDKE, round));
			}
			if (rounds.stream().allMatch(List::isEmpty)) {
				out.append("# proposal ").append(p.getName()).append(": no additional key exchanges, nothing to add\n");
				continue;
			}
			objects++;
			out.append("# used by ").append(String.join(", ", e.getValue())).append('\n');
			out.append("- name: add-multiple-key-exchanges ").append(p.getName()).append('\n');
			out.append("  check_point.mgmt.cp_mgmt_multiple_key_exchanges:\n");
			out.append("    name: ").append(p.getName()).append('\n');
			list(out, "key_exchange_methods", transforms(p, TransformKind.KE, 0));
			for (int round = 1; round <= 7; round++) {
				if (!rounds.get(round - 1).isEmpty()) {
					list(out, "additional_key_exchange_" + round + "_methods", rounds.get(round - 1));
				}
			}
			out.append("    state: present\n");
		}
		if (objects == 0) {
			out.append("[]\n"); // an empty task list: still a valid tasks file
		}
		return List.of(new GeneratedFile(options.baseName() + ".checkpoint.yml", out.toString(), false));
	}

	private static void list(StringBuilder out, String key, List<Payload.Transform> methods) throws UnsupportedException {
		out.append("    ").append(key).append(":\n");
		for (Payload.Transform t : methods) {
			out.append("      - ").append(method(t)).append('\n');
		}
	}
}
