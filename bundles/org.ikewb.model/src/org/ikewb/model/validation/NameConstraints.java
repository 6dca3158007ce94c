package org.ikewb.model.validation;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.Import;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.Policy;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.util.PolicyValidator;

/**
 * Names and imports: what a reference means must never depend on which of two definitions happens
 * to come first. Duplicates in one scope, a local proposal silently hiding an imported one (a weak
 * local {@code hybrid_any} would otherwise be generated instead of the library's), imports that
 * cannot be read, imports that lead back, and names that device configurations cannot carry.
 */
public final class NameConstraints {

	/** Two proposals, policies, peers or Child SAs with one name in one scope. */
	public static final String DUPLICATE_NAME = "duplicate-name";
	/** An import whose file cannot be read. */
	public static final String IMPORT_NOT_FOUND = "import-not-found";
	/** An import that leads back to this file. */
	public static final String IMPORT_CYCLE = "import-cycle";
	/** A proposal defined here has the name of an imported one, without {@code override}. */
	public static final String SHADOWS_IMPORT = "shadows-import";
	/** {@code override} on a proposal that hides nothing. */
	public static final String OVERRIDE_HIDES_NOTHING = "override-hides-nothing";
	/** A name with characters other than ASCII letters, digits, '_' and '-'. */
	public static final String NAME_CHARACTERS = "name-characters";

	/** How far import chains are followed looking for a way back (a policy tree is never this deep). */
	private static final int MAX_IMPORT_DEPTH = 32;

	private NameConstraints() {
	}

