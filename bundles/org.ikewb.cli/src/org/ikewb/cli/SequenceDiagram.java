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
	private final InetSocketAddress local;
	private final InetSocketAddress peer;
	private final boolean embedded;

	SequenceDiagram(PrintStream out, InetSocketAddress local, InetSocketAddress peer, boolean embedded) {
		this.out = out;
		this.local = local;
		this.peer = peer;
		this.embedded = embedded;
	}

	void header() {
		out.printf("initiator %s  →  responder %s%s%n", local, peer, embedded ? " (embedded)" : "");
	}

	/** Waits briefly for events still on their way (listeners run on their own thread). */
	void flush() {
		try {
			Thread.sleep(100);
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
