package org.ikewb.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;

/**
 * Two engines on loopback sharing a random PSK: a responder answering {@code ike} (no COOKIE, so
 * the harness measures handshakes, not DoS protection) and the initiator's configuration.
 */
record LoopbackPair(Engine initiator, Engine responder, IkeConfig config) implements AutoCloseable {

	static LoopbackPair open(String ike) throws IOException {
		byte[] psk = new byte[32];
		new SecureRandom().nextBytes(psk);
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		Engine initiator = Engine.bind(any, false);
		Engine responder = Engine.bind(any, false);
		responder.setCookieThreshold(Integer.MAX_VALUE);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, ike, "aes256gcm16"));
		IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, ike, "aes256gcm16")
				.withRetransmission(2000, 3);
		return new LoopbackPair(initiator, responder, config);
	}

	@Override
	public void close() {
		initiator.close();
		responder.close();
	}
}
