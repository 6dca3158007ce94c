package org.ikewb.ui;

import java.util.HexFormat;

/**
 * The inspector's hex view: 16 octets per line, "0000  xx xx ... xx". The text and the position
 * of each octet in it come from one layout, so that a highlighted field covers exactly its octets.
 */
public final class HexDump {

	/** Characters of one full line: offset (4), two spaces, 16 octets "xx" with 15 spaces between, newline. */
	private static final int LINE = 4 + 2 + 16 * 2 + 15 + 1;

	private HexDump() {
	}

	/** The index in {@link #dump}'s text of the first hex digit of octet {@code i}. */
	public static int charAt(int i) {
		return (i / 16) * LINE + 6 + (i % 16) * 3;
	}

	public static String dump(byte[] bytes) {
		StringBuilder b = new StringBuilder();
		HexFormat hf = HexFormat.of();
		for (int i = 0; i < bytes.length; i += 16) {
			b.append(String.format("%04x  ", i));
			for (int j = i; j < Math.min(i + 16, bytes.length); j++) {
				b.append(hf.toHexDigits(bytes[j])).append(j + 1 < Math.min(i + 16, bytes.length) ? " " : "");
			}
			b.append('\n');
		}
		return b.toString();
	}
}
