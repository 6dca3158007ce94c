package org.ikewb.dsl.ui.editor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.ltk.core.refactoring.Change;
import org.eclipse.ltk.core.refactoring.CompositeChange;
import org.eclipse.ltk.core.refactoring.PerformChangeOperation;
import org.eclipse.ltk.core.refactoring.RefactoringCore;
import org.eclipse.ltk.core.refactoring.TextFileChange;
import org.eclipse.text.edits.MultiTextEdit;
import org.eclipse.text.edits.ReplaceEdit;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ide.PolicyOccurrences;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.model.policy.Proposal;

/**
 * Rename a proposal, peer, Child SA or policy everywhere it is used: its definition and every
 * reference in this file and in the files that import it (the only files that can see it). The
 * files are read as saved — unsaved editors are saved first by the caller — and the change is one
 * undoable operation (Edit › Undo, or the refactoring history). A new name that would clash with
 * another, break the text or leave a reference unresolved is refused before anything is written.
 */
public final class PolicyRename {

	/** Why a rename cannot be done, in words for the person who asked for it. */
	public static final class Refused extends Exception {
		private static final long serialVersionUID = 1L;

		Refused(String message) {
			super(message);
		}
	}

	/** What a rename will change: the edits per file and how many places. */
	public record Plan(String oldName, String newName, Map<IFile, TreeMap<Integer, Integer>> spans) {
		public int places() {
			return spans.values().stream().mapToInt(Map::size).sum();
		}
	}

	private PolicyRename() {
	}

	/** Plans renaming what is at {@code offset} in the editor to {@code newName}. */
	public static Plan plan(PolicyEditor editor, int offset, String newName) throws Refused {
		PolicyNavigation.Declaration d = PolicyNavigation.declarationAt(editor, offset)
				.orElseThrow(() -> new Refused("Place the cursor on the name of a proposal, peer, Child SA or policy"));
		if (!newName.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
			throw new Refused("'" + org.ikewb.model.validation.Printable.of(newName)
					+ "' is not a name: start with a letter or '_', then letters, digits, '_' or '-' (device configs carry it)");
		}
		String oldName = textOf(d);
		if (oldName.equals(newName)) {
			throw new Refused("The name is already '" + newName + "'");
		}
		IFile home = d.file();
		Set<IFile> files = new LinkedHashSet<>();
		files.add(home);
		if (d.element() instanceof Proposal) {
			files.addAll(PolicyWorkspaceValidation.importersOf(Set.of(home)));
		}
		PolicyFiles loader = new PolicyFiles(PolicyLanguageUi.injector());
		PolicyFiles.Loaded homeLoaded = load(loader, home);
		// the definition as the loader sees it (file: URIs): its offset is the one in the editor's text
		EObject definition = elementAt(homeLoaded, d.offset());
		if (definition == null) {
			throw new Refused("Save the file first: the definition of '" + oldName + "' is not where the saved file has it");
		}
		URI target = EcoreUtil.getURI(definition);
		Map<IFile, TreeMap<Integer, Integer>> spans = new LinkedHashMap<>();
		Map<IFile, Now> now = new LinkedHashMap<>(); // what the check renames and compares with
		for (IFile f : files) {
			PolicyFiles.Loaded loaded = f.equals(home) ? homeLoaded : load(loader, f);
			now.put(f, new Now(loaded.resource().getParseResult().getRootNode().getText(), errors(loaded.issues())));
			TreeMap<Integer, Integer> at = new TreeMap<>();
			for (PolicyOccurrences.Occurrence o : PolicyOccurrences.in(loaded.resource(), v -> EcoreUtil.getURI(v).equals(target))) {
				at.put(o.offset(), o.length());
			}
			if (!at.isEmpty()) {
				spans.put(f, at);
			}
		}
		Plan plan = new Plan(oldName, newName, spans);
		check(plan, now);
		return plan;
	}

