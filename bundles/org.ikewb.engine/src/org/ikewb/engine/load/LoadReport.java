package org.ikewb.engine.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a load run measured: how many IKE SAs were started, established and failed (by reason), in
 * what time, the latency of each exchange type (IKE_SA_INIT, each IKE_INTERMEDIATE, IKE_AUTH) and of
 * whole handshakes, and the retransmissions it took.
 *
 * @param latencies by exchange label in message order ({@code IKE_SA_INIT (COOKIE)} where the peer asked
 *                  for one, {@code IKE_SA_INIT}, {@code IKE_INTERMEDIATE #1}, ..., {@code IKE_AUTH}), then
 *                  {@code handshake}; milliseconds
 */
public record LoadReport(int requested, int started, int established, Map<String, Integer> failures, Duration elapsed,
		Map<String, Percentiles> latencies, long retransmissions, int deleted) {

	/** Nearest-rank percentiles in milliseconds. */
	public record Percentiles(int samples, double p50, double p90, double p99, double max) {
	}

	public LoadReport {
		failures = Map.copyOf(failures);
		latencies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(latencies));
	}

	/** Failed IKE SAs, all reasons together. */
	public int failed() {
		return failures.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** Established IKE SAs per second of the run. */
	public double rate() {
		double seconds = elapsed.toNanos() / 1e9;
		return seconds <= 0 ? 0 : established / seconds;
	}

	/** The report as JSON (one object; numbers in milliseconds and per second). */
	public String json() {
		StringBuilder b = new StringBuilder();
		b.append("{\n  \"requested\": ").append(requested).append(",\n  \"started\": ").append(started)
				.append(",\n  \"established\": ").append(established).append(",\n  \"failed\": ").append(failed())
				.append(",\n  \"failures\": {");
		String sep = "";
		for (var f : new java.util.TreeMap<>(failures).entrySet()) {
			b.append(sep).append("\n    ").append(quote(f.getKey())).append(": ").append(f.getValue());
			sep = ",";
		}
		b.append(failures.isEmpty() ? "}" : "\n  }").append(",\n  \"seconds\": ").append(number(elapsed.toNanos() / 1e9))
				.append(",\n  \"rate\": ").append(number(rate())).append(",\n  \"retransmissions\": ").append(retransmissions)
				.append(",\n  \"deleted\": ").append(deleted).append(",\n  \"latency_ms\": {");
		sep = "";
		for (var l : latencies.entrySet()) {
			Percentiles p = l.getValue();
			b.append(sep).append("\n    ").append(quote(l.getKey())).append(": {\"samples\": ").append(p.samples())
					.append(", \"p50\": ").append(number(p.p50())).append(", \"p90\": ").append(number(p.p90()))
					.append(", \"p99\": ").append(number(p.p99())).append(", \"max\": ").append(number(p.max())).append('}');
			sep = ",";
		}
		return b.append(latencies.isEmpty() ? "}" : "\n  }").append("\n}\n").toString();
	}

	private static String number(double d) {
		return String.format(Locale.ROOT, "%.3f", d);
	}

	private static String quote(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			} else if (c < 0x20) {
				b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			} else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}
}
