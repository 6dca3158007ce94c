package org.ikewb.engine;

import org.ikewb.protocol.Octets;

/** ESP keys of a Child SA (RFC 7296 §2.17): encryption (with salt) and integrity keys per direction. */
public record ChildSaKeys(Octets encryptionInitiator, Octets integrityInitiator, Octets encryptionResponder,
		Octets integrityResponder) {

	@Override
	public String toString() {
		return "ChildSaKeys[" + encryptionInitiator.length() + "+" + integrityInitiator.length() + " octets per direction]";
	}
}
