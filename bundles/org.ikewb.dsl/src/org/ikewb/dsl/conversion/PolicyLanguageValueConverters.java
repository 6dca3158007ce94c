package org.ikewb.dsl.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Values of the language's datatype rules. The parser joins a datatype rule's tokens without
 * the whitespace between them, so rules whose value may contain a space ({@code ENCR_AES_CBC 256})
 * read the node's text instead. Quoted forms ({@code "2001:db8::1"}) lose their quotes; printing
 * adds them back only where the bare form would not parse.
 */
public class PolicyLanguageValueConverters extends DefaultTerminalConverters {

	/** Text of a datatype rule's node, hidden tokens collapsed to one space (or dropped with {@code joinTight}). */
	static String text(String string, INode node, boolean joinTight) {
		String t = node != null ? NodeModelUtils.getTokenText(node) : string;
		return joinTight ? t.replace(" ", "") : t;
	}

	static String unquote(String t) {
		if (t.length() >= 2 && (t.startsWith("\"") || t.startsWith("'"))) {
			return org.eclipse.xtext.util.Strings.convertFromJavaString(t.substring(1, t.length() - 1), true);
		}
		return t;
	}

	static String quoteUnlessBare(String value, String barePattern) {
		if (value.matches(barePattern)) {
			return value;
		}
		return '"' + org.eclipse.xtext.util.Strings.convertToJavaString(value, false) + '"';
	}

	/** A dotted name, address or hostname bare; anything else (IPv6, spaces) in quotes. */
	private static final String BARE_DOTTED = "[A-Za-z0-9_]+([.-][A-Za-z0-9_]+)*";

	private static final class Flexible extends org.eclipse.xtext.conversion.impl.AbstractValueConverter<String> {
		private final String bare;
		private final boolean tight;

		Flexible(String bare, boolean tight) {
			this.bare = bare;
			this.tight = tight;
		}

		@Override
		public String toValue(String string, INode node) {
			if (string == null) {
				return null;
			}
			String t = text(string, node, false).trim();
			if (t.startsWith("\"") || t.startsWith("'")) {
				return unquote(t);
			}
			return tight ? t.replace(" ", "") : t;
		}

		@Override
		public String toString(String value) {
			return quoteUnlessBare(value, bare);
		}
	}

	@ValueConverter(rule = "Address")
	public IValueConverter<String> Address() {
		return new Flexible("any|" + BARE_DOTTED, true);
	}

	@ValueConverter(rule = "Prefix")
	public IValueConverter<String> Prefix() {
		return new Flexible("dynamic|" + BARE_DOTTED + "(/[0-9]+)?", true);
	}

	@ValueConverter(rule = "IdentityValue")
	public IValueConverter<String> IdentityValue() {
		return new Flexible(BARE_DOTTED, true);
	}

	@ValueConverter(rule = "DottedName")
	public IValueConverter<String> DottedName() {
		return new Flexible(BARE_DOTTED, true);
	}

	@ValueConverter(rule = "PortRange")
	public IValueConverter<String> PortRange() {
		return new Flexible("[0-9]+(-[0-9]+)?", true);
	}

	@ValueConverter(rule = "ProtocolName")
	public IValueConverter<String> ProtocolName() {
		return new Flexible("[A-Za-z_][A-Za-z0-9_]*|[0-9]+", true);
	}

	/** {@code ML-KEM-768} stays as written; {@code ENCR_AES_CBC   256} becomes {@code ENCR_AES_CBC 256}. */
	@ValueConverter(rule = "AlgorithmName")
	public IValueConverter<String> AlgorithmName() {
		return new org.eclipse.xtext.conversion.impl.AbstractValueConverter<String>() {
			@Override
			public String toValue(String string, INode node) {
				return string == null ? null : text(string, node, false).replace(" - ", "-").trim();
			}

			@Override
			public String toString(String value) {
				return value;
			}
		};
	}

	/**
	 * Names: {@code ^policy} is the name "policy" (the caret only lets a word of the language stand as
	 * a name; it must not reach a device configuration); written back with the caret when needed.
	 */
	@ValueConverter(rule = "ValidID")
	public IValueConverter<String> ValidID() {
		java.util.Set<String> keywords = java.util.Set.copyOf(org.eclipse.xtext.GrammarUtil.getAllKeywords(getGrammar()));
		return new org.eclipse.xtext.conversion.impl.AbstractValueConverter<String>() {
			@Override
			public String toValue(String string, INode node) {
				if (string == null) {
					return null;
				}
				String t = text(string, node, true).trim();
				return t.startsWith("^") ? t.substring(1) : t;
			}

			@Override
			public String toString(String value) {
				return value != null && keywords.contains(value) ? "^" + value : value;
			}
		};
	}

	/** {@code 3600}, {@code 3600s}, {@code 60m}, {@code 1h}, {@code 1d} → seconds; printed in the largest exact unit. */
	@ValueConverter(rule = "Duration")
	public IValueConverter<Integer> Duration() {
		return new org.eclipse.xtext.conversion.impl.AbstractValueConverter<Integer>() {
			@Override
			public Integer toValue(String string, INode node) {
				if (string == null || string.isBlank()) {
					throw new ValueConverterException("a duration is missing (write e.g. 1h, 30m, 3600s)", node, null);
				}
				String t = text(string, node, true);
				java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)").matcher(t);
				if (!m.matches()) {
					throw new ValueConverterException("'" + t + "' is not a duration: write a number with s, m, h or d (1h, 30m, 3600s)",
							node, null);
				}
				long n = Long.parseLong(m.group(1));
				long factor = switch (m.group(2)) {
				case "m" -> 60;
				case "h" -> 3600;
				case "d" -> 86400;
				default -> 1;
				};
				long seconds = n * factor;
				if (seconds > Integer.MAX_VALUE) {
					throw new ValueConverterException("'" + t + "' is longer than 68 years", node, null);
				}
				return (int) seconds;
			}

			@Override
			public String toString(Integer value) {
				int v = value == null ? 0 : value;
				if (v > 0 && v % 86400 == 0) {
					return v / 86400 + "d";
				}
				if (v > 0 && v % 3600 == 0) {
					return v / 3600 + "h";
				}
				if (v > 0 && v % 60 == 0) {
					return v / 60 + "m";
				}
				return v + "s";
			}
		};
	}

	@ValueConverter(rule = "OnOff")
	public IValueConverter<Boolean> OnOff() {
		return new org.eclipse.xtext.conversion.impl.AbstractValueConverter<Boolean>() {
			@Override
			public Boolean toValue(String string, INode node) {
				return "on".equals(string);
			}

			@Override
			public String toString(Boolean value) {
				return Boolean.FALSE.equals(value) ? "off" : "on";
			}
		};
	}
}
