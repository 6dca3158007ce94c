package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.model.policy.PeerRole;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Import;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.Proposal;

/**
 * Outline of a policy file: imports, policies, proposals (with their rounds), peers and Child SAs.
 * Rebuilt after each reconcile from the parsed model; selecting an element reveals it.
 */
public class PolicyOutlinePage extends ContentOutlinePage {

	/** What an outline entry stands for (its icon, and whether it can be launched). */
	public enum Kind {
		IMPORT("import.png"), PROPOSAL("proposal.png"), TRANSFORM("transform.png"), POLICY("policy.png"), PEER("peer.png"),
		CHILD("child.png");

		private final String icon;

		Kind(String icon) {
			this.icon = icon;
		}

		public String icon() {
			return icon;
		}
	}

	/**
	 * One outline entry: what it shows and where it is in the text. A peer's entry adapts to
	 * {@link OutlinePeer}, so that Run As / Debug As can launch it from the Outline's context menu.
	 */
	public record Node(Kind kind, String label, int offset, int length, List<Node> children, OutlinePeer peer)
			implements IAdaptable {

		@Override
		public <T> T getAdapter(Class<T> adapter) {
			return adapter == OutlinePeer.class && peer != null ? adapter.cast(peer) : null;
		}
	}

	/** The Outline's context menu (Run As, Debug As ... contributed to popup:org.eclipse.ui.popup.any). */
	public static final String CONTEXT_MENU_ID = "org.ikewb.dsl.ui.outline.menu";

	private final PolicyEditor editor;
	private List<Node> roots = List.of();

	public PolicyOutlinePage(PolicyEditor editor) {
		this.editor = editor;
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return roots.toArray();
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				return ((Node) parentElement).children().toArray();
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return !((Node) element).children().isEmpty();
			}
		});
		LocalResourceManager images = new LocalResourceManager(JFaceResources.getResources(), viewer.getControl());
		viewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return ((Node) element).label();
			}

			@Override
			public Image getImage(Object element) {
				return images.create(PolicyLanguageUi.icon(((Node) element).kind().icon()));
			}
		});
		MenuManager menu = new MenuManager("#PopupMenu", CONTEXT_MENU_ID);
		menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
		getSite().registerContextMenu(CONTEXT_MENU_ID, menu, viewer);
		viewer.addSelectionChangedListener(e -> {
			if (e.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof Node n) {
				editor.selectAndReveal(n.offset(), n.length());
			}
		});
		viewer.setInput(this);
		viewer.expandToLevel(2);
	}

	/** The entries now shown (for tests). */
	public List<Node> roots() {
		return roots;
	}

	/** Rebuilds from a freshly parsed resource; safe from any thread. */
	public void update(XtextResource resource) {
		List<Node> built = build(resource, editor.getEditorInput() == null ? null : editor.getEditorInput().getAdapter(IFile.class));
		Display display = Display.getDefault();
		display.asyncExec(() -> {
			roots = built;
			TreeViewer viewer = getTreeViewer();
			if (viewer != null && !viewer.getControl().isDisposed()) {
				viewer.refresh();
				viewer.expandToLevel(2);
			}
		});
	}

	static List<Node> build(XtextResource resource, IFile policyFile) {
		List<Node> out = new ArrayList<>();
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof PolicyFile file)) {
			return out;
		}
		for (Import i : file.getImports()) {
			out.add(node(Kind.IMPORT, "import " + i.getImportURI(), i, List.of()));
		}
		for (Proposal p : file.getProposals()) {
			out.add(proposal(p));
		}
		for (Policy policy : file.getPolicies()) {
			List<Node> children = new ArrayList<>();
			policy.getProposals().forEach(p -> children.add(proposal(p)));
			for (Peer peer : policy.getPeers()) {
				List<Node> childSas = new ArrayList<>();
				for (ChildSa c : peer.getChildren()) {
					childSas.add(node(Kind.CHILD, "child " + c.getName(), c, List.of()));
				}
				String remote = peer.getRemote() == null || peer.getRemote().getAddress() == null ? ""
						: " → " + peer.getRemote().getAddress();
				children.add(node(Kind.PEER, "peer " + peer.getName() + remote, peer, childSas,
						policyFile == null || peer.getName() == null ? null
								: new OutlinePeer(policyFile, peer.getName(), peer.getRole() == PeerRole.RESPONDER)));
			}
			String options = (policy.isRequirePostQuantum() ? " [post-quantum]" : "")
					+ (policy.getTargets().isEmpty() ? "" : " " + policy.getTargets());
			out.add(node(Kind.POLICY, "policy " + policy.getName() + options, policy, children));
		}
		return out;
	}

	private static Node proposal(Proposal p) {
		List<Node> lines = new ArrayList<>();
		p.getTransforms().forEach(l -> lines.add(node(Kind.TRANSFORM, org.ikewb.model.validation.Transforms.label(l) + " "
				+ String.join(", ", l.getAlgorithms()), l, List.of())));
		return node(Kind.PROPOSAL, (p.getProtocol() == null ? "" : p.getProtocol().getLiteral()) + " proposal " + p.getName(), p, lines);
	}

	private static Node node(Kind kind, String label, EObject o, List<Node> children) {
		return node(kind, label, o, children, null);
	}

	private static Node node(Kind kind, String label, EObject o, List<Node> children, OutlinePeer peer) {
		ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
		return new Node(kind, label, n == null ? 0 : n.getOffset(), n == null ? 0 : n.getLength(), List.copyOf(children), peer);
	}
}
