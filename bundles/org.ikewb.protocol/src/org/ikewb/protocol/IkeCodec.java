package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes IKEv2 messages (RFC 7296 §3, RFC 7383). Decoding is total: any byte string
 * yields a message or one {@link MalformedMessageException} naming the offset and the rule; every
 * loop consumes at least four octets, and nothing is allocated beyond the size of the input.
 */
public final class IkeCodec {

	/** The 4 zero octets that precede IKE messages on port 4500 (RFC 3948 §2.2). */
	public static final int NON_ESP_MARKER_LENGTH = 4;
	private static final int GENERIC_HEADER = 4;

	private IkeCodec() {
	}

	// ------------------------------------------------------------------ decoding

	/** Decodes a datagram received on port 4500: the non-ESP marker first, then the IKE message. */
	public static IkeMessage decodeNatT(byte[] datagram) throws MalformedMessageException {
		if (datagram.length < NON_ESP_MARKER_LENGTH) {
			throw new MalformedMessageException(0, "datagram of " + datagram.length
					+ " octets is shorter than the non-ESP marker", null);
		}
		if (datagram[0] != 0 || datagram[1] != 0 || datagram[2] != 0 || datagram[3] != 0) {
			throw new MalformedMessageException(0, "no non-ESP marker on port 4500 (an ESP packet, not IKE)", null);
		}
		return decode(datagram, NON_ESP_MARKER_LENGTH, datagram.length - NON_ESP_MARKER_LENGTH);
	}

	public static IkeMessage decode(byte[] datagram) throws MalformedMessageException {
		return decode(datagram, 0, datagram.length);
	}

	/** Decodes the message in {@code length} octets of {@code data} from {@code offset}; offsets in errors are relative to it. */
	public static IkeMessage decode(byte[] data, int offset, int length) throws MalformedMessageException {
		return decode(data, offset, length, null);
	}

	/**
	 * Decodes one datagram's IKE message (no non-ESP marker); with {@code withFields}, also the span
	 * and value of the header's fields and of every payload and field inside it.
	 */
	public static DecodedDatagram decodeDatagram(byte[] ike, boolean withFields) throws MalformedMessageException {
		FieldRecorder fields = withFields ? new FieldRecorder(0) : null;
		IkeMessage message = decode(ike, 0, ike.length, fields);
		return new DecodedDatagram(Octets.of(ike), message, fields == null ? List.of() : fields.fields());
	}

	/** The payloads inside an SK/SKF payload, and their fields with spans in the plaintext. */
	public record InnerPayloads(List<Payload> payloads, List<WireField> fields) {
		public InnerPayloads {
			payloads = List.copyOf(payloads);
			fields = List.copyOf(fields);
		}
	}

	/** {@link #decodeInner}, also recording each payload's and field's span in {@code plaintext}. */
	public static InnerPayloads decodeInnerWithFields(int firstPayload, byte[] plaintext) throws MalformedMessageException {
		Reader in = new Reader(plaintext, 0, plaintext.length);
		in.fields = new FieldRecorder(0);
		List<Payload> payloads = decodeChain(in, 0, firstPayload, false);
		return new InnerPayloads(payloads, in.fields.fields());
	}

	private static IkeMessage decode(byte[] data, int offset, int length, FieldRecorder fields)
			throws MalformedMessageException {
		if (length < IkeHeader.SIZE) {
			// too short to answer: there is no header to answer to (RFC 7296 §2.21.1)
			throw new MalformedMessageException(0, "message of " + length + " octets is shorter than the "
					+ IkeHeader.SIZE + "-octet IKE header", null);
		}
		Reader in = new Reader(data, offset, offset + length);
		int version = Wire.u8(data, offset + 17);
		if (version >> 4 != 2) {
			throw new MalformedMessageException(17, "major version " + (version >> 4) + " is not 2",
					NotifyType.INVALID_MAJOR_VERSION);
		}
		int declared = Wire.i32(data, offset + 24);
		if (declared != length) {
			throw new MalformedMessageException(24, "IKE header length " + Integer.toUnsignedString(declared)
					+ " does not match the " + length + " octets received");
		}
		IkeHeader header = new IkeHeader(Wire.i64(data, offset), Wire.i64(data, offset + 8),
				Wire.u8(data, offset + 16), version >> 4, version & 0x0f, ExchangeType.of(Wire.u8(data, offset + 18)),
				Wire.u8(data, offset + 19), Wire.i32(data, offset + 20), declared);
		if (fields != null) {
			in.fields = fields;
			headerFields(fields, data, offset, header);
		}
		List<Payload> payloads = decodeChain(in, offset + IkeHeader.SIZE, header.nextPayload(), true);
		return new IkeMessage(header, payloads);
	}

