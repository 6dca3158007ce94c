package org.ikewb.engine;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * The SK and SKF payloads of one IKE SA (RFC 7296 §3.14, RFC 7383): seals a message into one
 * datagram or into fragments, opens and verifies what arrives, and reassembles fragments within
 * bounded memory. Knows nothing of message IDs or exchanges.
 */
final class MessageProtection {

	/** The datagrams of a message, its RFC 9242 signed data (A | P) when encrypted, and its outer form. */
	record Wire(List<byte[]> datagrams, Octets signedData, IkeMessage message) {
		boolean encrypted() {
			return signedData != null;
		}
	}

	/** A received message opened: its inner payloads, its signed data and every datagram it came in. */
	record Opened(List<Payload> payloads, Octets signedData, List<Octets> datagrams) {
	}

	/** An encrypted message that authenticated but whose inner payloads do not decode. */
	static final class Undecodable extends Exception {
		private static final long serialVersionUID = 1L;

		Undecodable(MalformedMessageException cause) {
			super(cause.getMessage(), cause);
		}

		MalformedMessageException malformed() {
			return (MalformedMessageException) getCause();
		}
	}

	private final FragmentAssembler assembler;

	MessageProtection(FragmentAssembler.Budget budget) {
		this.assembler = new FragmentAssembler(FragmentAssembler.Limits.DEFAULT, System::nanoTime, budget);
	}

	/** A message sent in the clear: IKE_SA_INIT, or an error answered before keys exist. */
	static Wire plain(IkeHeader header, List<Payload> payloads) {
		IkeMessage m = new IkeMessage(header, payloads);
		return new Wire(List.of(IkeCodec.encode(m)), null, m);
	}

	/**
	 * Seals {@code payloads} in one SK payload when it fits, in SKF fragments of at most
	 * {@code fragmentSize} octets otherwise (only when both sides announced fragmentation, RFC 7383 §2.5).
	 */
	static Wire seal(IkeHeader header, List<Payload> payloads, IkeSaKeys keys, boolean fragmentation, int fragmentSize,
			SecureRandom random) {
		byte[] plaintext = IkeCodec.encodeChain(payloads);
		int first = payloads.isEmpty() ? PayloadType.NONE : payloads.get(0).type().value();
		byte[] whole = SkProtection.seal(header, first, plaintext, keys, random);
		List<byte[]> datagrams = fragmentation && whole.length > fragmentSize
				? SkProtection.sealFragments(header, first, plaintext, keys, fragmentSize, random)
				: List.of(whole);
		Octets signed = IntAuth.signedData(header, first, Octets.of(plaintext));
		return new Wire(datagrams, signed, new IkeMessage(header.withNextPayload(PayloadType.SK.value()),
				List.of(new Payload.Encrypted(first, Octets.EMPTY))));
	}

	/** Whether the message's last payload is SK or SKF. */
	static boolean encrypted(IkeMessage message) {
		if (message.payloads().isEmpty()) {
			return false;
		}
		Payload last = message.payloads().get(message.payloads().size() - 1);
		return last instanceof Payload.Encrypted || last instanceof Payload.EncryptedFragment;
	}

	/**
	 * Opens an encrypted message (its last payload is SK or SKF).
	 *
	 * @return the message, or empty while fragments of it are missing
	 * @throws IntegrityCheckException  the datagram does not verify with these keys
	 * @throws MalformedMessageException the encrypted payload or a fragment breaks a rule or limit
	 * @throws Undecodable              it verified, but its inner payloads do not decode
	 */
	Optional<Opened> open(byte[] datagram, IkeMessage message, IkeSaKeys keys)
			throws IntegrityCheckException, MalformedMessageException, Undecodable {
		IkeHeader h = message.header();
		Payload last = message.payloads().get(message.payloads().size() - 1);
		byte[] plaintext = SkProtection.open(datagram, message, keys);
		List<Octets> datagrams = List.of(Octets.of(datagram));
		int first;
		if (last instanceof Payload.EncryptedFragment skf) {
			Optional<FragmentAssembler.Assembled> whole = assembler.add(h, skf, Octets.of(plaintext), Octets.of(datagram));
			if (whole.isEmpty()) {
				return Optional.empty();
			}
			datagrams = whole.get().datagrams(); // every fragment, not only the one that completed it
			plaintext = whole.get().plaintext().toByteArray();
			first = whole.get().firstInnerPayload();
		} else {
			first = ((Payload.Encrypted) last).firstInnerPayload();
		}
		List<Payload> payloads;
		try {
			payloads = IkeCodec.decodeInner(first, plaintext, 0);
		} catch (MalformedMessageException e) {
			throw new Undecodable(e);
		}
		return Optional.of(new Opened(payloads, IntAuth.signedData(h, first, Octets.of(plaintext)), datagrams));
	}

	/** Decodes a message we sealed ourselves, for the trace. */
	static IkeMessage decodeOwn(Wire wire) {
		if (!wire.encrypted() && wire.message() != null) {
			return wire.message();
		}
		try {
			return IkeCodec.decode(wire.datagrams().get(0));
		} catch (MalformedMessageException e) {
			throw new IllegalStateException("we encoded a message we cannot decode", e);
		}
	}

	/** Drops partial messages (the IKE SA is gone): their octets go back to the engine's budget. */
	void clear() {
		assembler.clear();
	}

	static boolean isInit(IkeHeader header) {
		return header.exchangeType().equals(ExchangeType.IKE_SA_INIT);
	}
}
