package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
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

	/** One outline entry: what it shows and where it is in the text. */
	public record Node(String label, int offset, int length, List<Node> children) {
	}

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
		viewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return ((Node) element).label();
			}
		});
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
		List<Node> built = build(resource);
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

	static List<Node> build(XtextResource resource) {
		List<Node> out = new ArrayList<>();
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof PolicyFile file)) {
			return out;
		}
		for (Import i : file.getImports()) {
			out.add(node("import " + i.getImportURI(), i, List.of()));
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
					childSas.add(node("child " + c.getName(), c, List.of()));
				}
				String remote = peer.getRemote() == null || peer.getRemote().getAddress() == null ? ""
						: " → " + peer.getRemote().getAddress();
				children.add(node("peer " + peer.getName() + remote, peer, childSas));
			}
			String options = (policy.isRequirePostQuantum() ? " [post-quantum]" : "")
					+ (policy.getTargets().isEmpty() ? "" : " " + policy.getTargets());
			out.add(node("policy " + policy.getName() + options, policy, children));
		}
		return out;
	}

	private static Node proposal(Proposal p) {
		List<Node> lines = new ArrayList<>();
		p.getTransforms().forEach(l -> lines.add(node(org.ikewb.model.validation.Transforms.label(l) + " "
				+ String.join(", ", l.getAlgorithms()), l, List.of())));
		return node((p.getProtocol() == null ? "" : p.getProtocol().getLiteral()) + " proposal " + p.getName(), p, lines);
	}

	private static Node node(String label, EObject o, List<Node> children) {
		ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
		return new Node(label, n == null ? 0 : n.getOffset(), n == null ? 0 : n.getLength(), List.copyOf(children));
	}
}
