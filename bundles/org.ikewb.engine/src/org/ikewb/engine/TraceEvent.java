package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.protocol.DecodedMessage;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * What an IKE SA reports as it runs: every message sent or received (raw datagrams, decoded
 * payloads, decrypted inner payloads, the key generation that protected it), key derivations,
 * state changes and errors. Key material travels only in {@link Keys} events, which the engine
 * emits only when the user opted in.
 */
public sealed interface TraceEvent {

	/** When it happened, and which IKE SA (initiator's SPI) it concerns. */
	Instant time();

	long initiatorSpi();

	enum Direction {
		SENT, RECEIVED
	}

	/**
	 * One IKE message between our socket {@code local} and {@code peer}, as decoded once where it
	 * was received or sent: every datagram it took (all
	 * fragments) with the span of each field, and for SK/SKF the decrypted octets and inner payloads.
	 * {@code keyGeneration} is -1 for unprotected messages; {@code retransmission}: sent again, by us
	 * (a request without answer, or a response to a repeated request).
	 */
	record Message(Instant time, long initiatorSpi, Direction direction, InetSocketAddress local, InetSocketAddress peer,
			DecodedMessage decoded, int keyGeneration, boolean retransmission) implements TraceEvent {

		/** Where it came from: {@code local} when we sent it. */
		public InetSocketAddress source() {
			return direction == Direction.SENT ? local : peer;
		}

		/** Where it went: {@code peer} when we sent it. */
		public InetSocketAddress destination() {
			return direction == Direction.SENT ? peer : local;
		}

		/** The octets of each datagram, in order. */
		public List<Octets> datagrams() {
			return decoded.datagramOctets();
		}

		/** The outer message (of the first datagram). */
		public IkeMessage message() {
			return decoded.message();
		}

		/** The decrypted payloads of SK/SKF (empty for messages sent in the clear). */
		public List<Payload> inner() {
			return decoded.inner();
		}
	}

	/**
	 * A new generation of IKE SA keys: why (IKE_SA_INIT, ADDKE1 ML-KEM-768, IKE SA rekey ...), for
	 * the SA with these SPIs (a rekeyed IKE SA has new ones).
	 */
	record KeysDerived(Instant time, long initiatorSpi, long responderSpi, int generation, String cause,
			IkeSaKeys keys)
			implements TraceEvent {
	}

	/** The IntAuth values after an IKE_INTERMEDIATE exchange. */
	record IntAuthUpdated(Instant time, long initiatorSpi, int exchange, Octets initiator, Octets responder)
			implements TraceEvent {
	}

	/** A Child SA with its SPIs and (when keys are traced) its keys. */
	record ChildSaEstablished(Instant time, long initiatorSpi, String proposal, Octets inboundSpi,
			Octets outboundSpi, ChildSaKeys keys) implements TraceEvent {
	}

	record StateChanged(Instant time, long initiatorSpi, IkeSaState from, IkeSaState to) implements TraceEvent {
	}

	record Error(Instant time, long initiatorSpi, String reason) implements TraceEvent {
	}

	/** The IKE SA now talks to another address or port (NAT detected, or the peer moved). */
	record AddressChanged(Instant time, long initiatorSpi, InetSocketAddress from, InetSocketAddress to, boolean natT)
			implements TraceEvent {
	}

	/** The exchange waits at a step point until the user steps or continues. */
	record Paused(Instant time, long initiatorSpi, StepController.Pause pause) implements TraceEvent {
	}

	/**
	 * What the engine turned away to stay up (dropped datagrams, COOKIEs, half-open limits), emitted
	 * when it changed, at most every few seconds; {@code initiatorSpi} is 0 (it concerns no one SA).
	 */
	record Load(Instant time, long initiatorSpi, EngineLoad load) implements TraceEvent {
	}
}
