package org.ikewb.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/** Guice bindings of the IDE services (content assist, hover data) shared by the editor and a language server. */
public class PolicyLanguageIdeModule extends AbstractPolicyLanguageIdeModule {

	@Override
	public void configureContentAssistLexer(com.google.inject.Binder binder) {
		binder.bind(org.eclipse.xtext.ide.editor.contentassist.antlr.internal.Lexer.class)
				.annotatedWith(com.google.inject.name.Names.named(org.eclipse.xtext.ide.LexerIdeBindings.CONTENT_ASSIST))
				.to(ContentAssistLexer.class);
	}

	public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
		return PolicyLanguageContentProposalProvider.class;
	}
}
