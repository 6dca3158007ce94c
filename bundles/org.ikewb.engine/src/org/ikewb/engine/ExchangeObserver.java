package org.ikewb.engine;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeMessage;

/**
 * Told of each request an engine sends and each response to it that arrives (authenticated), on
 * the engine's event loop, as it happens: what a load generator needs to time exchanges, without
 * the trace — no event per message, no decode with field spans, no hand-off to the listeners'
 * thread, which cost a traced engine several times the CPU of the handshake itself. Runs on the
 * loop: it must be quick and thread-safe, and must not block.
 */
public interface ExchangeObserver {

	/**
	 * A request left.
	 *
	 * @param retransmission sent again: no response came in time
	 * @param nanoTime {@link System#nanoTime()} when it was sent
	 */
	void requestSent(long initiatorSpi, long messageId, ExchangeType type, boolean retransmission, long nanoTime);

	/**
	 * A response to one of our requests arrived.
	 *
	 * @param response the message as received (for SK-protected messages, the outer message: its
	 *        header; an IKE_SA_INIT response in full, with its notifies)
	 */
	void responseReceived(long initiatorSpi, long messageId, IkeMessage response, long nanoTime);
}
