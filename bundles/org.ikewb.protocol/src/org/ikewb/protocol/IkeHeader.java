package org.ikewb.protocol;

/**
 * The IKE header (RFC 7296 §3.1). SPIs are kept as 64-bit values, the message ID as an unsigned
 * 32-bit value in an int; {@code length} is the length on the wire (the encoder recomputes it).
 */
public record IkeHeader(long initiatorSpi, long responderSpi, int nextPayload, int majorVersion, int minorVersion,
		ExchangeType exchangeType, int flags, int messageId, int length) {

	public static final int SIZE = 28;
	public static final int FLAG_INITIATOR = 0x08;
	public static final int FLAG_VERSION = 0x10;
	public static final int FLAG_RESPONSE = 0x20;

	/** A version 2.0 header with no length yet. */
	public static IkeHeader of(long initiatorSpi, long responderSpi, ExchangeType exchangeType, int flags,
			int messageId) {
		return new IkeHeader(initiatorSpi, responderSpi, PayloadType.NONE, 2, 0, exchangeType, flags, messageId, 0);
	}

	/** Sent by the original initiator of the IKE SA. */
	public boolean fromInitiator() {
		return (flags & FLAG_INITIATOR) != 0;
	}

	public boolean isResponse() {
		return (flags & FLAG_RESPONSE) != 0;
	}

	public long messageIdUnsigned() {
		return Integer.toUnsignedLong(messageId);
	}

	public IkeHeader withNextPayload(int next) {
		return new IkeHeader(initiatorSpi, responderSpi, next, majorVersion, minorVersion, exchangeType, flags,
				messageId, length);
	}

	public IkeHeader withLength(int newLength) {
		return new IkeHeader(initiatorSpi, responderSpi, nextPayload, majorVersion, minorVersion, exchangeType, flags,
				messageId, newLength);
	}

	/** Writes the 28 header octets into {@code out} at {@code at}. */
	public void writeTo(byte[] out, int at) {
		Wire.putLong(out, at, initiatorSpi);
		Wire.putLong(out, at + 8, responderSpi);
		out[at + 16] = (byte) nextPayload;
		out[at + 17] = (byte) ((majorVersion << 4) | (minorVersion & 0x0f));
		out[at + 18] = (byte) exchangeType.value();
		out[at + 19] = (byte) flags;
		Wire.putInt(out, at + 20, messageId);
		Wire.putInt(out, at + 24, length);
	}

	public byte[] toBytes() {
		byte[] out = new byte[SIZE];
		writeTo(out, 0);
		return out;
	}

	@Override
	public String toString() {
		return String.format("%s %s #%d SPIs %016x/%016x%s", exchangeType, isResponse() ? "response" : "request",
				messageIdUnsigned(), initiatorSpi, responderSpi, fromInitiator() ? " (I)" : "");
	}
}
