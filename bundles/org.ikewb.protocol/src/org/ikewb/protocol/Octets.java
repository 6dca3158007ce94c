package org.ikewb.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable octet string, compared by content: SPIs, nonces, KE data, notify data, encrypted
 * bodies. Wire values are records of these, so two decodes of the same bytes are equal.
 */
public final class Octets {

	public static final Octets EMPTY = new Octets(new byte[0]);
	private static final HexFormat HEX = HexFormat.of();

	private final byte[] bytes;

	private Octets(byte[] bytes) {
		this.bytes = bytes;
	}

	/** A copy of {@code bytes}. */
	public static Octets of(byte[] bytes) {
		return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
	}

	/** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
	public static Octets of(byte[] bytes, int offset, int length) {
		return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(bytes, offset, offset + length));
	}

	public static Octets fromHex(String hex) {
		return of(HEX.parseHex(hex.replaceAll("[\\s:]", "")));
	}

	/** Concatenation of the parts. */
	public static Octets concat(Octets... parts) {
		int length = 0;
		for (Octets p : parts) {
			length += p.bytes.length;
		}
		byte[] out = new byte[length];
		int at = 0;
		for (Octets p : parts) {
			System.arraycopy(p.bytes, 0, out, at, p.bytes.length);
			at += p.bytes.length;
		}
		return new Octets(out);
	}

	public int length() {
		return bytes.length;
	}

	/**
	 * For key material only: overwrites these octets with zeros, so that a deleted SA's keys do not
	 * linger in the heap until the collector reuses the memory. Key octets belong to one SA; whoever
	 * still holds them (a snapshot of that SA) reads zeros afterwards. Values on the wire are never
	 * destroyed.
	 */
	public void destroy() {
		Arrays.fill(bytes, (byte) 0);
	}

	public boolean isEmpty() {
		return bytes.length == 0;
	}

	public byte get(int index) {
		return bytes[index];
	}

	/** A fresh copy of the content. */
	public byte[] toByteArray() {
		return bytes.clone();
	}

	/** Writes the content into {@code target} at {@code offset}. */
	public void copyTo(byte[] target, int offset) {
		System.arraycopy(bytes, 0, target, offset, bytes.length);
	}

	public Octets slice(int from, int to) {
		return of(bytes, from, to - from);
	}

	public String hex() {
		return HEX.formatHex(bytes);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(bytes);
	}

	@Override
	public String toString() {
		return bytes.length <= 32 ? hex() : HEX.formatHex(bytes, 0, 16) + "…(" + bytes.length + " bytes)";
	}
}