	public static boolean hasDistinctNames(PolicyFile file, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		Map<String, Proposal> shared = new HashMap<>();
		for (Proposal p : file.getProposals()) {
			ok &= unique(shared, p, p.getName(), "proposal", "this file", PolicyPackage.Literals.PROPOSAL__NAME, diagnostics);
		}
		Map<String, Policy> policies = new HashMap<>();
		for (Policy policy : file.getPolicies()) {
			ok &= unique(policies, policy, policy.getName(), "policy", "this file", PolicyPackage.Literals.POLICY__NAME, diagnostics);
			Map<String, Proposal> proposals = new HashMap<>();
			for (Proposal p : policy.getProposals()) {
				String where = "policy '" + policy.getName() + "'";
				ok &= unique(proposals, p, p.getName(), "proposal", where, PolicyPackage.Literals.PROPOSAL__NAME, diagnostics);
				Proposal outer = p.getName() == null ? null : shared.get(p.getName());
				if (outer != null && proposals.get(p.getName()) == p) {
					ok = false;
					PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY_FILE__HAS_DISTINCT_NAMES,
							kind(p) + " '" + p.getName() + "' in " + where + " has the name of the " + kind(outer)
									+ " defined above the policies in this file, so a reference to '" + p.getName()
									+ "' means one inside the policy and the other outside it: rename one of them",
							PolicyConstraints.at(p, PolicyPackage.Literals.PROPOSAL__NAME), DUPLICATE_NAME);
				}
			}
			Map<String, Peer> peers = new HashMap<>();
			for (Peer peer : policy.getPeers()) {
				ok &= unique(peers, peer, peer.getName(), "peer", "policy '" + policy.getName() + "'",
						PolicyPackage.Literals.PEER__NAME, diagnostics);
				Map<String, ChildSa> children = new HashMap<>();
				for (ChildSa child : peer.getChildren()) {
					ok &= unique(children, child, child.getName(), "Child SA", "peer '" + peer.getName() + "'",
							PolicyPackage.Literals.CHILD_SA__NAME, diagnostics);
				}
			}
		}
		return ok;
	}

	private static <T extends EObject> boolean unique(Map<String, T> seen, T object, String name, String what, String scope,
			EAttribute feature, DiagnosticChain diagnostics) {
		if (name == null) {
			return true; // a syntax error already says what is missing
		}
		T first = seen.putIfAbsent(name, object);
		if (first == null) {
			return true;
		}
		String label = object instanceof Proposal p ? kind(p) : what;
		PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY_FILE__HAS_DISTINCT_NAMES,
				"A " + (object instanceof Proposal ? "proposal" : what) + " named '" + name + "' is already defined in " + scope
						+ (first instanceof Proposal fp ? " (" + kind(fp) + ")" : "") + ": references to '" + name
						+ "' would silently mean the first one; rename this " + label,
				PolicyConstraints.at(object, feature), DUPLICATE_NAME);
		return false;
	}

	private static String kind(Proposal p) {
		return (p.getProtocol() == null ? "" : p.getProtocol().getLiteral() + " ") + "proposal";
	}

	public static boolean hasReadableImports(PolicyFile file, DiagnosticChain diagnostics, Map<Object, Object> context) {
		Resource resource = file.eResource();
		ResourceSet set = resource == null ? null : resource.getResourceSet();
		if (set == null || resource.getURI() == null) {
			return true; // a model built in memory has nothing to import from
		}
		boolean ok = true;
		Map<String, Proposal> local = new HashMap<>();
		file.getProposals().forEach(p -> local.putIfAbsent(p.getName(), p));
		file.getPolicies().forEach(policy -> policy.getProposals().forEach(p -> local.putIfAbsent(p.getName(), p)));
		Set<Proposal> hiding = new HashSet<>();
		for (Import imp : file.getImports()) {
			String written = imp.getImportURI();
			if (written == null) {
				continue; // a syntax error
			}
			URI target = resolve(written, resource.getURI());
			if (target == null || !set.getURIConverter().exists(target, null)) {
				ok = false;
				// where on disk: the editor's platform:/resource URIs say it as the command line does
				URI onDisk = target == null ? null : target.isPlatform() ? org.eclipse.emf.common.CommonPlugin.resolve(target) : target;
				PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY_FILE__HAS_READABLE_IMPORTS,
						"Cannot read the imported file \"" + written + "\"" + (onDisk != null && onDisk.isFile()
								? " (looked for " + onDisk.toFileString() + ")" : "")
								+ ": fix the path (it is relative to this file) or remove the import",
						PolicyConstraints.at(imp, PolicyPackage.Literals.IMPORT__IMPORT_URI), IMPORT_NOT_FOUND);
				continue;
			}
			PolicyFile imported = load(set, target);
			if (imported == null) {
				continue; // it exists but does not parse: its own findings say why
			}
			List<String> way = wayBack(set, target, resource.getURI());
			if (way != null) {
				PolicyConstraints.add(diagnostics, Diagnostic.WARNING, PolicyValidator.POLICY_FILE__HAS_READABLE_IMPORTS,
						"Import cycle: " + String.join(" → ", way) + ". Each file sees only the proposals of the files it"
								+ " imports itself, so the cycle changes nothing, but it usually means a library imports"
								+ " a policy by mistake: remove one of the imports",
						PolicyConstraints.at(imp, PolicyPackage.Literals.IMPORT__IMPORT_URI), IMPORT_CYCLE);
			}
			for (Proposal theirs : imported.getProposals()) {
				Proposal mine = theirs.getName() == null ? null : local.get(theirs.getName());
				if (mine != null) {
					hiding.add(mine);
					if (!mine.isOverride()) {
						ok = false;
						PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY_FILE__HAS_READABLE_IMPORTS,
								"This " + kind(mine) + " '" + mine.getName() + "' hides the " + kind(theirs) + " '"
										+ theirs.getName() + "' imported from \"" + written + "\": every reference to '"
										+ mine.getName() + "' here would use this one. Rename it, or write 'override "
										+ kind(mine) + " " + mine.getName() + "' if it is meant to replace the imported one",
								PolicyConstraints.at(mine, PolicyPackage.Literals.PROPOSAL__NAME), SHADOWS_IMPORT);
					}
				}
			}
		}
		for (Proposal p : local.values()) {
			if (p.isOverride() && !hiding.contains(p)) {
				PolicyConstraints.add(diagnostics, Diagnostic.WARNING, PolicyValidator.POLICY_FILE__HAS_READABLE_IMPORTS,
						"'override' on " + kind(p) + " '" + p.getName() + "' hides nothing: no imported file defines a proposal"
								+ " of that name; remove 'override'",
						PolicyConstraints.at(p, PolicyPackage.Literals.PROPOSAL__OVERRIDE), OVERRIDE_HIDES_NOTHING);
			}
		}
		return ok;
	}

	private static URI resolve(String written, URI base) {
		try {
			URI uri = URI.createURI(written);
			return uri.isRelative() ? uri.resolve(base) : uri;
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static PolicyFile load(ResourceSet set, URI uri) {
		try {
			Resource r = set.getResource(uri, true);
			return r != null && !r.getContents().isEmpty() && r.getContents().get(0) instanceof PolicyFile f ? f : null;
		} catch (RuntimeException e) {
			return null; // unreadable or not a policy: reported where it is written
		}
	}

	/** The chain of file names from {@code start} back to {@code home} through imports, or null. */
	private static List<String> wayBack(ResourceSet set, URI start, URI home) {
		record Step(URI uri, List<String> names) {
		}
		Deque<Step> todo = new ArrayDeque<>();
		todo.add(new Step(start, List.of(home.lastSegment(), start.lastSegment())));
		Set<URI> seen = new HashSet<>();
		while (!todo.isEmpty()) {
			Step step = todo.poll();
			if (step.uri().equals(home)) {
				return step.names();
			}
			if (!seen.add(step.uri()) || step.names().size() > MAX_IMPORT_DEPTH) {
				continue;
			}
			PolicyFile f = load(set, step.uri());
			if (f == null) {
				continue;
			}
			for (Import next : f.getImports()) {
				URI u = next.getImportURI() == null ? null : resolve(next.getImportURI(), step.uri());
				if (u != null && (u.equals(home) || set.getURIConverter().exists(u, null))) {
					List<String> names = new ArrayList<>(step.names());
					names.add(u.lastSegment());
					todo.add(new Step(u, names));
				}
			}
		}
		return null;
	}

	public static boolean hasPortableNames(PolicyFile file, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = true;
		for (Proposal p : file.getProposals()) {
			ok &= portable(p, p.getName(), PolicyPackage.Literals.PROPOSAL__NAME, diagnostics);
		}
		for (Policy policy : file.getPolicies()) {
			ok &= portable(policy, policy.getName(), PolicyPackage.Literals.POLICY__NAME, diagnostics);
			for (Proposal p : policy.getProposals()) {
				ok &= portable(p, p.getName(), PolicyPackage.Literals.PROPOSAL__NAME, diagnostics);
			}
			for (Peer peer : policy.getPeers()) {
				ok &= portable(peer, peer.getName(), PolicyPackage.Literals.PEER__NAME, diagnostics);
				for (ChildSa child : peer.getChildren()) {
					ok &= portable(child, child.getName(), PolicyPackage.Literals.CHILD_SA__NAME, diagnostics);
				}
			}
		}
		return ok;
	}

	private static boolean portable(EObject object, String name, EAttribute feature, DiagnosticChain diagnostics) {
		if (name == null) {
			return true;
		}
		int bad = -1;
		for (int i = 0; i < name.length(); ) {
			int c = name.codePointAt(i);
			if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
				bad = c;
				break;
			}
			i += Character.charCount(c);
		}
		if (bad < 0) {
			return true;
		}
		String suggestion = asciiFold(name);
		PolicyConstraints.add(diagnostics, Diagnostic.ERROR, PolicyValidator.POLICY_FILE__HAS_PORTABLE_NAMES,
				"The name '" + Printable.of(name) + "' has " + Printable.describe(bad) + ": names go into device configurations,"
						+ " which take ASCII letters, digits, '_' and '-' only"
						+ (suggestion.isEmpty() || suggestion.equals(name) ? "" : "; for example '" + suggestion + "'"),
				PolicyConstraints.at(object, feature), NAME_CHARACTERS);
		return false;
	}

	/** zürich_hq → zurich_hq; what has no ASCII form is dropped. */
	static String asciiFold(String name) {
		String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
		StringBuilder b = new StringBuilder();
		for (char c : decomposed.toCharArray()) {
			if (c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
				b.append(c);
			}
		}
		return b.toString();
	}
}
