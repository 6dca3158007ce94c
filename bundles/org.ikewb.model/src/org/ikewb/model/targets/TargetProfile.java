package org.ikewb.model.targets;

import java.util.Set;

import org.ikewb.model.policy.Target;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.TransformType;

/**
 * What one implementation can negotiate, so that a policy declaring {@code targets} is checked
 * against each before a config is generated for it. The tables hold the versions the generators
 * write for (strongSwan 6.1, Libreswan 5.4, FortiOS 7.6) as their documentation and
 * our field notes describe them; an algorithm missing here is reported, never silently dropped.
 *
 * @param displayName      as users name the product
 * @param keyExchanges     Transform Type 4 IDs usable in ADDKE rounds (and as KE unless {@code primaryKeyExchanges} says otherwise)
 * @param encryption       ENCR IDs (empty: the target's generated output does not carry ciphers, so they are not checked)
 * @param prfs             PRF IDs (empty: not checked, as above)
 * @param integrity        INTEG IDs (empty: not checked, as above)
 * @param maxRounds        highest ADDKE round supported
 * @param followupKe       RFC 9370 IKE_FOLLOWUP_KE (additional key exchanges when rekeying)
 * @param primaryKeyExchanges Transform Type 4 IDs usable as the primary KE
 */
public record TargetProfile(Target target, String displayName, Set<Integer> keyExchanges, Set<Integer> encryption,
		Set<Integer> prfs, Set<Integer> integrity, int maxRounds, boolean followupKe, Set<Integer> primaryKeyExchanges) {

	public TargetProfile(Target target, String displayName, Set<Integer> keyExchanges, Set<Integer> encryption,
			Set<Integer> prfs, Set<Integer> integrity, int maxRounds, boolean followupKe) {
		this(target, displayName, keyExchanges, encryption, prfs, integrity, maxRounds, followupKe, keyExchanges);
	}

	private static final Set<Integer> MODP = Set.of(14, 15, 16, 17, 18);
	private static final Set<Integer> ML_KEM = Set.of(35, 36, 37);

	private static Set<Integer> union(Set<Integer> a, Set<Integer> b, Integer... more) {
		java.util.Set<Integer> s = new java.util.TreeSet<>(a);
		s.addAll(b);
		s.addAll(java.util.List.of(more));
		return Set.copyOf(s);
	}

	/** strongSwan 6.1 with the openssl/botan or ml plugin: every method of the registry but MODP-768. */
	public static final TargetProfile STRONGSWAN = new TargetProfile(Target.STRONGSWAN, "strongSwan 6.1",
			union(union(MODP, ML_KEM), Set.of(0, 2, 5, 19, 20, 21, 28, 29, 30, 31, 32)),
			Set.of(3, 12, 13, 14, 15, 16, 18, 19, 20, 28), Set.of(2, 4, 5, 6, 7), Set.of(0, 2, 5, 12, 13, 14), 7, true);
	/** Libreswan 5.4: no Curve448, no brainpool, no IKE_FOLLOWUP_KE. */
	public static final TargetProfile LIBRESWAN = new TargetProfile(Target.LIBRESWAN, "Libreswan 5.4",
			union(union(MODP, ML_KEM), Set.of(0, 19, 20, 21, 31)), Set.of(3, 12, 13, 14, 15, 16, 18, 19, 20, 28),
			Set.of(2, 4, 5, 6, 7), Set.of(0, 2, 5, 12, 13, 14), 7, false);
	/**
	 * FortiOS 7.6.1, as Fortinet's own Ansible module for {@code vpn ipsec phase1-interface} and
	 * {@code phase2-interface} (fortinet.fortios 2.5.1) lists the values: {@code dhgrp} takes the
	 * Diffie-Hellman groups 1, 2, 5, 14-21, 27-32 and no ML-KEM; {@code addke1..7} take 0 (none) and
	 * ML-KEM 35-37 (from 7.6.1) but no Diffie-Hellman group (1080-1094, the other PQC KEMs, are not
	 * in our registry). Phase2 rounds imply IKE_FOLLOWUP_KE; AES-GCM with 16-octet ICV only.
	 * FortiOsSpecConsumerTest reads the module and compares, so the two cannot drift.
	 */
	public static final TargetProfile FORTIOS = new TargetProfile(Target.FORTIOS, "FortiOS 7.6.1", union(ML_KEM, Set.of(0)),
			Set.of(3, 12, 20, 28), Set.of(2, 5, 6, 7), Set.of(0, 2, 12, 13, 14), 7, true,
			Set.of(1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 27, 28, 29, 30, 31, 32));
	/** This workbench's own engine (org.ikewb.engine). */
	public static final TargetProfile IKEWB = new TargetProfile(Target.IKEWB, "IKEv2 Workbench engine",
			union(union(MODP, ML_KEM), Set.of(0, 1, 2, 5, 19, 20, 21, 28, 29, 30, 31, 32)),
			Set.of(12, 18, 19, 20, 28), Set.of(2, 4, 5, 6, 7), Set.of(0, 2, 5, 12, 13, 14), 7, true);

	private static final Set<Integer> CHECKPOINT_GROUPS = Set.of(1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 24);

	/**
	 * Check Point R82 {@code multiple-key-exchanges} object, as its management API documents it
	 * (check_point.mgmt Ansible collection, module cp_mgmt_multiple_key_exchanges): the primary
	 * key exchange takes Diffie-Hellman groups 1, 2, 5, 14-20, 24 only (no Curve25519/448, no
	 * ECP-521, no brainpool); rounds 1-7 also take kyber-512/768/1024 (ML-KEM, IDs 35-37) and none.
	 * Ciphers, PRFs and integrity belong to the VPN community, which the generator does not write,
	 * so they are not checked; additional key exchanges for Child SAs are not documented there.
	 */
	public static final TargetProfile CHECKPOINT = new TargetProfile(Target.CHECKPOINT, "Check Point R82",
			union(CHECKPOINT_GROUPS, ML_KEM, 0), Set.of(), Set.of(), Set.of(), 7, false, CHECKPOINT_GROUPS);

	/** The same capabilities under another name (a declared version). */
	private TargetProfile named(String name) {
		return new TargetProfile(target, name, keyExchanges, encryption, prfs, integrity, maxRounds, followupKe,
				primaryKeyExchanges);
	}

	/** The same capabilities without RFC 9370: no additional key exchange, no IKE_FOLLOWUP_KE. */
	private TargetProfile withoutAdditionalKeyExchanges(String name) {
		return new TargetProfile(target, name, keyExchanges, encryption, prfs, integrity, 0, false, primaryKeyExchanges);
	}

	/**
	 * The profile of a declared version ({@code targets fortios 7.6.0}); null gives the newest.
	 * Versions are compared as numbers. Where a version lacks what a newer one has, the profile says
	 * less, never more: FortiOS before 7.6.0 has no addke, 7.6.0 takes no ML-KEM there (only the
	 * 1080-1082 KEMs our registry has no number for), Libreswan before 5.4 is treated as 5.2 (no
	 * RFC 9370). Other targets keep their profile under the declared version's name.
	 *
	 * @throws IllegalArgumentException when the version is not numbers separated by dots
	 */
	public static TargetProfile of(Target target, String version) {
		if (version == null || version.isBlank()) {
			return of(target);
		}
		int v = versionNumber(version);
		return switch (target) {
		case FORTIOS -> v < versionNumber("7.6.0") ? FORTIOS.withoutAdditionalKeyExchanges("FortiOS " + version)
				: v < versionNumber("7.6.1")
						? new TargetProfile(Target.FORTIOS, "FortiOS " + version, Set.of(0), FORTIOS.encryption(),
								FORTIOS.prfs(), FORTIOS.integrity(), 7, true, FORTIOS.primaryKeyExchanges())
						: FORTIOS.named("FortiOS " + version);
		case LIBRESWAN -> v < versionNumber("5.4") ? LIBRESWAN.withoutAdditionalKeyExchanges("Libreswan " + version)
				: LIBRESWAN.named("Libreswan " + version);
		case STRONGSWAN -> STRONGSWAN.named("strongSwan " + version);
		case CHECKPOINT -> CHECKPOINT.named("Check Point " + version);
		case IKEWB -> IKEWB.named("IKEv2 Workbench engine " + version);
		};
	}

	/** 7.6.1 → 70601 (up to three parts of at most two digits each, as vendors number releases). */
	static int versionNumber(String version) {
		String[] parts = version.strip().split("\\.");
		if (parts.length < 2 || parts.length > 3) {
			throw new IllegalArgumentException("a version is two or three numbers separated by dots, like 7.6.1, not '"
					+ version + "'");
		}
		int n = 0;
		for (int i = 0; i < 3; i++) {
			int part = 0;
			if (i < parts.length) {
				try {
					part = Integer.parseInt(parts[i]);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException("a version is numbers separated by dots, like 7.6.1, not '" + version + "'");
				}
				if (part < 0 || part > 99) {
					throw new IllegalArgumentException("version part " + parts[i] + " of '" + version + "' is out of range");
				}
			}
			n = n * 100 + part;
		}
		return n;
	}

	public static TargetProfile of(Target target) {
		return switch (target) {
		case STRONGSWAN -> STRONGSWAN;
		case LIBRESWAN -> LIBRESWAN;
		case FORTIOS -> FORTIOS;
		case CHECKPOINT -> CHECKPOINT;
		case IKEWB -> IKEWB;
		};
	}

	/** Whether this profile says anything about transforms of this type (false where its set is left empty). */
	public boolean checks(TransformType type) {
		return switch (type.value()) {
		case 1 -> !encryption.isEmpty();
		case 2 -> !prfs.isEmpty();
		case 3 -> !integrity.isEmpty();
		default -> true;
		};
	}

	/** Whether this implementation can negotiate the transform. */
	public boolean supports(Payload.Transform t) {
		TransformType type = t.transformType();
		if (type.isAdditionalKeyExchange() && type.round() > maxRounds) {
			return false;
		}
		return switch (type.value()) {
		case 1 -> encryption.isEmpty() || encryption.contains(t.id());
		case 2 -> prfs.isEmpty() || prfs.contains(t.id());
		case 3 -> integrity.isEmpty() || integrity.contains(t.id());
		case 4 -> primaryKeyExchanges.contains(t.id());
		default -> !type.carriesKeyExchange() || keyExchanges.contains(t.id());
		};
	}
}
