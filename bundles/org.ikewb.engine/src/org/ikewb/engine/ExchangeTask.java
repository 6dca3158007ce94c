package org.ikewb.engine;

import java.util.List;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * One exchange on an IKE SA that builds and processes its own payloads (the shape of strongSwan's
 * charon tasks), in one or both roles: {@link Initiator} builds the request and processes the
 * response, {@link Responder} processes the request and builds the response. The {@link TaskManager}
 * alone decides when a task runs, which message ID it gets and what is sent again.
 */
interface ExchangeTask {

	ExchangeType exchangeType();

	/** The signed data (RFC 9242 A | P) of the request and response of an encrypted exchange. */
	record ExchangeData(Octets request, Octets response) {
	}

	/** The initiator's side of an exchange: queued, then run when no other request is in flight. */
	interface Initiator extends ExchangeTask {

		/** The request's payloads (inside SK unless IKE_SA_INIT). */
		List<Payload> buildRequest(IkeSa sa) throws IkeFailure;

		/** The response's payloads; {@code exchange} holds both messages' IntAuth data. */
		void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure;

		/** The IKE SA failed before this exchange completed (no response, deleted ...). */
		default void failed(String reason) {
		}
	}

	/** The responder's side of an exchange: made for one request and dropped after its response. */
	interface Responder extends ExchangeTask {

		/** The response to {@code request}. */
		List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure;

		/** Called once the response is on the wire (keys change only after it was protected). */
		default void responseSent(IkeSa sa, ExchangeData exchange) {
		}
	}
}
