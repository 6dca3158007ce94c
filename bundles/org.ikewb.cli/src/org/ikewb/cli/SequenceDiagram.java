package org.ikewb.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;

import org.ikewb.engine.MessageSummary;
import org.ikewb.engine.TraceEvent;
import org.ikewb.engine.TraceListener;

/** Prints an exchange as a text sequence diagram while it happens: one arrow per message, key changes as bands. */
final class SequenceDiagram implements TraceListener {

	private static final int WIDTH = 24;

	private final PrintStream out;
	private final org.ikewb.engine.Engine engine;
	private final InetSocketAddress local;
	private final InetSocketAddress peer;
	private final boolean embedded;

	SequenceDiagram(PrintStream out, org.ikewb.engine.Engine engine, InetSocketAddress peer, boolean embedded) {
		this.out = out;
		this.engine = engine;
		this.local = engine.localAddress();
		this.peer = peer;
		this.embedded = embedded;
	}

	void header() {
		out.printf("initiator %s  →  responder %s%s%n", local, peer, embedded ? " (embedded)" : "");
	}

	/**
	 * Waits until the events emitted so far are drawn (listeners run on a thread of their own), so
	 * that what the command prints next comes after them. Not a fixed pause: that cost every run
	 * 100 ms per call, and could still be too short on a busy machine.
	 */
	void flush() {
		try {
			engine.flushTrace(java.time.Duration.ofSeconds(2));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** One arrow: the initiator's messages point right, the responder's left (live runs and predictions alike). */
	static String message(String exchange, boolean fromInitiator, String payloads, String suffix) {
		String arrow = fromInitiator ? "-".repeat(WIDTH - 1) + ">" : "<" + "-".repeat(WIDTH - 1);
		return String.format("  %-22s %s %s%s", exchange, arrow, payloads, suffix);
	}

	/** A band where new keys start. */
	static String keys(int generation, String cause) {
		return String.format("  %s keys generation %d: %s %s", "=".repeat(22), generation, cause, "=".repeat(8));
	}

	@Override
	public synchronized void onEvent(TraceEvent event) {
		if (event instanceof TraceEvent.Message m) {
			out.println(message(MessageSummary.exchange(m), m.direction() == TraceEvent.Direction.SENT,
					MessageSummary.payloads(m), m.retransmission() ? "  (retransmission)" : ""));
		} else if (event instanceof TraceEvent.KeysDerived k) {
			out.println(keys(k.generation(), k.cause()));
		} else if (event instanceof TraceEvent.Error e) {
			out.println("  !! " + e.reason());
		}
	}
}
