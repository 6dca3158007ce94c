package org.ikewb.dsl.ui.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IStartup;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/**
 * Every policy file of the workspace is checked, opened or not: at start-up all of them, then each
 * saved, added or removed {@code .ikewb} file and the files that import it. Files are loaded from
 * disk exactly as {@code ikewb validate} loads them ({@link PolicyFiles}), so the Problems view
 * lists what the command line prints. An open editor refreshes its file's markers as the user types.
 */
public final class PolicyWorkspaceValidation implements IStartup, IResourceChangeListener {

	private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+\"([^\"\\n]*)\"", Pattern.MULTILINE);
	private static volatile PolicyWorkspaceValidation running;

	/** Files open in a policy editor, with how to make the editor check its text again. */
	private static final java.util.Map<IFile, Runnable> EDITORS = new java.util.concurrent.ConcurrentHashMap<>();

	private final Set<IFile> pending = new LinkedHashSet<>();
	private final Job job = new WorkspaceJob("Validate policy files") {
		@Override
		public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
			List<IFile> files;
			synchronized (pending) {
				files = new ArrayList<>(pending);
				pending.clear();
			}
			for (IFile f : files) {
				if (monitor.isCanceled()) {
					return Status.CANCEL_STATUS;
				}
				validate(f);
			}
			return Status.OK_STATUS;
		}
	};

	@Override
	public void earlyStartup() {
		start();
	}

	/** Starts watching the workspace (once) and checks every policy file in it. */
	public static synchronized PolicyWorkspaceValidation start() {
		if (running == null) {
			running = new PolicyWorkspaceValidation();
			running.job.setSystem(true);
			running.job.setRule(ResourcesPlugin.getWorkspace().getRoot());
			ResourcesPlugin.getWorkspace().addResourceChangeListener(running, IResourceChangeEvent.POST_CHANGE);
			running.enqueue(allPolicyFiles());
		}
		return running;
	}

	/** Waits until every queued file has been checked (tests). */
	public static void join() throws InterruptedException {
		PolicyWorkspaceValidation v = running;
		if (v != null) {
			v.job.join();
		}
	}

	@Override
	public void resourceChanged(IResourceChangeEvent event) {
		if (event.getDelta() == null) {
			return;
		}
		Set<IFile> changed = new LinkedHashSet<>();
		try {
			event.getDelta().accept(delta -> {
				if (delta.getResource() instanceof IFile f && "ikewb".equals(f.getFileExtension())) {
					boolean content = delta.getKind() != IResourceDelta.CHANGED || (delta.getFlags() & IResourceDelta.CONTENT) != 0;
					if (content) {
						changed.add(f);
					}
				}
				return true;
			});
		} catch (CoreException e) {
			return;
		}
		if (changed.isEmpty()) {
			return;
		}
		Set<IFile> todo = new LinkedHashSet<>();
		for (IFile f : changed) {
			if (f.exists()) {
				todo.add(f);
			}
		}
		todo.addAll(importersOf(changed)); // a removed or changed library changes what its importers mean
		enqueue(todo);
	}

	/** An editor shows {@code file}: its markers follow the editor's text, which may not be saved yet. */
	public static void editorOpened(IFile file, Runnable revalidate) {
		EDITORS.put(file, revalidate);
	}

	/** The editor is gone (perhaps with its changes discarded): the file on disk is checked again. */
	public static void editorClosed(IFile file) {
		EDITORS.remove(file);
		PolicyWorkspaceValidation v = running;
		if (v != null) {
			v.enqueue(List.of(file));
		}
	}

	private void enqueue(Iterable<IFile> files) {
		synchronized (pending) {
			files.forEach(pending::add);
		}
		job.schedule(100);
	}

	private static void validate(IFile file) throws CoreException {
		if (!file.exists() || file.getLocation() == null || file.isDerived()) {
			return;
		}
		Runnable editor = EDITORS.get(file);
		if (editor != null) {
			editor.run(); // an import changed under an open editor: it checks its own text again
			return;
		}
		List<Issue> issues;
		try {
			issues = new PolicyFiles(PolicyLanguageUi.injector()).load(file.getLocation().toPath()).issues();
		} catch (IOException | RuntimeException e) {
			return; // unreadable now (being written, too large): the next change checks it again
		}
		PolicyMarkers.write(file, issues);
	}

	static List<IFile> allPolicyFiles() {
		List<IFile> out = new ArrayList<>();
		try {
			ResourcesPlugin.getWorkspace().getRoot().accept(r -> {
				if (r instanceof IFile f && "ikewb".equals(f.getFileExtension()) && !f.isDerived()) {
					out.add(f);
				}
				return r.getType() != IResource.FILE && !r.isDerived();
			});
		} catch (CoreException e) {
			// a project closed meanwhile: what is left is checked
		}
		return out;
	}

	/** The policy files whose imports name one of {@code files} (read from disk, not parsed). */
	static Set<IFile> importersOf(Set<IFile> files) {
		Set<Path> targets = new LinkedHashSet<>();
		for (IFile f : files) {
			if (f.getLocation() != null) {
				targets.add(f.getLocation().toPath().toAbsolutePath().normalize());
			}
		}
		Set<IFile> out = new LinkedHashSet<>();
		for (IFile candidate : allPolicyFiles()) {
			if (candidate.getLocation() == null || files.contains(candidate)) {
				continue;
			}
			Path path = candidate.getLocation().toPath();
			try {
				if (Files.size(path) > PolicyFiles.MAX_FILE_SIZE) {
					continue;
				}
				Matcher m = IMPORT.matcher(Files.readString(path, StandardCharsets.UTF_8));
				while (m.find()) {
					try {
						if (targets.contains(path.getParent().resolve(m.group(1)).toAbsolutePath().normalize())) {
							out.add(candidate);
							break;
						}
					} catch (java.nio.file.InvalidPathException e) {
						// not a path: its own finding says so
					}
				}
			} catch (IOException | RuntimeException e) {
				// unreadable: skipped
			}
		}
		return out;
	}
}