	private static void headerFields(FieldRecorder f, byte[] data, int at, IkeHeader h) {
		f.open("IKE header", at, at + IkeHeader.SIZE);
		f.field("Initiator SPI", at, at + 8, String.format("%016x", h.initiatorSpi()));
		f.field("Responder SPI", at + 8, at + 16, String.format("%016x", h.responderSpi()));
		f.field("Next payload", at + 16, at + 17, PayloadType.of(h.nextPayload()).shortName() + " (" + h.nextPayload() + ")");
		f.field("Version", at + 17, at + 18, h.majorVersion() + "." + h.minorVersion());
		f.field("Exchange type", at + 18, at + 19, PayloadDescriptions.named(h.exchangeType()));
		List<String> flags = new ArrayList<>();
		if (h.fromInitiator()) {
			flags.add("Initiator");
		}
		if ((h.flags() & IkeHeader.FLAG_VERSION) != 0) {
			flags.add("Version");
		}
		if (h.isResponse()) {
			flags.add("Response");
		}
		f.field("Flags", at + 19, at + 20, String.format("0x%02x", h.flags()) + (flags.isEmpty() ? "" : " (" + String.join(", ", flags) + ")"));
		f.field("Message ID", at + 20, at + 24, Long.toString(h.messageIdUnsigned()));
		f.field("Length", at + 24, at + 28, Integer.toUnsignedString(h.length()) + " octets");
		f.close(h.exchangeType() + " #" + h.messageIdUnsigned() + (h.isResponse() ? " response" : " request"));
	}

	/**
	 * Decodes the payloads found inside a decrypted SK or SKF payload.
	 *
	 * @param baseOffset added to offsets in errors (the plaintext's position, for messages)
	 */
	public static List<Payload> decodeInner(int firstPayload, byte[] plaintext, int baseOffset)
			throws MalformedMessageException {
		Reader in = new Reader(plaintext, 0, plaintext.length);
		in.base = baseOffset;
		return decodeChain(in, 0, firstPayload, false);
	}

