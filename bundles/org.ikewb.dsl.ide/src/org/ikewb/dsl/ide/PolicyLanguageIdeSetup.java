package org.ikewb.dsl.ide;

import org.eclipse.xtext.util.Modules2;
import org.ikewb.dsl.PolicyLanguageRuntimeModule;
import org.ikewb.dsl.PolicyLanguageStandaloneSetup;

import com.google.inject.Guice;
import com.google.inject.Injector;

/** Runtime plus IDE services, for the editor and a language server. */
public class PolicyLanguageIdeSetup extends PolicyLanguageStandaloneSetup {

	@Override
	public Injector createInjector() {
		return Guice.createInjector(Modules2.mixin(new PolicyLanguageRuntimeModule(), new PolicyLanguageIdeModule()));
	}
}
