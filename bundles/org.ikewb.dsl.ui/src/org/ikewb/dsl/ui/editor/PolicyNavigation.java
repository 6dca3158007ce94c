package org.ikewb.dsl.ui.editor;

import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.dsl.ide.PolicyOccurrences;
import org.ikewb.dsl.ui.PolicyLanguageUi;

/**
 * Go to definition (F3, Ctrl+click) in a policy: from a proposal reference to the proposal, in
 * this file or in an imported one. The editor's current text is parsed as the reconciler parses it,
 * so a reference typed a moment ago already works.
 */
public final class PolicyNavigation {

	/** Where a named element is written: its file and the span of its name. */
	public record Declaration(IFile file, int offset, int length, EObject element) {
	}

	private PolicyNavigation() {
	}

	/** The element a reference at {@code offset} names, or the element whose name is at {@code offset}. */
	public static Optional<Declaration> declarationAt(PolicyEditor editor, int offset) {
		XtextResource resource = parse(editor);
		return declaration(editor, resource, targetAt(resource, offset));
	}

	/** What a reference at {@code offset} names, or the named element whose name is at {@code offset}; null if neither. */
	static EObject targetAt(XtextResource resource, int offset) {
		if (resource.getParseResult() == null) {
			return null;
		}
		EObjectAtOffsetHelper helper = new EObjectAtOffsetHelper();
		EObject target = helper.resolveCrossReferencedElementAt(resource, offset);
		if (target != null) {
			return target.eIsProxy() ? null : target;
		}
		EObject at = helper.resolveElementAt(resource, offset);
		INode name = at == null ? null : PolicyOccurrences.nameNode(at);
		return name != null && name.getOffset() <= offset && offset <= name.getOffset() + name.getLength() ? at : null;
	}

	/** A reference at {@code offset}: its span and what it names (one parse of the editor's text). */
	record Link(IRegion region, Declaration declaration) {
	}

	static Optional<Link> linkAt(PolicyEditor editor, int offset) {
		XtextResource resource = parse(editor);
		if (resource.getParseResult() == null) {
			return Optional.empty();
		}
		EObject target = new EObjectAtOffsetHelper().resolveCrossReferencedElementAt(resource, offset);
		ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
		if (leaf == null || leaf.isHidden()) {
			return Optional.empty();
		}
		return declaration(editor, resource, target).map(d -> new Link(new Region(leaf.getOffset(), leaf.getLength()), d));
	}

	private static XtextResource parse(PolicyEditor editor) {
		return PolicyLanguageUi.parse(editor.getDocumentProvider().getDocument(editor.getEditorInput()).get(), editor.resourceUri());
	}

	/** Where {@code target} (found in {@code resource}, the editor's text) is written; empty when it is nowhere to go. */
	private static Optional<Declaration> declaration(PolicyEditor editor, XtextResource resource, EObject target) {
		if (target == null || target.eIsProxy() || PolicyOccurrences.nameFeature(target) == null) {
			return Optional.empty();
		}
		INode name = PolicyOccurrences.nameNode(target);
		IFile file = target.eResource() == resource ? editor.getFile() : file(target.eResource().getURI());
		if (name == null || file == null) {
			return Optional.empty();
		}
		return Optional.of(new Declaration(file, name.getOffset(), name.getLength(), target));
	}

	/** Opens the declaration of what is at the caret; false when nothing there names a declaration. */
	public static boolean openDeclaration(PolicyEditor editor) {
		int offset = ((org.eclipse.jface.text.ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
		Optional<Declaration> d = declarationAt(editor, offset);
		if (d.isEmpty()) {
			editor.status("Nothing to open here: place the cursor on the name of a proposal where a peer or Child SA uses it");
			return false;
		}
		reveal(d.get());
		return true;
	}

	static void reveal(Declaration d) {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		try {
			if (IDE.openEditor(page, d.file(), PolicyEditor.ID, true) instanceof PolicyEditor target) {
				target.selectAndReveal(d.offset(), d.length());
			}
		} catch (PartInitException e) {
			org.eclipse.jface.dialogs.MessageDialog.openError(page.getWorkbenchWindow().getShell(), "Open Declaration",
					"Cannot open " + d.file().getFullPath() + ": " + e.getStatus().getMessage());
		}
	}

	/** The workspace file of a resource URI (platform:/resource/… or file:…), or null. */
	static IFile file(URI uri) {
		if (uri == null) {
			return null;
		}
		if (uri.isPlatformResource()) {
			return ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path(uri.toPlatformString(true)));
		}
		if (uri.isFile()) {
			IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(java.net.URI.create(uri.toString()));
			return files.length == 0 ? null : files[0];
		}
		return null;
	}

	/** Ctrl+click on a proposal reference. */
	public static final class HyperlinkDetector extends AbstractHyperlinkDetector {

		private final PolicyEditor editor;

		public HyperlinkDetector(PolicyEditor editor) {
			this.editor = editor;
		}

		@Override
		public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
			Optional<Link> at = linkAt(editor, region.getOffset());
			if (at.isEmpty()) {
				return null;
			}
			return new IHyperlink[] { new IHyperlink() {
				@Override
				public IRegion getHyperlinkRegion() {
					return at.get().region();
				}

				@Override
				public String getTypeLabel() {
					return "Open Declaration";
				}

				@Override
				public String getHyperlinkText() {
					return "Open Declaration";
				}

				@Override
				public void open() {
					reveal(at.get().declaration());
				}
			} };
		}
	}
}
