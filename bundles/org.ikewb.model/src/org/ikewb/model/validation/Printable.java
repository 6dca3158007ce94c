package org.ikewb.model.validation;

/**
 * Text from a policy file as a finding may show it: control characters, bidirectional overrides
 * and other invisible characters written as <code>&#92;u{202E}</code>, so that a message printed on a
 * terminal or shown in the editor cannot be rewritten by the file it talks about.
 */
public final class Printable {

	private Printable() {
	}

	public static String of(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder b = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); ) {
			int c = text.codePointAt(i);
			if (invisible(c)) {
				b.append(String.format("\\u{%04X}", c));
			} else {
				b.appendCodePoint(c);
			}
			i += Character.charCount(c);
		}
		return b.toString();
	}

	/** "'ü' (U+00FC)", or only "U+202E" for a character that cannot be shown. */
	public static String describe(int c) {
		String code = String.format("U+%04X", c);
		return invisible(c) ? "the invisible character " + code : "'" + new String(Character.toChars(c)) + "' (" + code + ")";
	}

	static boolean invisible(int c) {
		if (c == '\n' || c == '\t') {
			return false;
		}
		int type = Character.getType(c);
		return Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED
				|| type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR || (Character.isWhitespace(c) && c != ' ') || c == 0x00A0;
	}
}
