package org.ikewb.engine;

import org.ikewb.protocol.Octets;

/** ESP keys of a Child SA (RFC 7296 §2.17): encryption (with salt) and integrity keys per direction. */
public record ChildSaKeys(Octets encryptionInitiator, Octets integrityInitiator, Octets encryptionResponder,
		Octets integrityResponder) {

	/** Overwrites the four keys with zeros (when the Child SA is deleted). */
	public void destroy() {
		encryptionInitiator.destroy();
		integrityInitiator.destroy();
		encryptionResponder.destroy();
		integrityResponder.destroy();
	}

	/** A copy that outlives {@link #destroy()}, for an opted-in key trace. */
	public ChildSaKeys copy() {
		return new ChildSaKeys(Octets.of(encryptionInitiator.toByteArray()), Octets.of(integrityInitiator.toByteArray()),
				Octets.of(encryptionResponder.toByteArray()), Octets.of(integrityResponder.toByteArray()));
	}

	@Override
	public String toString() {
		return "ChildSaKeys[" + encryptionInitiator.length() + "+" + integrityInitiator.length() + " octets per direction]";
	}
}
