package org.ikewb.dsl.validation;

import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EObjectValidator;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.DiagnosticConverterImpl;
import org.ikewb.model.validation.ProposalConstraints;

/**
 * Turns the EMF model's diagnostics into the language's issues. EMF diagnostics carry (source, int
 * code); Xtext would report them as "source.code", while the model's rules have stable string
 * codes, the same ones the command line prints. The model's rules put {@code [object, feature,
 * index]} in the diagnostic's data so that an issue points at the one list element at fault.
 */
public class ModelDiagnosticConverter extends DiagnosticConverterImpl {

	/**
	 * EMF's generated validator also checks that every proxy resolves; in the language the linker
	 * has already reported each unresolved name where it is written, so the second report is dropped.
	 */
	@Override
	public void convertValidatorDiagnostic(Diagnostic diagnostic, IAcceptor<Issue> acceptor) {
		if (EObjectValidator.DIAGNOSTIC_SOURCE.equals(diagnostic.getSource())
				&& diagnostic.getCode() == EObjectValidator.EOBJECT__EVERY_PROXY_RESOLVES) {
			return;
		}
		super.convertValidatorDiagnostic(diagnostic, acceptor);
	}

	@Override
	protected String getIssueCode(Diagnostic diagnostic) {
		String code = ProposalConstraints.issueCode(diagnostic);
		return code != null ? code : super.getIssueCode(diagnostic);
	}

	@Override
	protected IssueLocation getLocationData(Diagnostic diagnostic) {
		List<?> data = diagnostic.getData();
		if (data.size() > 2 && data.get(0) instanceof EObject object
				&& data.get(1) instanceof EStructuralFeature feature && data.get(2) instanceof Integer index) {
			return getLocationData(object, feature, index);
		}
		return super.getLocationData(diagnostic);
	}
}
