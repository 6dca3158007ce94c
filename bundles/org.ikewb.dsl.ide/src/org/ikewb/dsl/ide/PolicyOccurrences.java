package org.ikewb.dsl.ide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;

/**
 * Where a named element of a policy — a proposal, peer, Child SA or policy — is written in one
 * parsed text: the name in its definition and every reference that resolves to it. One answer for
 * rename, find references, mark occurrences and the quick fixes that rename, so that they never
 * disagree about which words are "the same thing" (a reference to an imported proposal that a
 * local definition hides is not an occurrence of the imported one).
 */
public final class PolicyOccurrences {

	/** A span of the text naming the element; {@code declaration} for the definition's name. */
	public record Occurrence(int offset, int length, boolean declaration) {
	}

	private PolicyOccurrences() {
	}

	/** The attribute that names {@code o}, or null when {@code o} has no name users refer to. */
	public static EAttribute nameFeature(EObject o) {
		if (o instanceof Proposal) {
			return PolicyPackage.Literals.PROPOSAL__NAME;
		}
		if (o instanceof Peer) {
			return PolicyPackage.Literals.PEER__NAME;
		}
		if (o instanceof Policy) {
			return PolicyPackage.Literals.POLICY__NAME;
		}
		if (o instanceof ChildSa) {
			return PolicyPackage.Literals.CHILD_SA__NAME;
		}
		return null;
	}

	/** The name of {@code o}, or null. */
	public static String nameOf(EObject o) {
		EAttribute feature = nameFeature(o);
		return feature == null ? null : (String) o.eGet(feature);
	}

	/** The node of the name in {@code o}'s definition, or null (no name, or no node model). */
	public static INode nameNode(EObject o) {
		EAttribute feature = nameFeature(o);
		if (feature == null) {
			return null;
		}
		List<INode> nodes = NodeModelUtils.findNodesForFeature(o, feature);
		return nodes.isEmpty() ? null : nodes.get(0);
	}

	/** The kind of element, as the language writes it ("proposal", "peer", "child", "policy"). */
	public static String kindOf(EObject o) {
		if (o instanceof Proposal p) {
			return (p.getProtocol() == org.ikewb.model.policy.ProposalProtocol.ESP ? "ESP" : "IKE") + " proposal";
		}
		if (o instanceof Peer) {
			return "peer";
		}
		if (o instanceof ChildSa) {
			return "Child SA";
		}
		return o instanceof Policy ? "policy" : o.eClass().getName();
	}

	/** The occurrences of {@code target} in {@code resource} (which must be the resource set {@code target} is in). */
	public static List<Occurrence> of(XtextResource resource, EObject target) {
		return in(resource, o -> o == target);
	}

	/**
	 * The occurrences in {@code resource} of the element {@code isTarget} accepts, in text order:
	 * its definition if it is written here, and each reference resolving to it (for a qualified
	 * reference {@code policy.proposal}, only the last part, which is the name).
	 */
	public static List<Occurrence> in(XtextResource resource, Predicate<EObject> isTarget) {
		List<Occurrence> out = new ArrayList<>();
		if (resource.getParseResult() == null) {
			return out;
		}
		String text = resource.getParseResult().getRootNode().getText();
		for (var it = resource.getAllContents(); it.hasNext();) {
			EObject o = it.next();
			if (isTarget.test(o)) {
				INode name = nameNode(o);
				if (name != null) {
					out.add(new Occurrence(name.getOffset(), name.getLength(), true));
				}
			}
			for (EReference ref : o.eClass().getEAllReferences()) {
				if (ref.isContainment() || ref.isContainer() || ref.isDerived() || ref.isTransient()) {
					continue;
				}
				List<EObject> values = values(o, ref);
				List<INode> nodes = NodeModelUtils.findNodesForFeature(o, ref);
				for (int i = 0; i < values.size() && i < nodes.size(); i++) {
					EObject v = values.get(i) == null ? null : EcoreUtil.resolve(values.get(i), o);
					if (v != null && !v.eIsProxy() && isTarget.test(v)) {
						INode n = nodes.get(i);
						String written = text.substring(n.getOffset(), n.getOffset() + n.getLength());
						int last = written.lastIndexOf('.') + 1;
						out.add(new Occurrence(n.getOffset() + last, n.getLength() - last, false));
					}
				}
			}
		}
		out.sort(Comparator.comparingInt(Occurrence::offset));
		return out;
	}

	@SuppressWarnings("unchecked")
	private static List<EObject> values(EObject o, EReference ref) {
		Object value = o.eGet(ref, false);
		if (ref.isMany()) {
			return (List<EObject>) value;
		}
		List<EObject> one = new ArrayList<>(1);
		if (value != null) {
			one.add((EObject) value);
		}
		return one;
	}
}