	private static List<Payload> decodeChain(Reader in, int at, int first, boolean outer)
			throws MalformedMessageException {
		List<Payload> payloads = new ArrayList<>();
		int next = first;
		while (next != PayloadType.NONE) {
			if (in.end - at < GENERIC_HEADER) {
				throw in.error(at, "payload " + PayloadType.of(next).shortName() + " header needs 4 octets, "
						+ (in.end - at) + " remain");
			}
			int type = next;
			next = Wire.u8(in.data, at);
			boolean critical = (Wire.u8(in.data, at + 1) & 0x80) != 0;
			int plen = Wire.u16(in.data, at + 2);
			if (plen < GENERIC_HEADER) {
				throw in.error(at + 2, "payload " + PayloadType.of(type).shortName() + " length " + plen
						+ " is below the 4-octet generic header");
			}
			if (plen > in.end - at) {
				throw in.error(at + 2, "payload " + PayloadType.of(type).shortName() + " length " + plen
						+ " overruns the message (" + (in.end - at) + " octets remain)");
			}
			int bodyStart = at + GENERIC_HEADER;
			int bodyEnd = at + plen;
			FieldRecorder f = in.fields;
			if (f != null) {
				f.open(PayloadType.of(type).shortName(), at, bodyEnd);
				f.open("Generic payload header", at, bodyStart);
				f.field("Next payload", at, at + 1, next == PayloadType.NONE ? "none (0)" : PayloadType.of(next).shortName() + " (" + next + ")");
				f.field("Critical", at + 1, at + 2, critical ? "yes" : "no");
				f.field("Payload length", at + 2, at + 4, plen + " octets");
				f.close("");
			}
			if (type == PayloadType.SK.value() || type == PayloadType.SKF.value()) {
				if (!outer) {
					throw in.error(at, PayloadType.of(type).shortName() + " inside an encrypted payload");
				}
				if (bodyEnd != in.end) {
					throw in.error(bodyEnd, PayloadType.of(type).shortName() + " must be the last payload; "
							+ (in.end - bodyEnd) + " octets follow it");
				}
				if (type == PayloadType.SKF.value() && !payloads.isEmpty()) {
					throw in.error(at, "SKF must be the only payload of its message (RFC 7383 §2.5)");
				}
				payloads.add(PayloadCodec.decodeEncrypted(in, type, next, bodyStart, bodyEnd));
				closePayload(f, payloads);
				return payloads;
			}
			PayloadType known = PayloadType.of(type);
			if (!known.known()) {
				if (critical) {
					throw new UnsupportedCriticalPayloadException(in.base + at, type);
				}
				payloads.add(new Payload.Unknown(type, false, Octets.of(in.data, bodyStart, bodyEnd - bodyStart)));
				if (f != null) {
					f.field("Payload data", bodyStart, bodyEnd, PayloadDescriptions.octets(bodyEnd - bodyStart));
				}
			} else {
				payloads.add(PayloadCodec.decodeBody(in, known, bodyStart, bodyEnd));
			}
			closePayload(f, payloads);
			at = bodyEnd;
		}
		if (at != in.end) {
			throw in.error(at, (in.end - at) + " octets follow the last payload");
		}
		return payloads;
	}

	private static void closePayload(FieldRecorder f, List<Payload> payloads) {
		if (f != null) {
			f.close(PayloadDescriptions.describe(payloads.get(payloads.size() - 1)));
		}
	}

	/** Bounds of the input being decoded, the offset base for error messages, and the fields when asked for. */
	static final class Reader {
		final byte[] data;
		final int start;
		final int end;
		int base;
		FieldRecorder fields;

		Reader(byte[] data, int start, int end) {
			this.data = data;
			this.start = start;
			this.end = end;
			this.base = -start;
		}

		MalformedMessageException error(int at, String rule) {
			return new MalformedMessageException(base + at, rule);
		}
	}

	// ------------------------------------------------------------------ encoding

	/** Encodes a message; the header's next-payload and length fields are computed. */
	public static byte[] encode(IkeMessage message) {
		WireWriter out = new WireWriter(512);
		out.zeros(IkeHeader.SIZE);
		writeChain(out, message.payloads());
		byte[] bytes = out.toByteArray();
		int next = message.payloads().isEmpty() ? PayloadType.NONE : message.payloads().get(0).type().value();
		message.header().withNextPayload(next).withLength(bytes.length).writeTo(bytes, 0);
		return bytes;
	}

	/** Encodes a payload chain, e.g. the plaintext of an SK payload. */
	public static byte[] encodeChain(List<Payload> payloads) {
		WireWriter out = new WireWriter(256);
		writeChain(out, payloads);
		return out.toByteArray();
	}

	/** The type a generic header names as the next one after {@code payloads.get(i)}. */
	private static int nextOf(List<Payload> payloads, int i) {
		Payload p = payloads.get(i);
		if (p instanceof Payload.Encrypted sk) {
			return sk.firstInnerPayload();
		}
		if (p instanceof Payload.EncryptedFragment skf) {
			return skf.firstInnerPayload();
		}
		return i + 1 < payloads.size() ? payloads.get(i + 1).type().value() : PayloadType.NONE;
	}

	private static void writeChain(WireWriter out, List<Payload> payloads) {
		for (int i = 0; i < payloads.size(); i++) {
			Payload p = payloads.get(i);
			int start = out.position();
			boolean critical = p instanceof Payload.Unknown u && u.critical();
			out.u8(nextOf(payloads, i)).u8(critical ? 0x80 : 0).u16(0);
			p.writeBody(out);
			out.patchU16(start + 2, out.position() - start);
		}
	}
}
