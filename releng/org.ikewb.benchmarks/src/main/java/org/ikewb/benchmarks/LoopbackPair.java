package org.ikewb.benchmarks;

import java.io.IOException;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;

/**
 * The engine's loopback session (the one the command line and the workbench run against) with a
 * random PSK: the responder answers {@code ike}, never asks for a COOKIE and holds any number of
 * half-open IKE SAs per source, so the harness measures handshakes, not DoS protection; {@code config} is the initiator's.
 */
record LoopbackPair(LoopbackSession session, IkeConfig config) implements AutoCloseable {

	static LoopbackPair open(String ike) throws IOException {
		byte[] psk = LoopbackSession.randomPsk();
		LoopbackSession session = LoopbackSession.open(false,
				IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, ike, "aes256gcm16")).withoutCookies();
		// one initiator address with 64 in flight: the per-source half-open cap (32, as strongSwan's
		// block_threshold) would drop half of them, and the benchmark would measure retransmission timers
		session.responder().setHalfOpenLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
		IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, ike, "aes256gcm16")
				.withRetransmission(2000, 3);
		return new LoopbackPair(session, config);
	}

	Engine initiator() {
		return session.initiator();
	}

	Engine responder() {
		return session.responder();
	}

	@Override
	public void close() {
		session.close();
	}
}
