package org.ikewb.protocol;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One IKE message: its header and its payloads in order (SK/SKF last, still encrypted). */
public record IkeMessage(IkeHeader header, List<Payload> payloads) {

	public IkeMessage {
		payloads = List.copyOf(payloads);
	}

	/** The first payload of a kind, if any. */
	public <P extends Payload> Optional<P> first(Class<P> kind) {
		return Payload.first(payloads, kind);
	}

	/** All payloads of a kind, in order. */
	public <P extends Payload> List<P> all(Class<P> kind) {
		return payloads.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	/** The notify of a type, if present. */
	public Optional<Payload.Notify> notify(NotifyType type) {
		return all(Payload.Notify.class).stream().filter(n -> n.notifyType().equals(type)).findFirst();
	}

	/** {@code IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) ]}, as strongSwan logs messages. */
	public String summary() {
		return header.exchangeType() + (header.isResponse() ? " response " : " request ") + header.messageIdUnsigned()
				+ " [ " + payloads.stream().map(Payload::summary).collect(Collectors.joining(" ")) + " ]";
	}
}
