package org.ikewb.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.DecodedMessage;
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

	/**
	 * A message as we send it: its datagrams, and when encrypted its RFC 9242 signed data (A | P), the
	 * plaintext of its SK payload, and the key generation that sealed it.
	 */
	static final class Wire {
		private final List<byte[]> datagrams;
		private final Octets signedData;
		private final Octets plaintext;
		private final int firstInner;
		private final int keyGeneration;
		private DecodedMessage decoded;

		private Wire(List<byte[]> datagrams, Octets signedData, Octets plaintext, int firstInner, int keyGeneration) {
			this.datagrams = List.copyOf(datagrams);
			this.signedData = signedData;
			this.plaintext = plaintext;
			this.firstInner = firstInner;
			this.keyGeneration = keyGeneration;
		}

		List<byte[]> datagrams() {
			return datagrams;
		}

		Octets signedData() {
			return signedData;
		}

		boolean encrypted() {
			return signedData != null;
		}

		/** The key generation that sealed it, -1 when sent in the clear. */
		int keyGeneration() {
			return keyGeneration;
		}

		/**
		 * The message as a trace shows it: decoded from the very octets sent, with every field's span,
		 * once — retransmissions of it show the same object.
		 */
		DecodedMessage decoded() {
			if (decoded == null) {
				try {
					List<DecodedDatagram> sent = new ArrayList<>(datagrams.size());
					for (byte[] d : datagrams) {
						sent.add(IkeCodec.decodeDatagram(d, true));
					}
					if (!encrypted()) {
						decoded = new DecodedMessage(sent, Octets.EMPTY, List.of(), List.of());
					} else {
						IkeCodec.InnerPayloads inner = IkeCodec.decodeInnerWithFields(firstInner, plaintext.toByteArray());
						decoded = new DecodedMessage(sent, plaintext, inner.payloads(), inner.fields());
					}
				} catch (MalformedMessageException e) {
					throw new IllegalStateException("we encoded a message we cannot decode", e);
				}
			}
			return decoded;
		}
	}

	/** A received message opened: its inner payloads, its signed data, and the message as decoded (every datagram). */
	record Opened(List<Payload> payloads, Octets signedData, DecodedMessage decoded) {
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
		return new Wire(List.of(IkeCodec.encode(new IkeMessage(header, payloads))), null, null, PayloadType.NONE, -1);
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
		Octets p = Octets.of(plaintext);
		return new Wire(datagrams, IntAuth.signedData(header, first, p), p, first, keys.generation());
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
	Optional<Opened> open(byte[] datagram, DecodedDatagram decoded, IkeSaKeys keys, boolean withFields)
			throws IntegrityCheckException, MalformedMessageException, Undecodable {
		IkeMessage message = decoded.message();
		IkeHeader h = message.header();
		Payload last = message.payloads().get(message.payloads().size() - 1);
		byte[] plaintext = SkProtection.open(datagram, message, keys);
		List<DecodedDatagram> datagrams = List.of(decoded);
		int first;
		if (last instanceof Payload.EncryptedFragment skf) {
			Optional<FragmentAssembler.Assembled> whole = assembler.add(h, skf, Octets.of(plaintext), decoded);
			if (whole.isEmpty()) {
				return Optional.empty();
			}
			datagrams = whole.get().datagrams(); // every fragment, not only the one that completed it
			plaintext = whole.get().plaintext().toByteArray();
			first = whole.get().firstInnerPayload();
		} else {
			first = ((Payload.Encrypted) last).firstInnerPayload();
		}
		IkeCodec.InnerPayloads inner;
		try {
			inner = withFields ? IkeCodec.decodeInnerWithFields(first, plaintext)
					: new IkeCodec.InnerPayloads(IkeCodec.decodeInner(first, plaintext, 0), List.of());
		} catch (MalformedMessageException e) {
			throw new Undecodable(e);
		}
		Octets p = Octets.of(plaintext);
		return Optional.of(new Opened(inner.payloads(), IntAuth.signedData(h, first, p),
				new DecodedMessage(datagrams, p, inner.payloads(), inner.fields())));
	}

	/** Drops partial messages (the IKE SA is gone): their octets go back to the engine's budget. */
	void clear() {
		assembler.clear();
	}

	static boolean isInit(IkeHeader header) {
		return header.exchangeType().equals(ExchangeType.IKE_SA_INIT);
	}
}
