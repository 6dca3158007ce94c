package org.ikewb.dsl.ui.editor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/**
 * File › New › IKEv2 Policy: a new .ikewb file that is valid from the first keystroke — a hybrid
 * (x25519 + ML-KEM-768) IKE proposal, an ESP proposal, and one peer to fill in — opened in the
 * policy editor.
 */
public class PolicyNewWizard extends BasicNewResourceWizard {

	/** What a new policy starts with; named after the file. */
	public static String starter(String name) {
		String policy = name.replaceAll("[^A-Za-z0-9_-]", "_");
		if (policy.isEmpty() || !Character.isLetter(policy.charAt(0)) && policy.charAt(0) != '_') {
			policy = "p_" + policy;
		}
		if (KEYWORDS.contains(policy)) {
			policy = "my_" + policy; // "policy.ikewb" must not start "policy policy {"
		}
		return "// " + name + ": one peer with hybrid post-quantum key exchange (RFC 9370). Ctrl+Space completes,\n"
				+ "// hover explains an algorithm, Ctrl+1 fixes what the checker reports.\n"
				+ org.ikewb.dsl.ide.PolicyTemplates.policy(policy);
	}

	/** Words of the language that cannot stand as a policy's name. */
	private static final java.util.Set<String> KEYWORDS = java.util.Set.copyOf(org.eclipse.xtext.GrammarUtil.getAllKeywords(
			org.ikewb.dsl.ui.PolicyLanguageUi.injector().getInstance(org.eclipse.xtext.IGrammarAccess.class).getGrammar()));

	private WizardNewFileCreationPage page;

	@Override
	public void addPages() {
		page = new WizardNewFileCreationPage("policy", getSelection()) {
			@Override
			protected InputStream getInitialContents() {
				String file = getFileName() == null ? "policy" : getFileName().replaceFirst("\\.ikewb$", "");
				return new ByteArrayInputStream(starter(file).getBytes(StandardCharsets.UTF_8));
			}
		};
		page.setTitle("IKEv2 Policy");
		page.setDescription("A new policy file with a hybrid post-quantum proposal and one peer to fill in");
		page.setFileExtension("ikewb");
		page.setFileName("policy.ikewb");
		addPage(page);
		setWindowTitle("New IKEv2 Policy");
	}

	@Override
	public boolean performFinish() {
		IFile file = page.createNewFile();
		if (file == null) {
			return false;
		}
		selectAndReveal(file);
		try {
			IDE.openEditor(getWorkbench().getActiveWorkbenchWindow().getActivePage(), file, PolicyEditor.ID, true);
		} catch (PartInitException e) {
			page.setErrorMessage("Created " + file.getFullPath() + " but cannot open it: " + e.getStatus().getMessage());
		}
		return true;
	}
}
