package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The result of Find References: the files, and under each the lines where the element is named
 * (the name in bold, the definition marked). Double-click or Enter opens the place.
 */
public class PolicyReferencesView extends ViewPart {

	public static final String ID = "org.ikewb.dsl.ui.references";

	/** A file and its references, as the tree shows them. */
	record FileNode(IFile file, List<PolicyReferences.Reference> references) {
	}

	private TreeViewer viewer;
	private PolicyReferences.Result result;

	@Override
	public void createPartControl(Composite parent) {
		viewer = new TreeViewer(parent, SWT.SINGLE | SWT.H_SCROLL | SWT.V_SCROLL);
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return input instanceof List<?> l ? l.toArray() : new Object[0];
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				return parentElement instanceof FileNode f ? f.references().toArray() : new Object[0];
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return element instanceof FileNode;
			}
		});
		viewer.setLabelProvider(new DelegatingStyledCellLabelProvider(new Labels()));
		viewer.addOpenListener(e -> {
			Object selected = ((IStructuredSelection) e.getSelection()).getFirstElement();
			if (selected instanceof PolicyReferences.Reference r) {
				PolicyNavigation.reveal(new PolicyNavigation.Declaration(r.file(), r.offset(), r.length(), null));
			} else if (selected instanceof FileNode f) {
				viewer.setExpandedState(f, !viewer.getExpandedState(f));
			}
		});
		getSite().setSelectionProvider(viewer);
		setContentDescription("Place the cursor on a proposal, peer, Child SA or policy name and press Ctrl+Shift+G");
	}

	/** Shows a search's result (grouped by file, the definition's file first). */
	public void show(PolicyReferences.Result r) {
		result = r;
		Map<IFile, List<PolicyReferences.Reference>> byFile = new LinkedHashMap<>();
		for (PolicyReferences.Reference ref : r.references()) {
			byFile.computeIfAbsent(ref.file(), f -> new ArrayList<>()).add(ref);
		}
		List<FileNode> nodes = new ArrayList<>();
		byFile.forEach((f, refs) -> nodes.add(new FileNode(f, List.copyOf(refs))));
		viewer.setInput(nodes);
		viewer.expandAll();
		long uses = r.references().stream().filter(x -> !x.declaration()).count();
		setContentDescription("'" + r.name() + "' (" + r.kind() + "): " + (uses == 0 ? "not used anywhere" : uses + " reference"
				+ (uses == 1 ? "" : "s")) + " in " + r.files() + " file" + (r.files() == 1 ? "" : "s")
				+ (r.references().stream().anyMatch(PolicyReferences.Reference::declaration) ? ", and its definition" : ""));
	}

	/** The result shown (tests and tooling). */
	public PolicyReferences.Result result() {
		return result;
	}

	/** The tree (tests). */
	public TreeViewer viewer() {
		return viewer;
	}

	@Override
	public void setFocus() {
		viewer.getControl().setFocus();
	}

	private static final class Labels extends LabelProvider implements DelegatingStyledCellLabelProvider.IStyledLabelProvider {
		@Override
		public StyledString getStyledText(Object element) {
			if (element instanceof FileNode f) {
				StyledString s = new StyledString(f.file().getName());
				s.append("  " + f.file().getParent().getFullPath().makeRelative() + " (" + f.references().size() + ")",
						StyledString.QUALIFIER_STYLER);
				return s;
			}
			if (element instanceof PolicyReferences.Reference r) {
				String line = r.lineText();
				int start = r.column();
				int lead = 0;
				while (lead < line.length() && Character.isWhitespace(line.charAt(lead))) {
					lead++;
				}
				StyledString s = new StyledString(r.line() + ": ", StyledString.COUNTER_STYLER);
				String shown = line.substring(lead);
				int at = start - lead;
				if (at >= 0 && at + r.length() <= shown.length()) {
					s.append(shown.substring(0, at));
					s.append(shown.substring(at, at + r.length()), BOLD);
					s.append(shown.substring(at + r.length()));
				} else {
					s.append(shown);
				}
				if (r.declaration()) {
					s.append("  — definition", StyledString.DECORATIONS_STYLER);
				}
				return s;
			}
			return new StyledString(String.valueOf(element));
		}

		@Override
		public Image getImage(Object element) {
			return PlatformUI.getWorkbench().getSharedImages()
					.getImage(element instanceof FileNode ? ISharedImages.IMG_OBJ_FILE : ISharedImages.IMG_OBJ_ELEMENT);
		}

		private static final StyledString.Styler BOLD = new StyledString.Styler() {
			@Override
			public void applyStyles(org.eclipse.swt.graphics.TextStyle style) {
				style.font = org.eclipse.jface.resource.JFaceResources.getFontRegistry().getBold(
						org.eclipse.jface.resource.JFaceResources.DEFAULT_FONT);
			}
		};
	}
}
