package org.ikewb.dsl.ui.editor;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/** Editor annotation for one Xtext issue; uses the platform's error/warning/info annotation types. */
public class PolicyIssueAnnotation extends Annotation {

	public static final String ERROR = "org.eclipse.ui.workbench.texteditor.error";
	public static final String WARNING = "org.eclipse.ui.workbench.texteditor.warning";
	public static final String INFO = "org.eclipse.ui.workbench.texteditor.info";

	private final Issue issue;

	public PolicyIssueAnnotation(Issue issue) {
		super(typeOf(issue.getSeverity()), false, issue.getMessage());
		this.issue = issue;
	}

	public Issue getIssue() {
		return issue;
	}

	static String typeOf(Severity severity) {
		return switch (severity) {
			case ERROR -> ERROR;
			case WARNING -> WARNING;
			default -> INFO;
		};
	}
}
