package org.ikewb.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/** Guice bindings of the IDE services (content assist, hover data) shared by the editor and a language server. */
public class PolicyLanguageIdeModule extends AbstractPolicyLanguageIdeModule {

	public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
		return PolicyLanguageContentProposalProvider.class;
	}
}
