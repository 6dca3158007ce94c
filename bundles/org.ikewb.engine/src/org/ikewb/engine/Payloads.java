package org.ikewb.engine;

import java.util.List;
import java.util.Optional;

import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * Reading the payloads of a decoded message, the same way in every task: what is missing or
 * repeated becomes an {@link IkeFailure} naming the payload (INVALID_SYNTAX when answered).
 */
final class Payloads {

	private Payloads() {
	}

	/** The first notify of this type. */
	static Optional<Payload.Notify> notify(List<Payload> payloads, NotifyType type) {
		for (Payload p : payloads) {
			if (p instanceof Payload.Notify n && n.notifyType().equals(type)) {
				return Optional.of(n);
			}
		}
		return Optional.empty();
	}

	/** Whether the message carries this notify. */
	static boolean has(List<Payload> payloads, NotifyType type) {
		return notify(payloads, type).isPresent();
	}

	/** Whether a payload of {@code type} is there. */
	static boolean has(List<Payload> payloads, org.ikewb.protocol.PayloadType type) {
		return payloads.stream().anyMatch(p -> p.type().equals(type));
	}

	/** The first error notify (types below 16384, RFC 7296 §3.10.1). */
	static Optional<Payload.Notify> firstError(List<Payload> payloads) {
		return payloads.stream().filter(p -> p instanceof Payload.Notify n && n.notifyType().isError())
				.map(Payload.Notify.class::cast).findFirst();
	}

	/** The one payload of this kind: missing or repeated is INVALID_SYNTAX. */
	static <P extends Payload> P single(List<Payload> payloads, Class<P> kind, String name) throws IkeFailure {
		P found = null;
		for (Payload p : payloads) {
			if (kind.isInstance(p)) {
				if (found != null) {
					throw new IkeFailure(NotifyType.INVALID_SYNTAX, "the message has more than one " + name + " payload");
				}
				found = kind.cast(p);
			}
		}
		if (found == null) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "the message has no " + name + " payload");
		}
		return found;
	}

	/** The first payload of this kind: missing is INVALID_SYNTAX. */
	static <P extends Payload> P first(List<Payload> payloads, Class<P> kind, String name) throws IkeFailure {
		for (Payload p : payloads) {
			if (kind.isInstance(p)) {
				return kind.cast(p);
			}
		}
		throw new IkeFailure(NotifyType.INVALID_SYNTAX, "the message has no " + name + " payload");
	}

	/** The ID payload of this type (IDi or IDr): missing is INVALID_SYNTAX. */
	static Payload.Id id(List<Payload> payloads, PayloadType type) throws IkeFailure {
		for (Payload p : payloads) {
			if (p instanceof Payload.Id id && id.type().equals(type)) {
				return id;
			}
		}
		throw new IkeFailure(NotifyType.INVALID_SYNTAX, "the message has no " + type.shortName() + " payload");
	}

	/**
	 * The traffic selectors of TSi or TSr, found by payload type (not by position: a peer may send
	 * TSr first). A missing TSi is INVALID_SYNTAX; a missing TSr reads as no selectors.
	 */
	static List<Payload.TrafficSelector> selectors(List<Payload> payloads, PayloadType type) throws IkeFailure {
		for (Payload p : payloads) {
			if (p instanceof Payload.Ts ts && ts.type().equals(type)) {
				return ts.selectors();
			}
		}
		if (type.equals(PayloadType.TSI)) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "the message has no TSi payload");
		}
		return List.of();
	}

	/** USE_TRANSPORT_MODE present (RFC 7296 §1.3.1): asked for in a request, accepted in a response. */
	static boolean transportMode(List<Payload> payloads) {
		return has(payloads, NotifyType.USE_TRANSPORT_MODE);
	}

	/**
	 * The offered proposals whose SPI has the size the protocol needs (ESP and AH: 4 octets, RFC 7296
	 * §3.3.1; an IKE SA rekey: 8). A proposal with another size cannot be used, so it is not chosen.
	 */
	static List<Payload.Proposal> withSpiSize(List<Payload.Proposal> offered, int size) {
		return offered.stream().filter(p -> p.spi().length() == size).toList();
	}
}
