package org.ikewb.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;
import org.eclipse.xtext.validation.IDiagnosticConverter;
import org.ikewb.dsl.conversion.PolicyLanguageValueConverters;
import org.ikewb.dsl.lexer.PolicyLexer;
import org.ikewb.dsl.validation.ModelDiagnosticConverter;

/** Guice bindings of the policy language's runtime (also used outside Equinox). */
public class PolicyLanguageRuntimeModule extends AbstractPolicyLanguageRuntimeModule {

	/** The model's EMF rules surface with their stable issue codes, not "source.code". */
	public Class<? extends IDiagnosticConverter> bindIDiagnosticConverter() {
		return ModelDiagnosticConverter.class;
	}

	/** Syntax errors survive Xtext's end-of-text line computation (see PolicyResourceValidator). */
	public Class<? extends org.eclipse.xtext.validation.IResourceValidator> bindIResourceValidator() {
		return org.ikewb.dsl.validation.PolicyResourceValidator.class;
	}

	/** Syntax errors in the language's words ("expected a name after 'ike proposal'"). */
	public Class<? extends org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
		return org.ikewb.dsl.validation.PolicySyntaxErrorMessages.class;
	}

	public Class<? extends org.eclipse.xtext.formatting2.IFormatter2> bindIFormatter2() {
		return org.ikewb.dsl.formatting.PolicyLanguageFormatter.class;
	}

	public void configureFormatterPreferences(com.google.inject.Binder binder) {
		binder.bind(org.eclipse.xtext.preferences.IPreferenceValuesProvider.class)
				.annotatedWith(org.eclipse.xtext.formatting2.FormatterPreferences.class)
				.to(org.eclipse.xtext.formatting2.FormatterPreferenceValuesProvider.class);
	}

	/** The lexer reads folded characters (see {@link PolicyLexer}); every use of a lexer gets this one. */
	@Override
	public Class<? extends org.eclipse.xtext.parser.antlr.Lexer> bindLexer() {
		return PolicyLexer.class;
	}

	@Override
	public com.google.inject.Provider<? extends org.ikewb.dsl.parser.antlr.internal.InternalPolicyLanguageLexer> provideInternalPolicyLanguageLexer() {
		return org.eclipse.xtext.parser.antlr.LexerProvider.create(PolicyLexer.class);
	}

	@Override
	public void configureRuntimeLexer(com.google.inject.Binder binder) {
		binder.bind(org.eclipse.xtext.parser.antlr.Lexer.class)
				.annotatedWith(com.google.inject.name.Names.named(org.eclipse.xtext.parser.antlr.LexerBindings.RUNTIME))
				.to(PolicyLexer.class);
	}

	@Override
	public Class<? extends IValueConverterService> bindIValueConverterService() {
		return PolicyLanguageValueConverters.class;
	}

	/**
	 * Other files are seen through their {@code import "…"} only (not every file of a container),
	 * so a policy means the same in the editor, on the command line and in CI.
	 */
	@Override
	public Class<? extends IGlobalScopeProvider> bindIGlobalScopeProvider() {
		return ImportUriGlobalScopeProvider.class;
	}
}
