package org.ikewb.model.validation;

import static org.ikewb.model.validation.PolicyConstraints.add;
import static org.ikewb.model.validation.PolicyConstraints.at;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.ikewb.model.policy.ChildSa;
import org.ikewb.model.policy.PolicyPackage;
import org.ikewb.model.policy.Proposal;
import org.ikewb.model.policy.ProposalProtocol;
import org.ikewb.model.policy.TrafficSelector;
import org.ikewb.model.policy.util.PolicyValidator;

/** Rules of a Child SA: traffic selectors and ESP proposals. */
public final class ChildSaConstraints {

	public static final String MISSING_TRAFFIC_SELECTOR = "missing-traffic-selector";
	public static final String MALFORMED_TRAFFIC_SELECTOR = "malformed-traffic-selector";
	public static final String OVERLAPPING_TRAFFIC_SELECTOR = "overlapping-traffic-selector";

	private ChildSaConstraints() {
	}

	/**
	 * Each selector is an address or prefix without host bits, a known protocol (or number 0..255)
	 * and a port or range in 0..65535 (ports only for TCP, UDP and SCTP). Within one side no two
	 * selectors overlap (the narrower one is redundant and the intent unclear); both sides need a
	 * common address family, or no packet can ever match.
	 */
	public static boolean hasValidTrafficSelectors(ChildSa child, DiagnosticChain diagnostics,
			Map<Object, Object> context) {
		boolean ok = true;
		boolean[] localFamilies = new boolean[2];
		boolean[] remoteFamilies = new boolean[2];
		ok &= side(child, child.getLocalSelectors(), "local", localFamilies, diagnostics);
		ok &= side(child, child.getRemoteSelectors(), "remote", remoteFamilies, diagnostics);
		boolean anyLocal = localFamilies[0] || localFamilies[1];
		boolean anyRemote = remoteFamilies[0] || remoteFamilies[1];
		if (anyLocal && anyRemote && !(localFamilies[0] && remoteFamilies[0]) && !(localFamilies[1] && remoteFamilies[1])) {
			ok = false;
			add(diagnostics, Diagnostic.ERROR, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Child SA '"
					+ child.getName() + "' has " + (localFamilies[0] ? "IPv4" : "IPv6") + " local and "
					+ (remoteFamilies[0] ? "IPv4" : "IPv6") + " remote selectors: no packet can match both",
					at(child, PolicyPackage.Literals.CHILD_SA__NAME), MALFORMED_TRAFFIC_SELECTOR);
		}
		return ok;
	}

