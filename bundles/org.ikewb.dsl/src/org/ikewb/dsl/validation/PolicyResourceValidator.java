package org.ikewb.dsl.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.validation.Printable;

/**
 * Every finding of a policy file, as the editor and the command line show them:
 * <ul>
 * <li>no finding about an element a syntax error broke ("proposal 'null' lacks …" after a typo in
 * its header): the syntax error is the finding there;</li>
 * <li>characters from the file that would act on a terminal (ESC, bidirectional overrides) are
 * escaped in every message;</li>
 * <li>every syntax error is kept (see {@link #issueFromXtextResourceDiagnostic}).</li>
 * </ul>
 */
public class PolicyResourceValidator extends ResourceValidatorImpl {

	@Override
	public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator indicator) {
		List<Issue> issues = super.validate(resource, mode, indicator);
		Set<EObject> broken = broken(resource);
		List<Issue> out = new ArrayList<>(issues.size());
		for (Issue issue : issues) {
			if (!issue.isSyntaxError() && !broken.isEmpty() && issue.getUriToProblem() != null
					&& broken.contains(resource.getEObject(issue.getUriToProblem().fragment()))) {
				continue;
			}
			String message = issue.getMessage();
			String printable = Printable.of(message);
			if (message != null && !message.equals(printable) && issue instanceof Issue.IssueImpl impl) {
				impl.setMessage(printable);
			}
			out.add(issue);
		}
		return out;
	}

	/**
	 * The elements a syntax error sits in, and the elements around them up to (not including) the
	 * file: a broken transform line breaks its proposal, whose other findings would only repeat it.
	 */
	private static Set<EObject> broken(Resource resource) {
		Set<EObject> broken = new HashSet<>();
		if (!(resource instanceof XtextResource x) || x.getParseResult() == null || !x.getParseResult().hasSyntaxErrors()) {
			return broken;
		}
		for (INode error : x.getParseResult().getSyntaxErrors()) {
			EObject o = NodeModelUtils.findActualSemanticObjectFor(error);
			while (o != null && !(o instanceof PolicyFile)) {
				broken.add(o);
				o = o.eContainer();
			}
		}
		return broken;
	}

	/**
	 * Xtext 2.42 computes the end line of a syntax error by reading one character past the end of the
	 * text when the text ends in a lone carriage return, throws, logs and drops the error — so
	 * {@code policy p {\r} validated clean (found by fuzzing). Here such an error is still reported,
	 * at the line and column where it starts.
	 */
	@Override
	protected void issueFromXtextResourceDiagnostic(Resource.Diagnostic diagnostic, Severity severity,
			IAcceptor<Issue> acceptor) {
		try {
			super.issueFromXtextResourceDiagnostic(diagnostic, severity, acceptor);
		} catch (RuntimeException e) {
			Issue.IssueImpl issue = new Issue.IssueImpl();
			issue.setSeverity(severity);
			issue.setMessage(diagnostic.getMessage());
			if (diagnostic instanceof AbstractDiagnostic d) {
				issue.setCode(d.getCode());
				issue.setData(d.getData());
				issue.setOffset(d.getOffset());
				issue.setLength(d.getLength());
				// the start of the node is safe to locate; only its end reads past the text
				issue.setLineNumber(diagnostic.getLine());
				issue.setLineNumberEnd(diagnostic.getLine());
				issue.setColumn(diagnostic.getColumn());
				issue.setColumnEnd(diagnostic.getColumn() + Math.max(0, d.getLength()));
			} else {
				issue.setLineNumber(diagnostic.getLine());
				issue.setColumn(diagnostic.getColumn());
			}
			issue.setType(org.eclipse.xtext.validation.CheckType.FAST);
			issue.setSyntaxError(true);
			acceptor.accept(issue);
		}
	}
}
