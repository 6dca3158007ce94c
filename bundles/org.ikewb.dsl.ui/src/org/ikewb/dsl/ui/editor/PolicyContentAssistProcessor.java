package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;
import org.ikewb.dsl.ui.PolicyLanguageUi;

import com.google.inject.Injector;

/** JFace content assist backed by Xtext's generic ide services (as used by Xtext's language server). */
public class PolicyContentAssistProcessor implements IContentAssistProcessor {

	private final PolicyEditor editor;
	private String errorMessage;

	public PolicyContentAssistProcessor(PolicyEditor editor) {
		this.editor = editor;
	}

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		errorMessage = null;
		try {
			String text = viewer.getDocument().get();
			Injector injector = PolicyLanguageUi.injector();
			XtextResource resource = PolicyLanguageUi.parse(text, editor.resourceUri());
			ContentAssistContextFactory factory = injector.getInstance(ContentAssistContextFactory.class);
			factory.setPool(PolicyLanguageUi.pool());
			ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
			IdeContentProposalProvider provider = injector.getInstance(IdeContentProposalProvider.class);
			IdeContentProposalAcceptor acceptor = injector.getInstance(IdeContentProposalAcceptor.class);
			provider.createProposals(Arrays.asList(contexts), acceptor);
			List<ICompletionProposal> result = new ArrayList<>();
			for (ContentAssistEntry e : acceptor.getEntries()) {
				String prefix = e.getPrefix() == null ? "" : e.getPrefix();
				String proposal = e.getProposal();
				String label = e.getLabel() != null ? e.getLabel() : proposal;
				if (e.getDescription() != null) {
					label = label + " - " + e.getDescription();
				}
				result.add(new CompletionProposal(proposal, offset - prefix.length(), prefix.length(), proposal.length(), null,
						label, null, e.getDocumentation()));
			}
			// templates: a policy, a peer, a hybrid proposal, where each may stand
			for (org.ikewb.dsl.ide.PolicyTemplates.Template t : org.ikewb.dsl.ide.PolicyTemplates.at(text, offset)) {
				result.add(new CompletionProposal(t.text(), offset - t.replaces(), t.replaces(), t.cursor(), null,
						t.word() + " - " + t.description() + " (template)", null, t.text()));
			}
			return result.toArray(new ICompletionProposal[0]);
		} catch (RuntimeException e) {
			// never the exception's text: say what is not available and what to do
			errorMessage = "No completion here: the text around the cursor could not be analysed (please report it with the file)";
			return new ICompletionProposal[0];
		}
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return null;
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return new char[] { '{' };
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return errorMessage;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
