package org.ikewb.dsl;

import org.ikewb.model.policy.PolicyPackage;

import com.google.inject.Injector;

/** Initialises the policy language without the Equinox extension registry (command line, tests). */
public class PolicyLanguageStandaloneSetup extends PolicyLanguageStandaloneSetupGenerated {

	public static void doSetup() {
		new PolicyLanguageStandaloneSetup().createInjectorAndDoEMFRegistration();
	}

	@Override
	public Injector createInjectorAndDoEMFRegistration() {
		// The grammar imports http://ikewb.org/policy/1.0, which Xtext does not register itself.
		// Touching PolicyPackage registers it and the model's generated EValidator; this must happen
		// before the injector exists, because the language's validator wraps the registered one.
		PolicyPackage.eINSTANCE.eClass();
		return super.createInjectorAndDoEMFRegistration();
	}
}
