package org.ikewb.crypto;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a relying party asks of a peer's certification path beyond RFC 5280's defaults: the inputs of
 * its path validation algorithm (§6.1.1: user-initial-policy-set, initial-explicit-policy,
 * initial-policy-mapping-inhibit, initial-any-policy-inhibit) and how strictly revocation is checked.
 * PKITS calls the first four the "settings" of a test; {@link #DEFAULT} is its section 3 default.
 *
 * @param policies          the certificate policy OIDs that are acceptable; empty means any policy
 * @param explicitPolicy    the path must be valid for at least one acceptable policy
 * @param mappingInhibited  policy mappings in CA certificates are not followed
 * @param anyPolicyInhibited anyPolicy in a CA certificate does not stand for every policy
 * @param revocation        what a missing CRL means
 */
public record PathRules(Set<String> policies, boolean explicitPolicy, boolean mappingInhibited, boolean anyPolicyInhibited,
		Revocation revocation) {

	/** What a missing certificate revocation list means. */
	public enum Revocation {
		/**
		 * A certificate whose issuer has a CRL among those given is checked against it (the CRL must
		 * verify with the issuer's key, be current and cover the certificate); a certificate whose
		 * issuer has none passes. strongSwan's default ({@code revocation = relaxed}) and Libreswan's
		 * ({@code crl-strict=no}) behave so.
		 */
		RELAXED,
		/**
		 * Every certificate in the path needs a current CRL of its issuer that does not list it;
		 * without one the path is refused (strongSwan's {@code revocation = strict}).
		 */
		STRICT
	}

	private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

	/** Any policy, nothing explicit, mappings followed, relaxed revocation. */
	public static final PathRules DEFAULT = new PathRules(Set.of(), false, false, false, Revocation.RELAXED);

	public PathRules {
		policies = Set.copyOf(policies);
		for (String p : policies) {
			if (!OID.matcher(p).matches()) {
				throw new IllegalArgumentException("not an object identifier: " + p);
			}
		}
		if (revocation == null) {
			throw new IllegalArgumentException("revocation");
		}
	}

	/** These rules with revocation checked as {@code r} says. */
	public PathRules withRevocation(Revocation r) {
		return new PathRules(policies, explicitPolicy, mappingInhibited, anyPolicyInhibited, r);
	}

	/** These rules, accepting only the given policies and requiring one of them. */
	public PathRules requiringPolicies(Set<String> oids) {
		return new PathRules(oids, !oids.isEmpty(), mappingInhibited, anyPolicyInhibited, revocation);
	}
}
