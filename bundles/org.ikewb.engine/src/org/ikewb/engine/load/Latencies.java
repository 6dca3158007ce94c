package org.ikewb.engine.load;

import java.util.Arrays;

/**
 * Latency samples of one kind (an exchange type, or whole handshakes), in microseconds, kept whole
 * so that percentiles are exact; a load run is bounded in count, so is this. Thread-safe.
 */
final class Latencies {

	private long[] micros = new long[256];
	private int size;

	synchronized void add(long nanos) {
		if (size == micros.length) {
			micros = Arrays.copyOf(micros, size * 2);
		}
		micros[size++] = Math.max(0, nanos / 1000);
	}

	/** Nearest-rank percentiles of what was recorded so far. */
	synchronized LoadReport.Percentiles percentiles() {
		if (size == 0) {
			return new LoadReport.Percentiles(0, 0, 0, 0, 0);
		}
		long[] sorted = Arrays.copyOf(micros, size);
		Arrays.sort(sorted);
		return new LoadReport.Percentiles(size, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[size - 1] / 1000.0);
	}

	private static double rank(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
	}
}
