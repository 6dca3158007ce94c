package org.ikewb.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import org.ikewb.protocol.ExchangeType;

/**
 * Stepping through exchanges: the engine can pause before each message it sends and after each
 * message it receives (before processing it). Pausing never blocks the event loop: the rest of the
 * work is kept as a continuation and run when the user steps or continues; other IKE SAs go on.
 * Either every point pauses ({@link #setStepping(boolean) stepping}), or only the exchange types
 * with a breakpoint.
 */
public final class StepController {

	/** Where an exchange stopped. */
	public enum Point {
		BEFORE_SEND, AFTER_RECEIVE
	}

	/**
	 * A pause: which IKE SA, where, and what message — {@code message} as decoded (the one about to be
	 * sent, or the one received), when the engine is traced; null otherwise.
	 */
	public record Pause(long initiatorSpi, Point point, ExchangeType exchange, long messageId, boolean response,
			org.ikewb.protocol.DecodedMessage message) {
		@Override
		public String toString() {
			return (point == Point.BEFORE_SEND ? "before sending " : "after receiving ") + exchange + " "
					+ (response ? "response" : "request") + " #" + messageId;
		}
	}

	private record Waiting(Pause pause, Runnable continuation) {
	}

	private final Executor loop;
	private final Deque<Waiting> waiting = new ArrayDeque<>();
	private final Set<String> breakpoints = new java.util.HashSet<>();
	private volatile boolean stepping;
	private int credits;
	private boolean runOnWithoutCredits;
	private volatile java.util.function.Consumer<Pause> onPause = p -> {
	};

	StepController(Executor loop) {
		this.loop = loop;
	}

	/** Pause at every point (Debug), or only at breakpoints (Run with breakpoints). */
	public void setStepping(boolean on) {
		stepping = on;
	}

	public boolean stepping() {
		return stepping;
	}

	/** Pause at both points of every message of these exchange types. */
	public synchronized void addBreakpoint(ExchangeType type) {
		breakpoints.add(type.ianaName());
	}

	public synchronized void removeBreakpoint(ExchangeType type) {
		breakpoints.remove(type.ianaName());
	}

	void onPause(java.util.function.Consumer<Pause> listener) {
		this.onPause = listener;
	}

	/** The pause the engine waits at, if any. */
	public synchronized Optional<Pause> current() {
		return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.peekFirst().pause());
	}

	/**
	 * Runs to the next pause point. A step asked for while nothing waits is kept (type-ahead): the
	 * next point is reported but passed.
	 */
	public void step() {
		Waiting next;
		synchronized (this) {
			next = waiting.pollFirst();
			if (next == null) {
				credits++;
			}
		}
		if (next != null) {
			loop.execute(next.continuation());
		}
	}

	/** Once the steps asked for ahead are used up, run on (the end of scripted input). */
	public synchronized void runOnAfterSteps() {
		runOnWithoutCredits = true;
		if (credits == 0 && waiting.isEmpty()) {
			stepping = false;
		} else if (credits == 0) {
			resume();
		}
	}

	/** Stops stepping and runs on until the next breakpoint. */
	public void resume() {
		stepping = false;
		Deque<Waiting> all;
		synchronized (this) {
			all = new ArrayDeque<>(waiting);
			waiting.clear();
		}
		for (Waiting w : all) {
			loop.execute(w.continuation());
		}
	}

	/** Called on the loop: runs {@code continuation} now, or keeps it until the user steps. */
	void gate(Pause pause, Runnable continuation) {
		boolean reached;
		boolean wait = false;
		synchronized (this) {
			reached = stepping || breakpoints.contains(pause.exchange().ianaName());
			if (reached) {
				if (credits > 0) {
					credits--;
				} else if (runOnWithoutCredits) {
					stepping = false;
				} else {
					waiting.addLast(new Waiting(pause, continuation));
					wait = true;
				}
			}
		}
		if (reached) {
			onPause.accept(pause);
		}
		if (!wait) {
			continuation.run();
		}
	}
}
