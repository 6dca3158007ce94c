package org.ikewb.engine;

import java.util.List;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * One exchange, queued on an IKE SA, that builds and processes its own payloads (the shape of
 * strongSwan's charon tasks). As initiator of the exchange it builds the request and processes the
 * response; as responder it processes the request and builds the response.
 */
interface ExchangeTask {

	ExchangeType exchangeType();

	/** Initiator: the request's payloads (inside SK unless IKE_SA_INIT). */
	List<Payload> buildRequest(IkeSa sa) throws IkeFailure;

	/** Initiator: the response's payloads; {@code exchange} holds both messages' IntAuth data. */
	void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure;

	/** Responder: the response to {@code request}. */
	List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure;

	/** The IKE SA failed before this exchange completed (no response, deleted ...). */
	default void failed(String reason) {
	}

	/** Responder: called once the response is on the wire (keys change only after it was protected). */
	default void responseSent(IkeSa sa, ExchangeData exchange) {
	}

	/** The signed data (RFC 9242 A | P) of the request and response of an encrypted exchange. */
	record ExchangeData(Octets request, Octets response) {
	}
}
