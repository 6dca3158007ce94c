package org.ikewb.dsl.ui.editor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ide.PolicyOccurrences;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.model.policy.Proposal;

/**
 * Find References (Ctrl+Shift+G): every place a proposal, peer, Child SA or policy is named — its
 * definition and the references to it, in its own file and in the files that import that file. A
 * file open in an editor is read as the editor has it, saved or not; others as saved.
 */
public final class PolicyReferences {

	/** One place: the file, the span of the name, its line (1-based), column (0-based) and that line's text. */
	public record Reference(IFile file, int offset, int length, int line, int column, String lineText, boolean declaration) {
	}

	/** What was searched for and where it was found, in file order and then text order. */
	public record Result(String name, String kind, IFile home, List<Reference> references) {
		public long files() {
			return references.stream().map(Reference::file).distinct().count();
		}
	}

	private PolicyReferences() {
	}

	/** The references of what is at {@code offset} in the editor; empty when nothing named is there. */
	public static Optional<Result> find(PolicyEditor editor, int offset) {
		Optional<PolicyNavigation.Declaration> found = PolicyNavigation.declarationAt(editor, offset);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		EObject element = found.get().element();
		IFile home = found.get().file();
		String name = PolicyOccurrences.nameOf(element);
		EClass type = element.eClass();
		List<String> scope = scope(element);
		// the same element wherever it is seen from: its kind, name, enclosing names and file (a peer
		// 'hq' of another policy in the same file is another element)
		Predicate<EObject> same = o -> o.eClass() == type && Objects.equals(name, PolicyOccurrences.nameOf(o))
				&& scope.equals(scope(o)) && home.equals(PolicyNavigation.file(o.eResource().getURI()));
		Set<IFile> files = new LinkedHashSet<>();
		files.add(home);
		if (editor.getFile() != null) {
			files.add(editor.getFile());
		}
		if (element instanceof Proposal) {
			files.addAll(PolicyWorkspaceValidation.importersOf(Set.of(home)));
		}
		List<Reference> out = new ArrayList<>();
		for (IFile file : files) {
			String text = file.equals(editor.getFile()) ? editor.getDocumentProvider().getDocument(editor.getEditorInput()).get()
					: text(file);
			if (text == null) {
				continue;
			}
			XtextResource resource = PolicyLanguageUi.parse(text, URI.createPlatformResourceURI(file.getFullPath().toString(), true));
			IDocument lines = new Document(text);
			for (PolicyOccurrences.Occurrence o : PolicyOccurrences.in(resource, same)) {
				out.add(reference(file, lines, o));
			}
		}
		return Optional.of(new Result(name, PolicyOccurrences.kindOf(element), home, List.copyOf(out)));
	}

	private static Reference reference(IFile file, IDocument lines, PolicyOccurrences.Occurrence o) {
		try {
			int line = lines.getLineOfOffset(o.offset());
			IRegion region = lines.getLineInformation(line);
			return new Reference(file, o.offset(), o.length(), line + 1, o.offset() - region.getOffset(),
					lines.get(region.getOffset(), region.getLength()),
					o.declaration());
		} catch (BadLocationException e) {
			throw new IllegalStateException("an occurrence outside the text it was found in", e);
		}
	}

	/** The names of the elements around {@code o} (policy, peer), outermost first. */
	private static List<String> scope(EObject o) {
		List<String> names = new ArrayList<>();
		for (EObject c = o.eContainer(); c != null; c = c.eContainer()) {
			names.add(0, String.valueOf(PolicyOccurrences.nameOf(c)));
		}
		return names;
	}

	/** The text of {@code file}: an open editor's (unsaved changes included), else as saved; null if unreadable. */
	private static String text(IFile file) {
		ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
		if (buffer != null) {
			return buffer.getDocument().get();
		}
		try {
			if (file.getLocation() == null || Files.size(file.getLocation().toPath()) > PolicyFiles.MAX_FILE_SIZE) {
				return null;
			}
			return Files.readString(file.getLocation().toPath(), StandardCharsets.UTF_8);
		} catch (IOException | RuntimeException e) {
			return null; // unreadable (being written, not UTF-8): its own marker says so
		}
	}
}
