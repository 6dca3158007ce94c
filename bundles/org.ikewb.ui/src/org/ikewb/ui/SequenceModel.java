package org.ikewb.ui;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.engine.MessageSummary;
import org.ikewb.engine.TraceEvent;

/**
 * What the sequence diagram shows, built from trace events: one arrow per message (exchange, message
 * ID, payload list, retransmission, fragments), a band wherever the IKE SA keys change, errors.
 * Plain data, filled on the UI thread.
 */
public final class SequenceModel {

	/** One row of the diagram. */
	public sealed interface Row {
	}

	/** A message: {@code toResponder} for initiator → responder arrows. */
	public record Arrow(boolean toResponder, String exchange, String payloads, boolean retransmission, int fragments,
			int keyGeneration, TraceEvent.Message event) implements Row {
		public String label() {
			return exchange + "  " + payloads + (retransmission ? "  (retransmission)" : "");
		}
	}

	/** The IKE SA keys changed: SKEYSEED(n) and what produced it. */
	public record KeyBand(int generation, String cause) implements Row {
	}

	/** Something failed or was dropped. */
	public record ErrorRow(String reason) implements Row {
	}

	private final List<Row> rows = new ArrayList<>();
	private String initiator = "initiator";
	private String responder = "responder";

	public void setLifelines(String initiator, String responder) {
		this.initiator = initiator;
		this.responder = responder;
	}

	public String initiator() {
		return initiator;
	}

	public String responder() {
		return responder;
	}

	public void clear() {
		rows.clear();
	}

	/** Adds what the event shows; events that are not drawn are ignored. Returns whether a row was added. */
	public boolean add(TraceEvent event) {
		if (event instanceof TraceEvent.Message m) {
			boolean fromInitiator = m.message().header().fromInitiator();
			rows.add(new Arrow(fromInitiator, MessageSummary.exchange(m), MessageSummary.payloads(m), m.retransmission(),
					m.datagrams().size(), m.keyGeneration(), m));
			return true;
		}
		if (event instanceof TraceEvent.KeysDerived k) {
			rows.add(new KeyBand(k.generation(), k.cause()));
			return true;
		}
		if (event instanceof TraceEvent.Error e) {
			rows.add(new ErrorRow(e.reason()));
			return true;
		}
		return false;
	}

	public List<Row> rows() {
		return List.copyOf(rows);
	}

	public List<Arrow> arrows() {
		return rows.stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
	}
}
