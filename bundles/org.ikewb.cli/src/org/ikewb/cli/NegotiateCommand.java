package org.ikewb.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;
import org.ikewb.cli.Cli.Parameters;
import org.ikewb.engine.MessageSummary;
import org.ikewb.model.negotiation.Behaviour;
import org.ikewb.model.negotiation.Counterparts;
import org.ikewb.model.negotiation.NegotiationSimulator;
import org.ikewb.model.negotiation.Party;
import org.ikewb.model.negotiation.PolicyParties;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;

/**
 * {@code ikewb negotiate POLICY --peer A [--with POLICY2 --peer B] [--as strongswan|libreswan|ours|…]}:
 * what two configurations would negotiate, predicted without a network (org.ikewb.model.negotiation)
 * and drawn as the sequence diagram of a live run; {@code --fleet} checks every initiator against
 * every responder and prints a matrix, failures and downgrades first. Exit 1 when a pair fails.
 */
final class NegotiateCommand {

	@Command(description = { "Predicts what an initiator peer and a responder peer would negotiate (IKE_SA_INIT with",
			"INVALID_KE_PAYLOAD round trips, one IKE_INTERMEDIATE per additional key exchange, IKE_AUTH with",
			"the first Child SA, sizes on the wire) under each side's selection rules, without a network.",
			"  ikewb negotiate POLICY --peer A --with POLICY2 --peer B [--as strongswan]",
			"  ikewb negotiate POLICY [--with POLICY2] --fleet",
			"Behaviours: ours (this workbench's engine), strongswan (6.1), libreswan (5.2), fortios and",
			"checkpoint (from their documentation, not measured). Default: the policy's only target, else ours.",
			"Exit status: 0 every pair agrees, 1 a pair fails, 2 bad usage or a policy with errors.", "" })
	static final class Spec {
		@Parameters(paramLabel = "POLICY", description = "the initiator's policy file (.ikewb)")
		Path policy;
		@Option(names = "--peer", paramLabel = "NAME", description = "the initiating peer (after --with: the responding one)")
		String peer;
		@Option(names = "--with", paramLabel = "POLICY2", description = "the responder's policy (default: the same file)")
		Path with;
		@Option(names = "--with-peer", paramLabel = "NAME", description = "the responding peer (also: --peer after --with)")
		String withPeer;
		@Option(names = "--as", paramLabel = "BEHAVIOUR", description = "how the responder selects (default: its policy's only target, else ours)")
		String as;
		@Option(names = "--initiator-as", paramLabel = "BEHAVIOUR", description = "how the initiator offers and retries (default as --as)")
		String initiatorAs;
		@Option(names = "--mtu", paramLabel = "OCTETS", converter = Cli.PositiveNumber.class, description = "largest IKE message either side sends before fragmenting (default: each peer's)")
		Integer mtu;
		@Option(names = "--rekeys", description = "also predict a Child SA and an IKE SA rekey")
		boolean rekeys;
		@Option(names = "--fleet", description = "every initiator against each responder meant for it (addresses and identities): a matrix, failures and downgrades first")
		boolean fleet;
		@Option(names = "--all-pairs", description = "with --fleet: every initiator against every responder, counterparts or not")
		boolean allPairs;
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	private final PrintStream out;
	private final PrintStream err;

	NegotiateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> arguments) {
		// the issue's form: a --peer after --with names the responder
		List<String> args = new ArrayList<>(arguments);
		int with = args.indexOf("--with");
		for (int i = with < 0 ? args.size() : with; i < args.size(); i++) {
			if (args.get(i).equals("--peer")) {
				args.set(i, "--with-peer");
			}
		}
		Spec o = new Spec();
		Integer exit = Cli.parse("negotiate", o, args, out, err);
		if (exit != null) {
			return exit;
		}
		try {
			List<Peer> left = peers(o.policy);
			List<Peer> right = o.with == null ? left : peers(o.with);
			Behaviour responderAs = behaviour(o.as, right);
			Behaviour initiatorAs = o.initiatorAs != null ? behaviour(o.initiatorAs, left)
					: o.as != null ? responderAs : behaviour(null, left);
			if (o.fleet) {
				return fleet(left, right, initiatorAs, responderAs, o);
			}
			Peer initiator = pick(left, o.peer, o.policy, true);
			Peer responder = pick(right.stream().filter(p -> p != initiator).toList(), o.withPeer,
					o.with == null ? o.policy : o.with, false);
			Prediction p = predict(initiator, responder, initiatorAs, responderAs, o);
			draw(p);
			return p.agreed() ? Main.OK : Main.FAILED;
		} catch (IllegalArgumentException e) {
			err.println("ikewb negotiate: " + e.getMessage());
			return Main.USAGE;
		}
	}

