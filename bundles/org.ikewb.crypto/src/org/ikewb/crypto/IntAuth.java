package org.ikewb.crypto;

import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.PayloadType;

/**
 * The IntAuth chain of RFC 9242 §3.3 (published form): for the n-th IKE_INTERMEDIATE exchange,
 * IntAuth_in = prf(SK_pi, IntAuth_i(n-1) | A | P) over the request and IntAuth_rn = prf(SK_pr, ...)
 * over the response, with the keys current at the start of that exchange.
 */
public final class IntAuth {

	private Octets initiator = Octets.EMPTY;
	private Octets responder = Octets.EMPTY;
	private int exchanges;

	/**
	 * A | P of one IKE_INTERMEDIATE message: its IKE header and Encrypted payload header with the
	 * lengths they would have if the Encrypted payload held only {@code plaintext} (no IV, padding or
	 * ICV, and unfragmented), followed by the plaintext inner payloads.
	 */
	public static Octets signedData(IkeHeader header, int firstInner, Octets plaintext) {
		int skLength = 4 + plaintext.length();
		byte[] a = new byte[IkeHeader.SIZE + 4];
		header.withNextPayload(PayloadType.SK.value()).withLength(IkeHeader.SIZE + skLength).writeTo(a, 0);
		a[IkeHeader.SIZE] = (byte) firstInner;
		a[IkeHeader.SIZE + 2] = (byte) (skLength >>> 8);
		a[IkeHeader.SIZE + 3] = (byte) skLength;
		return Octets.concat(Octets.of(a), plaintext);
	}

	/** Adds one IKE_INTERMEDIATE exchange; {@code keys} protected it. */
	public void add(IkeSaKeys keys, Octets requestData, Octets responseData) {
		initiator = keys.prf().compute(keys.skPi(), initiator, requestData);
		responder = keys.prf().compute(keys.skPr(), responder, responseData);
		exchanges++;
	}

	/** IntAuth_iN; empty before any IKE_INTERMEDIATE exchange. */
	public Octets initiator() {
		return initiator;
	}

	/** IntAuth_rN. */
	public Octets responder() {
		return responder;
	}

	public int exchanges() {
		return exchanges;
	}
}
