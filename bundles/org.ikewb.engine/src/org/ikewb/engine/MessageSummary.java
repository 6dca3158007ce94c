package org.ikewb.engine;

import java.util.List;
import java.util.stream.Collectors;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * How a traced message reads in a sequence diagram: the exchange, its message ID and the payload
 * list, encrypted payloads shown inside {@code SK{...}}, KE payloads with their method and round:
 * {@code IKE_INTERMEDIATE #1  SK{KEi(1) ML-KEM-768}}.
 */
public final class MessageSummary {

	private MessageSummary() {
	}

	public static String exchange(TraceEvent.Message m) {
		return m.message().header().exchangeType() + " #" + m.message().header().messageIdUnsigned();
	}

	public static String payloads(TraceEvent.Message m) {
		// KEi/KEr as RFC 7296 names them per exchange: i in the request, r in the response, whoever
		// started the IKE SA (a peer-started rekey's request carries KEi too)
		boolean fromInitiator = !m.message().header().isResponse();
		ExchangeType type = m.message().header().exchangeType();
		int round = type.equals(ExchangeType.IKE_INTERMEDIATE) ? (int) m.message().header().messageIdUnsigned() : 0;
		if (type.equals(ExchangeType.IKE_SA_INIT)) {
			return list(m.message().payloads(), fromInitiator, 0);
		}
		String inner = list(m.inner(), fromInitiator, round); // retransmissions carry their decoded message too
		String envelope = m.datagrams().size() > 1 ? "SKF×" + m.datagrams().size() : "SK";
		return envelope + "{" + inner + "}";
	}

	/**
	 * The same summary for a message that was not traced but predicted (the negotiation simulator):
	 * its exchange, direction, ID, payloads (inner ones when protected) and how many datagrams carry it.
	 */
	public static String payloads(ExchangeType type, boolean fromInitiator, long messageId, boolean protectedMessage,
			List<Payload> payloads, int datagrams) {
		int round = type.equals(ExchangeType.IKE_INTERMEDIATE) ? (int) messageId : 0;
		if (!protectedMessage) {
			return list(payloads, fromInitiator, 0);
		}
		return (datagrams > 1 ? "SKF×" + datagrams : "SK") + "{" + list(payloads, fromInitiator, round) + "}";
	}

	private static String list(List<Payload> payloads, boolean fromInitiator, int round) {
		return payloads.stream().map(p -> one(p, fromInitiator, round)).collect(Collectors.joining(" "));
	}

	private static String one(Payload p, boolean fromInitiator, int round) {
		if (p instanceof Payload.Ke ke) {
			return "KE" + (fromInitiator ? "i" : "r") + (round > 0 ? "(" + round + ")" : "") + " " + ke.method().ianaName();
		}
		if (p instanceof Payload.Notify n) {
			return "N(" + n.notifyType().ianaName() + ")";
		}
		if (p.type().equals(PayloadType.SA)) {
			return "SA";
		}
		return p.summary();
	}
}
