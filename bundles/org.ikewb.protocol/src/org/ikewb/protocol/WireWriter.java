package org.ikewb.protocol;

import java.util.Arrays;

/** A growable big-endian output buffer for encoding messages. */
public final class WireWriter {

	private byte[] buf;
	private int size;

	public WireWriter(int initialCapacity) {
		buf = new byte[Math.max(16, initialCapacity)];
	}

	private void ensure(int extra) {
		if (size + extra > buf.length) {
			buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
		}
	}

	public int position() {
		return size;
	}

	public WireWriter u8(int v) {
		ensure(1);
		buf[size++] = (byte) v;
		return this;
	}

	public WireWriter u16(int v) {
		ensure(2);
		Wire.putShort(buf, size, v);
		size += 2;
		return this;
	}

	public WireWriter i32(int v) {
		ensure(4);
		Wire.putInt(buf, size, v);
		size += 4;
		return this;
	}

	public WireWriter zeros(int n) {
		ensure(n);
		size += n; // the buffer is zero-filled on allocation and growth
		return this;
	}

	public WireWriter bytes(Octets o) {
		ensure(o.length());
		o.copyTo(buf, size);
		size += o.length();
		return this;
	}

	public WireWriter bytes(byte[] b) {
		ensure(b.length);
		System.arraycopy(b, 0, buf, size, b.length);
		size += b.length;
		return this;
	}

	/** Overwrites a 16-bit length field written earlier. */
	public void patchU16(int at, int v) {
		Wire.putShort(buf, at, v);
	}

	/** Overwrites a byte written earlier. */
	public void patchU8(int at, int v) {
		buf[at] = (byte) v;
	}

	public byte[] toByteArray() {
		return Arrays.copyOf(buf, size);
	}
}
