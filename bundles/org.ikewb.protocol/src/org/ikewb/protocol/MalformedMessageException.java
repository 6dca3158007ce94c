package org.ikewb.protocol;

/**
 * A datagram that is not a well-formed IKEv2 message: names the offset in the datagram and the
 * rule broken, and which notify a responder answers with (RFC 7296 §2.21; null where the message is
 * dropped silently, e.g. a truncated header). The decoder throws only this.
 */
public class MalformedMessageException extends Exception {
	private static final long serialVersionUID = 1L;

	private final int offset;
	private final String rule;
	private final transient NotifyType notify;

	public MalformedMessageException(int offset, String rule) {
		this(offset, rule, NotifyType.INVALID_SYNTAX);
	}

	public MalformedMessageException(int offset, String rule, NotifyType notify) {
		super("offset " + offset + ": " + rule);
		this.offset = offset;
		this.rule = rule;
		this.notify = notify;
	}

	/** Offset in the datagram (after any non-ESP marker) where the rule is broken. */
	public int offset() {
		return offset;
	}

	/** The rule broken, in words. */
	public String rule() {
		return rule;
	}

	/** The notify a responder sends back, or null to drop the message silently. */
	public NotifyType answer() {
		return notify;
	}
}