	private static boolean side(ChildSa child, List<TrafficSelector> selectors, String side, boolean[] families,
			DiagnosticChain diagnostics) {
		boolean ok = true;
		List<Optional<Addresses.Prefix>> parsed = new java.util.ArrayList<>();
		for (TrafficSelector ts : selectors) {
			String prefix = ts.getPrefix();
			Optional<Addresses.Prefix> p = "dynamic".equals(prefix) ? Optional.empty() : Addresses.parsePrefix(prefix);
			parsed.add(p);
			if (!"dynamic".equals(prefix) && p.isEmpty()) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Traffic selector '"
						+ prefix + "' is not an address or prefix (write e.g. 10.1.0.0/16, 2001:db8::/32 or dynamic)",
						at(ts, PolicyPackage.Literals.TRAFFIC_SELECTOR__PREFIX), MALFORMED_TRAFFIC_SELECTOR);
			} else if (p.isPresent()) {
				families[p.get().ipv6() ? 1 : 0] = true;
				if (p.get().hasHostBits()) {
					add(diagnostics, Diagnostic.WARNING, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Traffic selector '"
							+ prefix + "' has host bits set; it means " + p.get().network() + ": write that",
							at(ts, PolicyPackage.Literals.TRAFFIC_SELECTOR__PREFIX), MALFORMED_TRAFFIC_SELECTOR);
				}
			} else {
				families[0] = families[1] = true; // dynamic: the tunnel address, either family
			}
			String proto = ts.getProtocol();
			if (proto != null && org.ikewb.protocol.IpProtocol.number(proto).isEmpty()) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Unknown protocol '"
						+ proto + "': write tcp, udp, icmp, icmp6, sctp, gre, esp or a number 0..255",
						at(ts, PolicyPackage.Literals.TRAFFIC_SELECTOR__PROTOCOL), MALFORMED_TRAFFIC_SELECTOR);
			}
			String ports = ts.getPorts();
			if (ports != null) {
				int[] range = ports(ports);
				if (range == null) {
					ok = false;
					add(diagnostics, Diagnostic.ERROR, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Port '" + ports
							+ "' is not a port or a range low-high within 0..65535",
							at(ts, PolicyPackage.Literals.TRAFFIC_SELECTOR__PORTS), MALFORMED_TRAFFIC_SELECTOR);
				} else if (!org.ikewb.protocol.IpProtocol.hasPorts(proto)) {
					ok = false;
					add(diagnostics, Diagnostic.ERROR, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "Ports need"
							+ " protocol tcp, udp or sctp" + (proto == null ? "" : " (not " + proto + ")"),
							at(ts, PolicyPackage.Literals.TRAFFIC_SELECTOR__PORTS), MALFORMED_TRAFFIC_SELECTOR);
				}
			}
		}
		for (int i = 0; i < selectors.size(); i++) {
			for (int j = 0; j < i; j++) {
				if (parsed.get(i).isPresent() && parsed.get(j).isPresent() && parsed.get(i).get().overlaps(parsed.get(j).get())
						&& sameTraffic(selectors.get(i), selectors.get(j))) {
					add(diagnostics, Diagnostic.WARNING, PolicyValidator.CHILD_SA__HAS_VALID_TRAFFIC_SELECTORS, "The " + side
							+ " traffic selector '" + selectors.get(i).getPrefix() + "' overlaps '" + selectors.get(j).getPrefix()
							+ "' of Child SA '" + child.getName() + "': keep the wider one",
							at(selectors.get(i), PolicyPackage.Literals.TRAFFIC_SELECTOR__PREFIX), OVERLAPPING_TRAFFIC_SELECTOR);
				}
			}
		}
		return ok;
	}

	/** Whether two selectors' protocol and port parts can match the same packet. */
	private static boolean sameTraffic(TrafficSelector a, TrafficSelector b) {
		if (a.getProtocol() != null && b.getProtocol() != null && !a.getProtocol().equals(b.getProtocol())) {
			return false;
		}
		int[] pa = a.getPorts() == null ? new int[] { 0, 65535 } : ports(a.getPorts());
		int[] pb = b.getPorts() == null ? new int[] { 0, 65535 } : ports(b.getPorts());
		return pa != null && pb != null && pa[0] <= pb[1] && pb[0] <= pa[1];
	}

	/** "443" or "1024-65535" → {low, high}; null if malformed. */
	static int[] ports(String text) {
		if (!text.matches("\\d{1,5}(-\\d{1,5})?")) {
			return null;
		}
		String[] parts = text.split("-");
		int low = Integer.parseInt(parts[0]);
		int high = parts.length > 1 ? Integer.parseInt(parts[1]) : low;
		return low <= high && high <= 65535 ? new int[] { low, high } : null;
	}

	/** A Child SA negotiates from ESP proposals only, and needs at least one. */
	public static boolean hasUsableProposals(ChildSa child, DiagnosticChain diagnostics, Map<Object, Object> context) {
		boolean ok = checkProposals(child.getEspProposals(), ProposalProtocol.ESP, child,
				PolicyPackage.Literals.CHILD_SA__ESP_PROPOSALS, "Child SA '" + child.getName() + "'", "esp proposals",
				PolicyValidator.CHILD_SA__HAS_USABLE_PROPOSALS, diagnostics);
		return checkRekeyProposals(child.getRekeyEspProposals(), ProposalProtocol.ESP, child,
				PolicyPackage.Literals.CHILD_SA__REKEY_ESP_PROPOSALS, "Child SA '" + child.getName() + "'",
				PolicyValidator.CHILD_SA__HAS_USABLE_PROPOSALS, diagnostics) && ok;
	}

	/** Rekey proposals are optional; those named must be of the protocol (wrong-protocol otherwise). */
	static boolean checkRekeyProposals(List<Proposal> proposals, ProposalProtocol protocol, EObject owner,
			EStructuralFeature feature, String who, int code, DiagnosticChain diagnostics) {
		return ofProtocol(proposals, protocol, owner, feature, who + " rekeys with", code, diagnostics);
	}

	static boolean checkProposals(List<Proposal> proposals, ProposalProtocol protocol, EObject owner,
			EStructuralFeature feature, String who, String keyword, int code, DiagnosticChain diagnostics) {
		if (proposals.isEmpty()) {
			add(diagnostics, Diagnostic.ERROR, code, who + " names no " + protocol.getName() + " proposal: add '" + keyword
					+ " NAME'", at(owner, owner.eClass().getEStructuralFeature("name")), PeerConstraints.MISSING_PROPOSAL);
			return false;
		}
		return ofProtocol(proposals, protocol, owner, feature, who + " uses", code, diagnostics);
	}

	/** wrong-protocol for each proposal of the list that is not of {@code protocol}. */
	private static boolean ofProtocol(List<Proposal> proposals, ProposalProtocol protocol, EObject owner,
			EStructuralFeature feature, String whoUses, int code, DiagnosticChain diagnostics) {
		boolean ok = true;
		for (int i = 0; i < proposals.size(); i++) {
			Proposal p = proposals.get(i);
			if (!PeerConstraints.isProtocol(p, protocol)) {
				ok = false;
				add(diagnostics, Diagnostic.ERROR, code, whoUses + " '" + p.getName() + "', which is an "
						+ p.getProtocol().getName() + " proposal, as an " + protocol.getName() + " proposal",
						new Object[] { owner, feature, i }, PeerConstraints.WRONG_PROTOCOL);
			}
		}
		return ok;
	}
}