	/** Applies the plan as one undoable change; returns the files changed. */
	public static List<IFile> perform(Plan plan) throws CoreException {
		CompositeChange all = new CompositeChange("Rename '" + plan.oldName() + "' to '" + plan.newName() + "'");
		for (Map.Entry<IFile, TreeMap<Integer, Integer>> e : plan.spans().entrySet()) {
			TextFileChange change = new TextFileChange(e.getKey().getName(), e.getKey());
			MultiTextEdit edit = new MultiTextEdit();
			e.getValue().forEach((offset, length) -> edit.addChild(new ReplaceEdit(offset, length, plan.newName())));
			change.setEdit(edit);
			change.setSaveMode(TextFileChange.KEEP_SAVE_STATE);
			all.add(change);
		}
		all.initializeValidationData(new NullProgressMonitor()); // the files' stamps: a concurrent change is detected
		PerformChangeOperation op = new PerformChangeOperation(all);
		op.setUndoManager(RefactoringCore.getUndoManager(), all.getName());
		org.eclipse.core.resources.ResourcesPlugin.getWorkspace().run(op, new NullProgressMonitor());
		if (op.getValidationStatus() != null && op.getValidationStatus().hasFatalError()) {
			throw new CoreException(org.eclipse.core.runtime.Status.error(op.getValidationStatus().getMessageMatchingSeverity(
					org.eclipse.ltk.core.refactoring.RefactoringStatus.FATAL)));
		}
		return List.copyOf(plan.spans().keySet());
	}

	/** Undoes the last rename (tests; users have Edit › Undo). */
	public static void undo() throws CoreException {
		RefactoringCore.getUndoManager().performUndo(null, new NullProgressMonitor());
	}

	/**
	 * Refuses a plan whose result has more errors than the files have now (a clash, a keyword, a
	 * reference left behind). The renamed texts are checked together, in one resource set under their
	 * real URIs, so that an importer sees the renamed library.
	 */
	/** A file as the plan read it: its text and its errors. */
	private record Now(String text, List<String> errors) {
	}

	private static void check(Plan plan, Map<IFile, Now> now) throws Refused {
		com.google.inject.Injector injector = PolicyLanguageUi.injector();
		org.eclipse.xtext.resource.XtextResourceSet set = injector.getInstance(org.eclipse.xtext.resource.XtextResourceSet.class);
		Map<IFile, org.eclipse.xtext.resource.XtextResource> renamed = new LinkedHashMap<>();
		for (Map.Entry<IFile, TreeMap<Integer, Integer>> e : plan.spans().entrySet()) {
			IFile f = e.getKey();
			try {
				StringBuilder b = new StringBuilder(now.get(f).text());
				for (Map.Entry<Integer, Integer> s : e.getValue().descendingMap().entrySet()) {
					b.replace(s.getKey(), s.getKey() + s.getValue(), plan.newName());
				}
				org.eclipse.xtext.resource.XtextResource r = (org.eclipse.xtext.resource.XtextResource) set
						.createResource(URI.createFileURI(f.getLocation().toPath().toAbsolutePath().normalize().toString()));
				r.load(new java.io.ByteArrayInputStream(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
						Map.of(org.eclipse.xtext.resource.XtextResource.OPTION_ENCODING, "UTF-8"));
				renamed.put(f, r);
			} catch (IOException | RuntimeException ex) {
				throw new Refused("The renamed text of " + f.getFullPath() + " could not be checked, so nothing was changed;"
						+ " please report it with the files");
			}
		}
		org.eclipse.xtext.validation.IResourceValidator validator = injector
				.getInstance(org.eclipse.xtext.validation.IResourceValidator.class);
		for (Map.Entry<IFile, org.eclipse.xtext.resource.XtextResource> e : renamed.entrySet()) {
			List<String> before = now.get(e.getKey()).errors();
			List<String> after = errors(validator.validate(e.getValue(), org.eclipse.xtext.validation.CheckMode.ALL,
					org.eclipse.xtext.util.CancelIndicator.NullImpl));
			if (after.size() > before.size()) {
				List<String> added = new ArrayList<>(after);
				added.removeAll(before);
				throw new Refused("Renaming to '" + plan.newName() + "' would break " + e.getKey().getFullPath() + ": "
						+ (added.isEmpty() ? after.get(after.size() - 1) : added.get(0)));
			}
		}
	}

	private static List<String> errors(List<Issue> issues) {
		return issues.stream().filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
				.map(Issue::getMessage).toList();
	}

	private static PolicyFiles.Loaded load(PolicyFiles loader, IFile f) throws Refused {
		try {
			return loader.load(f.getLocation().toPath());
		} catch (IOException | RuntimeException e) {
			throw new Refused("Cannot read " + f.getFullPath() + ": " + e.getMessage());
		}
	}

	private static EObject elementAt(PolicyFiles.Loaded loaded, int offset) {
		EObject at = new org.eclipse.xtext.resource.EObjectAtOffsetHelper().resolveElementAt(loaded.resource(), offset);
		return at != null && PolicyOccurrences.nameFeature(at) != null ? at : null;
	}

	private static String textOf(PolicyNavigation.Declaration d) {
		return Optional.ofNullable(PolicyOccurrences.nameOf(d.element())).orElse("");
	}
}
