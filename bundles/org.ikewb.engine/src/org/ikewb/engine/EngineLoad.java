package org.ikewb.engine;

import java.util.Map;

/**
 * What an engine turned away to stay up, and what it holds: for a responder's operator (ikewb
 * respond prints it) and for the flood tests.
 *
 * @param datagramsDropped      datagrams dropped because the receive queue (in all, or the sender's
 *                              share) was full
 * @param queuedBytes           octets waiting for the event loop now
 * @param queuedBytesHighWater  the most octets that ever waited
 * @param cookiesSent           IKE_SA_INIT requests answered with a COOKIE (no state kept)
 * @param initDroppedPerSource  IKE_SA_INIT requests dropped: their source held its limit of half-open SAs
 * @param initDroppedGlobal     IKE_SA_INIT requests dropped: the responder held its limit of half-open SAs
 * @param halfOpen              half-open IKE SAs now
 * @param halfOpenBySource      the sources holding the most half-open IKE SAs, most first
 * @param initDroppedOversized  IKE_SA_INIT requests dropped undecoded: larger than any real one (16 KiB)
 * @param traceEventsDropped    trace events dropped because the listeners fell too far behind
 */
public record EngineLoad(long datagramsDropped, long queuedBytes, long queuedBytesHighWater, long cookiesSent,
		long initDroppedPerSource, long initDroppedGlobal, int halfOpen, Map<String, Integer> halfOpenBySource,
		long initDroppedOversized, long traceEventsDropped) {

	public EngineLoad {
		halfOpenBySource = Map.copyOf(halfOpenBySource);
	}

	/** One line for an operator. */
	public String summary() {
		return datagramsDropped + " datagrams dropped (receive queue full), " + initDroppedOversized
				+ " oversized IKE_SA_INIT dropped, " + cookiesSent + " COOKIEs sent, "
				+ initDroppedPerSource + " IKE_SA_INIT dropped (per-source half-open limit), " + initDroppedGlobal
				+ " dropped (half-open limit), " + halfOpen + " half-open" + (halfOpenBySource.isEmpty() ? ""
						: " (most from " + halfOpenBySource.entrySet().iterator().next().getKey() + ": "
								+ halfOpenBySource.entrySet().iterator().next().getValue() + ")")
				+ (traceEventsDropped > 0 ? ", " + traceEventsDropped + " trace events dropped (listeners too slow)" : "");
	}
}
