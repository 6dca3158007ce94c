package org.ikewb.protocol;

/** Big-endian helpers for the wire format. */
final class Wire {

	private Wire() {
	}

	static int u8(byte[] b, int at) {
		return b[at] & 0xff;
	}

	static int u16(byte[] b, int at) {
		return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
	}

	static int i32(byte[] b, int at) {
		return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
	}

	static long i64(byte[] b, int at) {
		return ((long) i32(b, at) << 32) | (i32(b, at + 4) & 0xffffffffL);
	}

	static void putShort(byte[] b, int at, int v) {
		b[at] = (byte) (v >>> 8);
		b[at + 1] = (byte) v;
	}

	static void putInt(byte[] b, int at, int v) {
		b[at] = (byte) (v >>> 24);
		b[at + 1] = (byte) (v >>> 16);
		b[at + 2] = (byte) (v >>> 8);
		b[at + 3] = (byte) v;
	}

	static void putLong(byte[] b, int at, long v) {
		putInt(b, at, (int) (v >>> 32));
		putInt(b, at + 4, (int) v);
	}
}
