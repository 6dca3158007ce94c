package org.ikewb.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.engine.MessageSummary;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceEvent;

/**
 * What the sequence diagram shows, built from trace events: one arrow per message (exchange, message
 * ID, payload list, retransmission, fragments), a band wherever the IKE SA keys change, the point
 * where a stepped exchange waits, errors. Keeps each key generation and the IntAuth values for the
 * message inspector. Plain data, filled on the UI thread.
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

	/** A stepped exchange waits here (before sending or after receiving a message). */
	public record StepRow(StepController.Pause pause) implements Row {
	}

	/** The IntAuth values after one IKE_INTERMEDIATE exchange. */
	public record IntAuth(int exchange, String initiator, String responder) {
	}

	private final List<Row> rows = new ArrayList<>();
	private final Map<Integer, IkeSaKeys> keys = new HashMap<>();
	private final List<IntAuth> intAuth = new ArrayList<>();
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
		keys.clear();
		intAuth.clear();
	}

	/** Adds what the event shows; events that are not drawn are ignored. Returns whether a row changed. */
	public boolean add(TraceEvent event) {
		if (event instanceof TraceEvent.Message m) {
			dropPause();
			boolean fromInitiator = m.message().header().fromInitiator();
			rows.add(new Arrow(fromInitiator, MessageSummary.exchange(m), MessageSummary.payloads(m), m.retransmission(),
					m.datagrams().size(), m.keyGeneration(), m));
			return true;
		}
		if (event instanceof TraceEvent.KeysDerived k) {
			if (k.keys() != null) {
				keys.put(k.generation(), k.keys());
			}
			rows.add(new KeyBand(k.generation(), k.cause()));
			return true;
		}
		if (event instanceof TraceEvent.IntAuthUpdated a) {
			intAuth.add(new IntAuth(a.exchange(), a.initiator().hex(), a.responder().hex()));
			return false;
		}
		if (event instanceof TraceEvent.Paused p) {
			dropPause();
			rows.add(new StepRow(p.pause()));
			return true;
		}
		if (event instanceof TraceEvent.Error e) {
			rows.add(new ErrorRow(e.reason()));
			return true;
		}
		return false;
	}

	/** The exchange went on: the pause row leaves the diagram. */
	public boolean dropPause() {
		return rows.removeIf(StepRow.class::isInstance);
	}

	public List<Row> rows() {
		return List.copyOf(rows);
	}

	public List<Arrow> arrows() {
		return rows.stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
	}

	/** Where a stepped exchange waits now. */
	public Optional<StepController.Pause> pause() {
		return rows.stream().filter(StepRow.class::isInstance).map(r -> ((StepRow) r).pause()).findFirst();
	}

	/** The keys of one generation, if keys were traced. */
	public Optional<IkeSaKeys> keys(int generation) {
		return Optional.ofNullable(keys.get(generation));
	}

	public List<IntAuth> intAuth() {
		return List.copyOf(intAuth);
	}
}