	private Prediction predict(Peer initiator, Peer responder, Behaviour initiatorAs, Behaviour responderAs, Spec o) {
		Party i = PolicyParties.party(initiator, initiatorAs);
		Party r = PolicyParties.party(responder, responderAs);
		if (i.ike().isEmpty() || r.ike().isEmpty()) {
			throw new IllegalArgumentException("peer '" + (i.ike().isEmpty() ? initiator : responder).getName()
					+ "' has no IKE proposal");
		}
		if (o.mtu != null) {
			if (o.mtu < 300) {
				throw new IllegalArgumentException("--mtu " + o.mtu + ": at least 300 octets (RFC 7383 fragments need room)");
			}
			i = i.withMaxMessage(o.mtu);
			r = r.withMaxMessage(o.mtu);
		}
		return NegotiationSimulator.predict(i, r, o.rekeys);
	}

	/** The predicted sequence diagram, then the verdict. */
	private void draw(Prediction p) {
		out.printf("initiator %s (%s)  →  responder %s (%s)   [predicted]%n", p.initiator().name(),
				p.initiator().behaviour().product(), p.responder().name(), p.responder().behaviour().product());
		for (Prediction.Step step : p.steps()) {
			if (step instanceof Prediction.Message m) {
				String label = m.exchange() + " #" + m.messageId();
				String payloads = MessageSummary.payloads(m.exchange(), !m.response(), m.messageId(), m.protectedMessage(),
						m.payloads(), m.datagrams().size());
				String size = "  " + m.octets() + " B" + (m.datagrams().size() > 1 ? " in " + m.datagrams().size() + " fragments" : "");
				out.println(SequenceDiagram.message(label, !m.response(), payloads, size
						+ (m.note() == null ? "" : "  (" + m.note() + ")")));
			} else if (step instanceof Prediction.Keys k) {
				out.println(SequenceDiagram.keys(k.generation(), k.cause()));
			}
		}
		out.println(p.verdict());
		p.limits().forEach(l -> out.println("left out: " + l));
		if (p.agreed() || p.failure().ikeUp()) {
			out.println("key exchanges: " + String.join(" + ", p.keyExchanges()) + (p.postQuantum() ? " (post-quantum)" : "")
					+ (p.downgraded() ? "  DOWNGRADE: the initiator's first proposal was post-quantum" : ""));
			out.println("octets on the wire: " + p.octetsPerExchange());
		}
		for (Prediction.Rekey r : p.rekeys()) {
			out.println(r.what() + " rekey: " + (r.failure() != null ? "fails: " + r.failure()
					: org.ikewb.protocol.ProposalSyntax.format(r.chosen())
							+ (r.retries() > 0 ? " after " + r.retries() + " INVALID_KE_PAYLOAD" : "")
							+ (r.followups() > 0 ? ", " + r.followups() + " IKE_FOLLOWUP_KE" : "")));
		}
		out.println("responder rules: " + p.responder().behaviour().source());
	}

	private int fleet(List<Peer> left, List<Peer> right, Behaviour initiatorAs, Behaviour responderAs, Spec o) {
		List<Peer> initiators = left.stream().filter(p -> p.getRole() != PeerRole.RESPONDER).toList();
		List<Peer> responders = right.stream().filter(p -> p.getRole() != PeerRole.INITIATOR).toList();
		if (initiators.isEmpty() || responders.isEmpty()) {
			throw new IllegalArgumentException("--fleet needs initiating and responding peers (role initiator, responder or both)");
		}
		List<Prediction> all = new ArrayList<>();
		java.util.Map<Peer, java.util.Map<Peer, Prediction>> grid = new java.util.LinkedHashMap<>();
		for (Peer i : initiators) {
			for (Peer r : responders) {
				if (i != r && !i.getIkeProposals().isEmpty() && !r.getIkeProposals().isEmpty()
						&& (o.allPairs || Counterparts.addressEachOther(i, r))) {
					Prediction p = predict(i, r, initiatorAs, responderAs, o);
					all.add(p);
					grid.computeIfAbsent(i, k -> new java.util.LinkedHashMap<>()).put(r, p);
				}
			}
		}
		out.printf("%d initiators × %d responders, %d %s %s (%s answering)%n", initiators.size(), responders.size(),
				all.size(), all.size() == 1 ? "pair" : "pairs", o.allPairs ? "(every pair)" : "that address each other (--all-pairs for every pair)",
				responderAs.product());
		if (all.isEmpty()) {
			out.println("no initiator addresses a responder of these policies (addresses and identities); try --all-pairs");
			return Main.OK;
		}
		matrix(initiators, responders, grid);
		all.sort(Comparator.comparingInt(NegotiateCommand::rank));
		int failed = 0;
		for (Prediction p : all) {
			String mark = switch (rank(p)) {
			case 0 -> "FAIL     ";
			case 1 -> "CHILD    ";
			case 2 -> "DOWNGRADE";
			case 3 -> "RETRY    ";
			default -> "ok       ";
			};
			failed += rank(p) <= 1 ? 1 : 0;
			out.printf("%s %-28s → %-28s %s%n", mark, p.initiator().name(), p.responder().name(), p.verdict());
		}
		out.printf("%d %s: %d fail, %d downgraded, %d need INVALID_KE_PAYLOAD round trips%n", all.size(), all.size() == 1 ? "pair" : "pairs", failed,
				all.stream().filter(Prediction::downgraded).count(), all.stream().filter(p -> p.retries() > 0).count());
		return failed == 0 ? Main.OK : Main.FAILED;
	}

