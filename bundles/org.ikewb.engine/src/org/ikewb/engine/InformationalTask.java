package org.ikewb.engine;

import java.util.List;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;

/**
 * INFORMATIONAL (RFC 7296 §1.4): an empty request is a liveness check; a Delete of the IKE SA
 * deletes it (the response is empty); a Delete of Child SAs is answered with the matching SPIs.
 */
final class InformationalTask implements ExchangeTask {

	private final List<Payload> request;
	private boolean deleting;

	InformationalTask() {
		this(List.of());
	}

	private InformationalTask(List<Payload> request) {
		this.request = request;
	}

	/** A request deleting this IKE SA. */
	static InformationalTask deleteIkeSa() {
		return new InformationalTask(List.of(new Payload.Delete(ProtocolId.IKE, 0, List.of())));
	}

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.INFORMATIONAL;
	}

	@Override
	public List<Payload> buildRequest(IkeSa sa) {
		if (deletesIkeSa(request)) {
			sa.changeState(IkeSaState.DELETING);
		}
		return request;
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) {
		if (deletesIkeSa(request)) {
			sa.deleted();
		}
	}

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> payloads) {
		deleting = deletesIkeSa(payloads);
		if (deleting) {
			return List.of();
		}
		return payloads.stream().filter(p -> p instanceof Payload.Delete d && d.protocol().equals(ProtocolId.ESP))
				.map(p -> (Payload) p).toList();
	}

	@Override
	public void responseSent(IkeSa sa, ExchangeData exchange) {
		if (deleting) {
			sa.deleted(); // gone once the peer has our answer (RFC 7296 §1.4.1)
		}
	}

	private static boolean deletesIkeSa(List<Payload> payloads) {
		return payloads.stream().anyMatch(p -> p instanceof Payload.Delete d && d.protocol().equals(ProtocolId.IKE));
	}
}
