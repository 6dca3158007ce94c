package org.ikewb.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EngineLoad;

/**
 * {@code ikewb respond --summary SECONDS}: a line every SECONDS instead of a line per message, for a
 * responder under load. Printing the diagram of every message costs more than the handshakes (the
 * engine builds a decoded trace for it and the terminal takes a line per message): a responder that
 * prints it makes some 400 IKE SAs per second where its engine makes 2,000. This reads the engine's
 * counters and its errors only, so the engine builds no trace.
 * <p>
 * {@code 14:02:05  4,210 IKE SAs established (842/s), 12,345 in all; 10,020 held (20 half-open); 0 failed; turned away: 12 COOKIEs}
 */
final class RespondSummary {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
	private static final int MOST_ERROR_CHARACTERS = 160;

	private final Engine engine;
	private final PrintStream out;
	private final long everyMillis;
	private final LongAdder errors = new LongAdder();
	private volatile String lastError;
	private long establishedBefore;
	private long failedBefore;
	private long errorsBefore;
	private long nanosBefore = System.nanoTime();
	private final long startNanos = nanosBefore;
	private Thread printer;
	private Thread atExit;

	RespondSummary(Engine engine, PrintStream out, int seconds) {
		this.engine = engine;
		this.out = out;
		this.everyMillis = seconds * 1000L;
		engine.addErrorListener(error -> {
			errors.increment();
			lastError = error.reason();
		});
	}

	/** Prints a line every interval from now on, and the totals when the process ends (Ctrl+C). */
	void start() {
		printer = Thread.ofPlatform().daemon().name("ikewb-respond-summary").start(() -> {
			try {
				while (true) {
					Thread.sleep(everyMillis);
					out.println(line());
				}
			} catch (InterruptedException e) {
				// stopped
			}
		});
		atExit = new Thread(() -> out.println(totals()), "ikewb-respond-totals");
		Runtime.getRuntime().addShutdownHook(atExit);
	}

	/** Stops printing (the command was interrupted, not shut down) and prints the totals. */
	void stop() {
		printer.interrupt();
		try {
			printer.join(2_000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (Runtime.getRuntime().removeShutdownHook(atExit)) {
			out.println(totals());
		}
	}

	/** The line of one interval. */
	synchronized String line() {
		long now = System.nanoTime();
		long established = engine.ikeSasEstablished();
		long failed = engine.ikeSasFailed();
		long errorCount = errors.sum();
		double seconds = Math.max(1e-3, (now - nanosBefore) / 1e9);
		StringBuilder b = new StringBuilder();
		b.append(LocalTime.now().format(TIME)).append("  ")
				.append(sas(established - establishedBefore)).append(" established (")
				.append(rate((established - establishedBefore) / seconds)).append(String.format("/s), %,d in all; ", established));
		EngineLoad load = engine.load();
		int held = engine.ikeSaCount();
		if (held >= 0) {
			b.append(String.format("%,d held", held));
			if (load.halfOpen() >= 0) {
				b.append(String.format(" (%,d half-open)", load.halfOpen()));
			}
			b.append("; ");
		}
		b.append(String.format("%,d failed", failed - failedBefore));
		if (errorCount > errorsBefore) {
			b.append(String.format("; %,d errors, the last: %s", errorCount - errorsBefore, shortened(lastError)));
		}
		String away = turnedAway(load);
		if (!away.isEmpty()) {
			b.append("; turned away since the start: ").append(away);
		}
		establishedBefore = established;
		failedBefore = failed;
		errorsBefore = errorCount;
		nanosBefore = now;
		return b.toString();
	}

	/** The last line: what the whole run made. */
	String totals() {
		double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
		long established = engine.ikeSasEstablished();
		return String.format("in %,.0f s: %s established (%s/s on average), %,d failed, %,d errors", seconds,
				sas(established), rate(established / seconds), engine.ikeSasFailed(), errors.sum());
	}

	private static String sas(long count) {
		return count == 1 ? "1 IKE SA" : String.format("%,d IKE SAs", count);
	}

	/** Per second: a tenth below 10 (a trickle is not 0/s). */
	private static String rate(double perSecond) {
		return perSecond < 10 ? String.format("%.1f", perSecond) : String.format("%,.0f", perSecond);
	}

	/** What the responder refused to stay up, the kinds that happened only; empty when none. */
	static String turnedAway(EngineLoad load) {
		List<String> parts = new ArrayList<>();
		count(parts, load.cookiesSent(), "COOKIEs asked");
		count(parts, load.datagramsDropped(), "datagrams dropped (receive queue full)");
		count(parts, load.initDroppedPerSource(), "IKE_SA_INIT dropped (per-source half-open limit: --half-open-per-source)");
		count(parts, load.initDroppedGlobal(), "IKE_SA_INIT dropped (half-open limit)");
		count(parts, load.initDroppedOversized(), "oversized IKE_SA_INIT dropped");
		return String.join(", ", parts);
	}

	private static void count(List<String> parts, long count, String what) {
		if (count > 0) {
			parts.add(String.format("%,d %s", count, what));
		}
	}

	private static String shortened(String text) {
		if (text == null) {
			return "";
		}
		return text.length() <= MOST_ERROR_CHARACTERS ? text : text.substring(0, MOST_ERROR_CHARACTERS - 1) + "…";
	}
}
