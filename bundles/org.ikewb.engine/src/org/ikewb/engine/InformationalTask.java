package org.ikewb.engine;

import java.util.List;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;

/**
 * INFORMATIONAL (RFC 7296 §1.4): an empty request is a liveness check; a Delete of the IKE SA
 * deletes it (the response is empty); a Delete of Child SAs is answered with the matching SPIs.
 */
final class InformationalTask implements ExchangeTask.Initiator, ExchangeTask.Responder {

	private final List<Payload> request;
	private boolean deleting;
	private final java.util.concurrent.CompletableFuture<Void> answered = new java.util.concurrent.CompletableFuture<>();

	InformationalTask() {
		this(List.of());
	}

	private InformationalTask(List<Payload> request) {
		this.request = request;
	}

	/** A request deleting a Child SA by its inbound SPI. */
	static InformationalTask deleteChild(org.ikewb.protocol.Octets inboundSpi) {
		return new InformationalTask(List.of(new Payload.Delete(ProtocolId.ESP, 4, List.of(inboundSpi))));
	}

	/** A request deleting this IKE SA. */
	static InformationalTask deleteIkeSa() {
		return new InformationalTask(List.of(new Payload.Delete(ProtocolId.IKE, 0, List.of())));
	}

	/** Completes when the peer answered our request. */
	java.util.concurrent.CompletableFuture<Void> answered() {
		return answered;
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
		answered.complete(null);
	}

	@Override
	public void failed(String reason) {
		answered.completeExceptionally(new IkeFailure(null, reason));
	}

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> payloads) {
		deleting = deletesIkeSa(payloads);
		if (deleting) {
			return List.of();
		}
		// Child SAs: remove those whose outbound SPI the peer deletes, answer with their inbound SPIs
		java.util.List<org.ikewb.protocol.Octets> ours = new java.util.ArrayList<>();
		for (Payload p : payloads) {
			if (p instanceof Payload.Delete d && d.protocol().equals(ProtocolId.ESP)) {
				for (org.ikewb.protocol.Octets spi : d.spis()) {
					sa.childByOutboundSpi(spi).ifPresent(c -> {
						sa.dropChild(c);
						ours.add(c.inboundSpi());
					});
				}
			}
		}
		return ours.isEmpty() ? List.of() : List.of(new Payload.Delete(ProtocolId.ESP, 4, ours));
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
