package org.ikewb.dsl;

import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.xtext.XtextPackage;
import org.eclipse.xtext.resource.impl.BinaryGrammarResourceFactoryImpl;
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
		registerGrammarLoading();
		Injector injector = createInjector();
		register(injector);
		return injector;
	}

	/**
	 * What loading the language's grammar needs from EMF: the Xtext metamodel and the resource
	 * factories of the grammar's binary form. The generated setup gets these from
	 * {@code TerminalsStandaloneSetup.doSetup()}, which also builds a whole Guice injector for the
	 * Terminals language — a language no file here is written in (it only serves Xtext's own
	 * tooling for .xtext files) — and which cost the command line a fifth of its start-up.
	 */
	private static void registerGrammarLoading() {
		var factories = Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap();
		factories.putIfAbsent("ecore", new EcoreResourceFactoryImpl());
		factories.putIfAbsent("xmi", new XMIResourceFactoryImpl());
		factories.putIfAbsent("xtextbin", new BinaryGrammarResourceFactoryImpl());
		EPackage.Registry.INSTANCE.putIfAbsent(XtextPackage.eNS_URI, XtextPackage.eINSTANCE);
	}
}
