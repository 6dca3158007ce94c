package org.ikewb.dsl;

import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
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
		registerGrammarLoading();
		warmUp();
		Injector injector = createInjector();
		register(injector);
		return injector;
	}

	/**
	 * What loading the language's grammar needs from EMF: the resource factories of the grammar's
	 * binary form and the packages it names — Ecore, initialised here, and the Xtext metamodel and
	 * the policy model (http://ikewb.org/policy/1.0, which Xtext does not register itself),
	 * registered as descriptors that initialise their package when it is first looked up. The
	 * generated setup gets these from {@code TerminalsStandaloneSetup.doSetup()}, which also builds
	 * a whole Guice injector for the Terminals language — a language no file here is written in (it
	 * only serves Xtext's own tooling for .xtext files) — and which cost the command line a fifth of
	 * its start-up.
	 * <p>
	 * The model's generated EValidator must be registered before the language's validator wraps it:
	 * it is, because that validator's packages are the initialised PolicyPackage.
	 */
	private static void registerGrammarLoading() {
		var factories = Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap();
		factories.putIfAbsent("ecore", new EcoreResourceFactoryImpl());
		factories.putIfAbsent("xmi", new XMIResourceFactoryImpl());
		factories.putIfAbsent("xtextbin", new BinaryGrammarResourceFactoryImpl());
		EcorePackage.eINSTANCE.eClass(); // what every other package is made of; registers itself
		EPackage.Registry packages = EPackage.Registry.INSTANCE;
		packages.putIfAbsent(XtextPackage.eNS_URI, new Lazy(() -> XtextPackage.eINSTANCE));
		packages.putIfAbsent(PolicyPackage.eNS_URI, new Lazy(() -> PolicyPackage.eINSTANCE));
	}

	/**
	 * A generated package, initialised when first looked up. It has no factory to give before
	 * that: the package's factory asks the registry for one while the package is being made (and
	 * makes its own when there is none), and asking the package then would start its making again.
	 */
	private record Lazy(java.util.function.Supplier<EPackage> ePackage) implements EPackage.Descriptor {
		@Override
		public EPackage getEPackage() {
			return ePackage.get();
		}

		@Override
		public org.eclipse.emf.ecore.EFactory getEFactory() {
			return null;
		}
	}

	/**
	 * Initialises, on another thread while this one builds the Guice injector, what the first
	 * parse needs and takes long to initialise: the EMF packages (Xtext's and the model's:
	 * some 2,000 objects made in code) and the parser's tables — about a tenth of a second
	 * of every {@code ikewb validate} on a second core. Class initialisation is the JVM's own
	 * once-only, locked step, so whichever thread comes first does it and the other waits for it;
	 * EMF's registries (plain maps) only get values replaced, their keys being in place already
	 * ({@link #registerGrammarLoading()}).
	 */
	private static void warmUp() {
		ClassLoader loader = PolicyLanguageStandaloneSetup.class.getClassLoader();
		Thread.ofPlatform().daemon().name("policy-language-warm-up").start(() -> {
			try {
				PolicyPackage.eINSTANCE.eClass();
				XtextPackage.eINSTANCE.eClass();
				Class.forName("org.ikewb.dsl.parser.antlr.internal.InternalPolicyLanguageParser", true, loader);
				Class.forName("org.ikewb.dsl.lexer.PolicyLexer", true, loader);
			} catch (Throwable e) {
				// the thread that needs the class initialises it and says what failed
			}
		});
	}
}
