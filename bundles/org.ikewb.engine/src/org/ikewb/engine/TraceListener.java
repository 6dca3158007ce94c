package org.ikewb.engine;

/** Receives trace events, on a thread of its own: a slow listener never stalls the network. */
@FunctionalInterface
public interface TraceListener {
	void onEvent(TraceEvent event);
}
