package org.ikewb.engine;

import org.ikewb.protocol.NotifyType;

/**
 * An exchange cannot go on. {@code notify} is what we answer a request with (null: nothing);
 * the message says why, for the user.
 */
public class IkeFailure extends Exception {
	private static final long serialVersionUID = 1L;

	private final transient NotifyType notify;
	private final transient byte[] notifyData;

	public IkeFailure(NotifyType notify, String reason) {
		this(notify, new byte[0], reason);
	}

	public IkeFailure(NotifyType notify, byte[] notifyData, String reason) {
		super(reason);
		this.notify = notify;
		this.notifyData = notifyData;
	}

	public NotifyType notifyType() {
		return notify;
	}

	public byte[] notifyData() {
		return notifyData.clone();
	}
}
