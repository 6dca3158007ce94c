package org.ikewb.dsl.validation;

/**
 * Language-level checks. The policy rules themselves live in the EMF model's validator
 * (org.ikewb.model), which Xtext runs through its composite validator; only checks that need the
 * concrete syntax belong here.
 */
public class PolicyLanguageValidator extends AbstractPolicyLanguageValidator {
}
