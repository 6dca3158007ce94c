package org.ikewb.protocol;

/** A payload of a type this code does not know, with the critical bit set (RFC 7296 §2.5). */
public class UnsupportedCriticalPayloadException extends MalformedMessageException {
	private static final long serialVersionUID = 1L;

	private final int payloadType;

	public UnsupportedCriticalPayloadException(int offset, int payloadType) {
		super(offset, "unknown payload type " + payloadType + " is marked critical",
				NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD);
		this.payloadType = payloadType;
	}

	/** The type to put into the UNSUPPORTED_CRITICAL_PAYLOAD notify's data (one octet). */
	public int payloadType() {
		return payloadType;
	}
}