	/** Rows initiators, columns responders: ✗ fails, c Child SA fails, ↓ downgrade, ↻ retry, ✓ agrees, · not a pair. */
	private void matrix(List<Peer> initiators, List<Peer> responders, java.util.Map<Peer, java.util.Map<Peer, Prediction>> grid) {
		if (responders.size() > 40) {
			return; // a list reads better than a grid this wide
		}
		int width = initiators.stream().mapToInt(p -> p.getName().length()).max().orElse(4);
		out.printf("%-" + width + "s", "");
		for (int c = 0; c < responders.size(); c++) {
			out.printf(" %2d", c + 1);
		}
		out.println();
		for (Peer i : initiators) {
			out.printf("%-" + width + "s", i.getName());
			for (Peer r : responders) {
				Prediction p = grid.getOrDefault(i, java.util.Map.of()).get(r);
				out.print(p == null ? "  ·" : switch (rank(p)) {
				case 0 -> "  ✗";
				case 1 -> "  c";
				case 2 -> "  ↓";
				case 3 -> "  ↻";
				default -> "  ✓";
				});
			}
			out.println();
		}
		for (int c = 0; c < responders.size(); c++) {
			out.printf("%2d %s%n", c + 1, responders.get(c).getName());
		}
		out.println("✗ fails  c Child SA fails  ↓ post-quantum offer ends classical  ↻ INVALID_KE_PAYLOAD round trip  ✓ agrees  · not a pair");
	}

	/** Failures first, then a failed Child SA, downgrades, retries, agreements. */
	private static int rank(Prediction p) {
		if (!p.agreed()) {
			return p.failure().ikeUp() ? 1 : 0;
		}
		return p.downgraded() ? 2 : p.retries() > 0 ? 3 : 4;
	}

	private static Behaviour behaviour(String name, List<Peer> peers) {
		if (name != null) {
			return Behaviour.byKeyword(name).orElseThrow(() -> new IllegalArgumentException("--as " + name
					+ ": one of ours, strongswan, libreswan, fortios, checkpoint"));
		}
		// the policy's only target, else ours: the rule the validator's counterpart check uses too
		return peers.isEmpty() ? Behaviour.OURS : PolicyParties.behaviour(peers.get(0));
	}

	private static Peer pick(List<Peer> peers, String name, Path file, boolean initiator) {
		List<Peer> candidates = peers.stream().filter(p -> name != null ? name.equals(p.getName())
				: p.getRole() != (initiator ? PeerRole.RESPONDER : PeerRole.INITIATOR)).toList();
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		String which = initiator ? "--peer NAME" : "--with POLICY2 --peer NAME";
		if (name != null) {
			throw new IllegalArgumentException(file + " has no peer '" + name + "'");
		}
		throw new IllegalArgumentException(file + " has " + candidates.size() + " possible " + (initiator ? "initiators" : "responders")
				+ ": choose one with " + which + " (" + String.join(", ", candidates.stream().map(Peer::getName).toList()) + ")");
	}

	private List<Peer> peers(Path file) {
		List<Peer> peers = new ArrayList<>();
		PolicyArguments.load(file, err).getPolicies().forEach(p -> peers.addAll(p.getPeers()));
		return peers;
	}
}
