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

	/**
	 * The IKE SA keys changed: SKEYSEED(n) of the IKE SA with this initiator's SPI, and what produced
	 * it; {@code sa} names the IKE SA (SPIs) when it is not the run's first one (a rekeyed IKE SA starts
	 * again at generation 0). Drawn before the first message these keys protect.
	 */
	public record KeyBand(long initiatorSpi, int generation, String cause, String sa) implements Row {
		public String label() {
			return "keys generation " + generation + (sa == null ? "" : " of IKE SA " + sa) + ": " + cause;
		}
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
	/** Keys by IKE SA (initiator's SPI) and generation: every IKE SA counts its generations from 0. */
	private record KeyId(long initiatorSpi, int generation) {
	}

	private final Map<KeyId, IkeSaKeys> keys = new HashMap<>();
	/** Key bands no message has used yet: drawn last until the first message they protect arrives. */
	private final Map<KeyId, KeyBand> unused = new HashMap<>();
	private final List<KeyBand> bandOrder = new ArrayList<>();
	/** The run's first IKE SA (its initiator's SPI), once keys exist. */
	private Long firstSa;
	/** Whether the engine traced is the left lifeline (the initiator's): arrows follow each message's direction. */
	private boolean localOnLeft = true;
	private final List<IntAuth> intAuth = new ArrayList<>();
	private String initiator = "initiator";
	private String responder = "responder";

	/** The rows are a prediction (nothing was sent): no times, no traffic to export. */
	private boolean predicted;

	public void setPredicted(boolean prediction) {
		predicted = prediction;
	}

	public boolean predicted() {
		return predicted;
	}

	public void setLifelines(String initiator, String responder) {
		setLifelines(initiator, responder, true);
	}

	/**
	 * Names the lifelines; {@code localIsInitiator}: the traced engine is the left one (it initiates),
	 * else the right one (it responds). An arrow goes from the sender's lifeline to the receiver's,
	 * whoever started the IKE SA it belongs to (the peer may start a rekey).
	 */
	public void setLifelines(String initiator, String responder, boolean localIsInitiator) {
		this.initiator = initiator;
		this.responder = responder;
		this.localOnLeft = localIsInitiator;
	}

	public String initiator() {
		return initiator;
	}

	public String responder() {
		return responder;
	}

	public void clear() {
		predicted = false;
		rows.clear();
		keys.clear();
		unused.clear();
		bandOrder.clear();
		firstSa = null;
		intAuth.clear();
	}

	/** Adds what the event shows; events that are not drawn are ignored. Returns whether a row changed. */
	public boolean add(TraceEvent event) {
		if (event instanceof TraceEvent.Message m) {
			dropPause();
			// by the event's direction, not the header's Initiator flag: after a rekey the peer started, the
			// peer is that IKE SA's original initiator
			boolean sent = m.direction() == TraceEvent.Direction.SENT;
			// the band of new keys moves to the first message they protect: after an IKE SA rekey the old
			// SA's last messages (its delete) come before it
			KeyBand band = m.keyGeneration() < 0 ? null : unused.remove(new KeyId(m.initiatorSpi(), m.keyGeneration()));
			if (band != null) {
				rows.remove(band);
				rows.add(band);
			}
			rows.removeAll(unused.values()); // the others stay last, below this message
			rows.add(new Arrow(sent == localOnLeft, MessageSummary.exchange(m), MessageSummary.payloads(m), m.retransmission(),
					m.datagrams().size(), m.keyGeneration(), m));
			unused.values().stream().sorted(java.util.Comparator.comparingInt(bandOrder::indexOf)).forEach(rows::add);
			return true;
		}
		if (event instanceof TraceEvent.KeysDerived k) {
			if (firstSa == null) {
				firstSa = k.initiatorSpi();
			}
			if (k.keys() != null) {
				keys.put(new KeyId(k.initiatorSpi(), k.generation()), k.keys());
			}
			KeyBand band = new KeyBand(k.initiatorSpi(), k.generation(), k.cause(), k.initiatorSpi() == firstSa ? null
					: String.format("%016x/%016x", k.initiatorSpi(), k.responderSpi()));
			rows.add(band);
			bandOrder.add(band);
			unused.put(new KeyId(k.initiatorSpi(), k.generation()), band);
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

	/**
	 * The run failed: its reason as the last row, unless the engine's trace already drew it (a failure
	 * before any IKE SA existed, or outside the engine, has no trace event).
	 */
	public boolean addFailure(String reason) {
		if (rows.stream().anyMatch(r -> r instanceof ErrorRow e && e.reason().equals(reason))) {
			return false;
		}
		rows.add(new ErrorRow(reason));
		return true;
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

	/** The keys of one generation of one IKE SA (its initiator's SPI), if keys were traced. */
	public Optional<IkeSaKeys> keys(long initiatorSpi, int generation) {
		return Optional.ofNullable(keys.get(new KeyId(initiatorSpi, generation)));
	}

	/** The keys that protected a message: its IKE SA's, of the generation it was protected with. */
	public Optional<IkeSaKeys> keys(Arrow arrow) {
		return arrow.keyGeneration() < 0 ? Optional.empty() : keys(arrow.event().initiatorSpi(), arrow.keyGeneration());
	}

	public List<IntAuth> intAuth() {
		return List.copyOf(intAuth);
	}
}
