package org.ikewb.dsl.scoping;

/** Scoping of the policy language; proposal references across files arrive with peers. */
public class PolicyLanguageScopeProvider extends AbstractPolicyLanguageScopeProvider {
}
