package org.ikewb.model.negotiation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.TransformType;

/**
 * What a negotiation between two configurations is predicted to do: each message with its payloads
 * and its size on the wire, the key generations, what was agreed, or where and why it fails.
 *
 * @param ike       the IKE proposal the responder selects (null when IKE_SA_INIT fails)
 * @param esp       the first Child SA's ESP proposal (null when none is created)
 * @param retries   INVALID_KE_PAYLOAD round trips before IKE_SA_INIT succeeds
 * @param failure   why it stops, or null
 * @param rekeys    the predicted rekeys (Child SA first, then IKE SA) when asked for
 * @param limits    what either side's implementation cannot negotiate and was therefore left out of its proposals
 */
public record Prediction(Party initiator, Party responder, List<Step> steps, Payload.Proposal ike, Payload.Proposal esp,
		int retries, Failure failure, List<Rekey> rekeys, List<String> limits) {

	/** One event of the predicted sequence diagram. */
	public sealed interface Step permits Message, Keys {
	}

	/**
	 * One message.
	 *
	 * @param payloads the payloads (inside SK/SKF for protected exchanges), as our engine would build them;
	 *                 other implementations add or omit a few notifies (tens of octets)
	 * @param datagrams the length of each IKE message carrying it (several: SKF fragments), IKE header
	 *                  included, non-ESP marker and UDP/IP headers not
	 */
	public record Message(ExchangeType exchange, long messageId, boolean response, boolean protectedMessage,
			List<Payload> payloads, List<Integer> datagrams, String note) implements Step {
		public int octets() {
			return datagrams.stream().mapToInt(Integer::intValue).sum();
		}
	}

	/** New keys of an IKE SA: generation 0 after IKE_SA_INIT, then one per additional key exchange. */
	public record Keys(int generation, String cause) implements Step {
	}

	/**
	 * Why the negotiation stops.
	 *
	 * @param exchange   where
	 * @param error      the error the responder answers with
	 * @param reason     in words, naming the transform types that have no overlap
	 * @param ikeUp      the IKE SA was established (only the Child SA failed)
	 */
	public record Failure(ExchangeType exchange, NotifyType error, String reason, boolean ikeUp) {
	}

	/** A predicted rekey: what it selects, its INVALID_KE_PAYLOAD round trips and IKE_FOLLOWUP_KE exchanges. */
	public record Rekey(String what, Payload.Proposal chosen, int retries, int followups, String failure) {
	}

	public boolean agreed() {
		return failure == null;
	}

	/** The KE and ADDKE methods of the IKE SA, in round order ("x25519", "mlkem768", "none"). */
	public List<String> keyExchanges() {
		if (ike == null) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		out.add(Behaviour.name(Behaviour.method(ike, TransformType.KE)));
		int last = 0;
		for (int r = 1; r <= 7; r++) {
			if (Behaviour.method(ike, TransformType.additionalKeyExchange(r)) != 0) {
				last = r;
			}
		}
		for (int r = 1; r <= last; r++) {
			out.add(Behaviour.name(Behaviour.method(ike, TransformType.additionalKeyExchange(r))));
		}
		return out;
	}

	/** Whether a post-quantum method protects the IKE SA. */
	public boolean postQuantum() {
		return ike != null && ike.transforms().stream().filter(t -> t.transformType().carriesKeyExchange())
				.anyMatch(t -> KeyExchangeMethod.of(t.id()).postQuantum());
	}

	/** The initiator offered post-quantum key exchange in its first proposal, and the agreement has none. */
	public boolean downgraded() {
		boolean offered = !initiator.ike().isEmpty() && initiator.ike().get(0).transforms().stream()
				.filter(t -> t.transformType().carriesKeyExchange()).anyMatch(t -> KeyExchangeMethod.of(t.id()).postQuantum());
		return agreed() && offered && !postQuantum();
	}

	/** Messages of one exchange type. */
	public List<Message> messages(ExchangeType type) {
		return steps.stream().filter(s -> s instanceof Message m && m.exchange().equals(type)).map(Message.class::cast)
				.toList();
	}

	/** IKE_INTERMEDIATE exchanges (one per ADDKE round not chosen as NONE). */
	public int intermediates() {
		return (int) messages(ExchangeType.IKE_INTERMEDIATE).stream().filter(m -> !m.response()).count();
	}

	/** A one-line verdict: "agreed: aes256gcm16-prfsha384-x25519-ke1_mlkem768 / esp aes256gcm16" or the failure. */
	public String verdict() {
		if (failure != null && !failure.ikeUp()) {
			return "fails in " + failure.exchange() + ": " + failure.error().ianaName() + " — " + failure.reason();
		}
		String s = "agreed: " + ProposalSyntax.format(ike) + (retries > 0 ? " after " + retries + " INVALID_KE_PAYLOAD" : "");
		if (failure != null) {
			return s + "; Child SA fails: " + failure.error().ianaName() + " — " + failure.reason();
		}
		return esp == null ? s + " (no Child SA)" : s + " / esp " + ProposalSyntax.format(esp);
	}

	/** Octets on the wire per exchange type, both directions, every attempt. */
	public String octetsPerExchange() {
		return steps.stream().filter(s -> s instanceof Message).map(Message.class::cast)
				.collect(Collectors.groupingBy(m -> m.exchange().toString(), java.util.LinkedHashMap::new,
						Collectors.summingInt(Message::octets)))
				.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
	}
}
