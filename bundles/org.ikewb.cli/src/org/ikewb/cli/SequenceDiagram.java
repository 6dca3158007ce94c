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

	@Override
	public synchronized void onEvent(TraceEvent event) {
		if (event instanceof TraceEvent.Message m) {
			boolean sent = m.direction() == TraceEvent.Direction.SENT;
			String arrow = sent ? "-".repeat(WIDTH - 1) + ">" : "<" + "-".repeat(WIDTH - 1);
			out.printf("  %-22s %s %s%s%n", MessageSummary.exchange(m), arrow, MessageSummary.payloads(m),
					m.retransmission() ? "  (retransmission)" : "");
		} else if (event instanceof TraceEvent.KeysDerived k) {
			out.printf("  %s keys generation %d: %s %s%n", "=".repeat(22), k.generation(), k.cause(), "=".repeat(8));
		} else if (event instanceof TraceEvent.Error e) {
			out.println("  !! " + e.reason());
		}
	}
}
