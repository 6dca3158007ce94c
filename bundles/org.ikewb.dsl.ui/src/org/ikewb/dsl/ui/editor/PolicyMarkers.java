package org.ikewb.dsl.ui.editor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.xtext.validation.Issue;

/**
 * Problem markers (type {@value #TYPE}, a problemmarker + textmarker subtype declared in plugin.xml) for the
 * issues of the last reconcile. Written in a WorkspaceJob, never from the reconciler thread directly. One job
 * instance per editor: a Job never runs concurrently with itself, and re-scheduling coalesces bursts of typing.
 */
public final class PolicyMarkers extends WorkspaceJob {

	public static final String TYPE = "org.ikewb.dsl.ui.problem";
	public static final String ISSUE_CODE = "issueCode";
	/** The finding's message without the code the Problems view shows after it (quick fixes read it). */
	public static final String ISSUE_MESSAGE = "issueMessage";

	private volatile IFile file;
	private volatile List<Issue> issues;

	public PolicyMarkers() {
		super("Update policy problem markers");
		setSystem(true);
	}

	public void update(IFile file, List<Issue> issues) {
		this.file = file;
		this.issues = List.copyOf(issues);
		schedule();
	}

	@Override
	public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
		IFile f = file;
		List<Issue> list = issues;
		if (f != null && list != null) {
			write(f, list);
		}
		return Status.OK_STATUS;
	}

	/**
	 * Replaces the file's policy markers with {@code issues} (call inside a workspace operation). The
	 * message ends with the finding's code, which the Problems view has no column for; no location
	 * text is set, so that the view sorts by line number ("line 7" before "line 61"). A marker whose
	 * finding is still there is kept as it is: the editor and the workspace check both write markers,
	 * and a marker replaced by an identical one would leave a Quick Fix chosen in the Problems view
	 * (or a selection there) pointing at nothing.
	 */
	public static void write(IFile f, List<Issue> issues) throws CoreException {
		if (!f.exists()) {
			return;
		}
		List<Map<String, Object>> wanted = attributes(f, issues);
		for (IMarker m : f.findMarkers(TYPE, false, IResource.DEPTH_ZERO)) {
			Map<String, Object> has;
			try {
				has = m.getAttributes();
			} catch (CoreException e) {
				continue; // gone already
			}
			if (!wanted.remove(has)) {
				m.delete();
			}
		}
		for (Map<String, Object> attrs : wanted) {
			f.createMarker(TYPE, attrs);
		}
	}

	private static List<Map<String, Object>> attributes(IFile f, List<Issue> issues) throws CoreException {
		List<Map<String, Object>> out = new java.util.ArrayList<>();
		String text = null; // read only if a finding comes without its line (the Problems view sorts by it)
		for (Issue issue : issues) {
			Map<String, Object> attrs = new HashMap<>();
			attrs.put(IMarker.SEVERITY, switch (issue.getSeverity()) {
				case ERROR -> IMarker.SEVERITY_ERROR;
				case WARNING -> IMarker.SEVERITY_WARNING;
				default -> IMarker.SEVERITY_INFO;
			});
			String code = org.ikewb.dsl.PolicyFiles.code(issue);
			attrs.put(IMarker.MESSAGE, issue.getMessage() + (code == null ? "" : " [" + code + "]"));
			if (issue.getLineNumber() != null) {
				attrs.put(IMarker.LINE_NUMBER, issue.getLineNumber());
			} else if (issue.getOffset() != null) {
				if (text == null) {
					try (java.io.InputStream in = f.getContents(true)) {
						text = new String(in.readAllBytes(), f.getCharset());
					} catch (java.io.IOException e) {
						text = "";
					}
				}
				int end = Math.min(issue.getOffset(), text.length());
				attrs.put(IMarker.LINE_NUMBER, (int) text.substring(0, end).chars().filter(c -> c == '\n').count() + 1);
			}
			if (issue.getOffset() != null && issue.getLength() != null) {
				attrs.put(IMarker.CHAR_START, issue.getOffset());
				attrs.put(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
			}
			if (issue.getCode() != null) {
				attrs.put(ISSUE_CODE, issue.getCode());
			}
			attrs.put(ISSUE_MESSAGE, issue.getMessage());
			attrs.put(IMarker.SOURCE_ID, "IKEv2 Policy");
			out.add(attrs);
		}
		return out;
	}
}
