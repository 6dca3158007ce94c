package org.ikewb.dsl.validation;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Keeps every syntax error. Xtext 2.42 computes the end line of a syntax error by reading one
 * character past the end of the text when the text ends in a lone carriage return, throws, logs
 * and drops the error — so {@code policy p {\r} validated clean (found by fuzzing). Here such an
 * error is still reported, at the line and column where it starts.
 */
public class PolicyResourceValidator extends ResourceValidatorImpl {

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
