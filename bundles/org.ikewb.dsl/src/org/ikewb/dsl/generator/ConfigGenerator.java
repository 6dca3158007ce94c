package org.ikewb.dsl.generator;

import org.ikewb.model.secrets.SecretResolver;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.Target;
import org.ikewb.model.policy.TransformKind;
import org.ikewb.model.policy.TransformLine;
import org.ikewb.model.validation.Transforms;
import org.ikewb.protocol.Payload;

/**
 * Turns a validated policy file into the configuration of one implementation. Output is
 * deterministic (same model, same bytes): no timestamps, peers and proposals in written order.
 * A generator refuses, with a message naming the element, what its target cannot express rather
 * than writing something that means less than the policy.
 */
public abstract class ConfigGenerator {

	/** A policy element the target's syntax cannot express. */
	public static final class UnsupportedException extends Exception {
		private static final long serialVersionUID = 1L;

		public UnsupportedException(String message) {
			super(message);
		}
	}

	/**
	 * @param baseName     file name stem of the outputs (the policy file's name without .ikewb)
	 * @param withSecrets  read the secrets and write them to a separate owner-only file
	 * @param secrets      where secrets are read from when {@code withSecrets}
	 */
	public record Options(String baseName, boolean withSecrets, SecretResolver secrets) {
	}

	public abstract Target target();

	/**
	 * Writes the target's files. The policy is first checked against the target's capabilities
	 * (the same rule as {@code targets} in a policy), whether or not the policy declares it.
	 */
	public final List<GeneratedFile> generate(PolicyFile file, Options options)
			throws UnsupportedException, SecretResolver.SecretUnavailableException {
		List<String> problems = new ArrayList<>();
		for (Policy policy : file.getPolicies()) {
			Policy copy = org.eclipse.emf.ecore.util.EcoreUtil.copy(policy); // references to other files stay as they are
			// checked for this target only, at the version the policy declares for it (else the newest)
			String version = policy.getTargetDeclarations().stream().filter(d -> d.getTarget() == target())
					.map(org.ikewb.model.policy.TargetDeclaration::getVersion).filter(java.util.Objects::nonNull)
					.findFirst().orElse(null);
			copy.getTargetDeclarations().clear();
			org.ikewb.model.policy.TargetDeclaration only = org.ikewb.model.policy.PolicyFactory.eINSTANCE
					.createTargetDeclaration();
			only.setTarget(target());
			only.setVersion(version);
			copy.getTargetDeclarations().add(only);
			org.eclipse.emf.common.util.BasicDiagnostic chain = new org.eclipse.emf.common.util.BasicDiagnostic();
			org.ikewb.model.validation.PolicyConstraints.fitsTargets(copy, chain, null);
			chain.getChildren().forEach(d -> problems.add(d.getMessage()));
		}
		if (!problems.isEmpty()) {
			throw new UnsupportedException(String.join("\n", problems));
		}
		return write(file, options);
	}

	protected abstract List<GeneratedFile> write(PolicyFile file, Options options)
			throws UnsupportedException, SecretResolver.SecretUnavailableException;

	public static ConfigGenerator of(Target target) {
		return switch (target) {
		case STRONGSWAN -> new StrongSwanGenerator();
		case LIBRESWAN -> new LibreswanGenerator();
		case FORTIOS -> new FortiOsGenerator();
		case CHECKPOINT -> new CheckPointGenerator();
		case IKEWB -> throw new IllegalArgumentException("the engine takes policies directly: ikewb run POLICY");
		};
	}

	/**
	 * The files of one kind (CRLs, intermediates) the certificate peers of {@code file} name, by file
	 * name (where a device expects them, the directory is its own), each once, in written order.
	 */
	protected static List<String> certificateFiles(PolicyFile file,
			java.util.function.Function<org.ikewb.model.policy.CertificateAuthentication, List<String>> kind) {
		return peers(file).stream().map(Peer::getAuthentication)
				.filter(a -> a instanceof org.ikewb.model.policy.CertificateAuthentication)
				.flatMap(a -> kind.apply((org.ikewb.model.policy.CertificateAuthentication) a).stream())
				.map(f -> java.nio.file.Path.of(f).getFileName().toString()).distinct().toList();
	}

	/** The peers of every policy in the file, in written order. */
	protected static List<Peer> peers(PolicyFile file) {
		List<Peer> peers = new ArrayList<>();
		for (Policy p : file.getPolicies()) {
			peers.addAll(p.getPeers());
		}
		return peers;
	}

	/** Connection name: the peer's name, qualified by its policy when two policies use the same name. */
	protected static String connectionName(Peer peer, PolicyFile file) {
		long same = peers(file).stream().filter(p -> p.getName() != null && p.getName().equals(peer.getName())).count();
		return same > 1 ? ((Policy) peer.eContainer()).getName() + "-" + peer.getName() : peer.getName();
	}

	/** The resolved alternatives of one kind of line (ADDKE: of the given round), in order. */
	protected static List<Payload.Transform> transforms(Proposal proposal, TransformKind kind, int round) {
		for (TransformLine line : proposal.getTransforms()) {
			if (line.getKind() == kind && (kind != TransformKind.ADDKE || line.getRound() == round)) {
				return Transforms.resolved(line);
			}
		}
		return List.of();
	}

	protected static String header(String comment, PolicyFile file, Options options) {
		return comment + " generated by IKEv2 Workbench from " + options.baseName() + ".ikewb; edit the policy, not this file\n";
	}
}
