package org.ikewb.model.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address and prefix literals as policies write them, parsed without any name lookup (a
 * validator must never touch DNS). IPv4 dotted quads, IPv6 with {@code ::} and an embedded IPv4
 * tail, {@code /length} prefixes.
 */
public final class Addresses {

	/** An address or prefix: its octets (4 or 16) and prefix length (32/128 for a single address). */
	public record Prefix(byte[] octets, int length) {

		public boolean ipv6() {
			return octets.length == 16;
		}

		/** Whether any bit after the prefix length is set ({@code 10.1.0.1/16}). */
		public boolean hasHostBits() {
			for (int bit = length; bit < octets.length * 8; bit++) {
				if ((octets[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
					return true;
				}
			}
			return false;
		}

		/** The prefix with host bits cleared, as text. */
		public String network() {
			byte[] n = octets.clone();
			for (int bit = length; bit < n.length * 8; bit++) {
				n[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
			}
			return format(n) + "/" + length;
		}

		/** Whether the two prefixes share an address (same family, one contains the other). */
		public boolean overlaps(Prefix other) {
			if (other.octets.length != octets.length) {
				return false;
			}
			int common = Math.min(length, other.length);
			for (int bit = 0; bit < common; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((octets[bit / 8] & mask) != (other.octets[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}
	}

	private static final Pattern HOSTNAME = Pattern
			.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

	private Addresses() {
	}

	/** An address ({@code 192.0.2.1}, {@code 2001:db8::1}) or prefix ({@code 10.0.0.0/8}); empty if malformed. */
	public static Optional<Prefix> parsePrefix(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String t = text.trim();
		int slash = t.indexOf('/');
		String address = slash < 0 ? t : t.substring(0, slash);
		byte[] octets = address.contains(":") ? ipv6(address) : ipv4(address);
		if (octets == null) {
			return Optional.empty();
		}
		int max = octets.length * 8;
		int length = max;
		if (slash >= 0) {
			String l = t.substring(slash + 1);
			if (!l.matches("\\d{1,3}")) {
				return Optional.empty();
			}
			length = Integer.parseInt(l);
			if (length > max) {
				return Optional.empty();
			}
		}
		return Optional.of(new Prefix(octets, length));
	}

	/** Whether the text is a single IP address literal. */
	public static boolean isAddress(String text) {
		return text != null && !text.contains("/") && parsePrefix(text).isPresent();
	}

	/** Whether the text is a DNS name (not checked for existence). */
	public static boolean isHostname(String text) {
		return text != null && HOSTNAME.matcher(text).matches() && !text.matches("[0-9.]+");
	}

	static byte[] ipv4(String s) {
		String[] parts = s.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] out = new byte[4];
		for (int i = 0; i < 4; i++) {
			if (!parts[i].matches("\\d{1,3}")) {
				return null;
			}
			int v = Integer.parseInt(parts[i]);
			if (v > 255) {
				return null;
			}
			out[i] = (byte) v;
		}
		return out;
	}

	static byte[] ipv6(String s) {
		if (s.length() > 45) {
			return null;
		}
		byte[] tail4 = null;
		int lastColon = s.lastIndexOf(':');
		if (s.indexOf('.') > lastColon && lastColon >= 0) {
			tail4 = ipv4(s.substring(lastColon + 1));
			if (tail4 == null) {
				return null;
			}
			s = s.substring(0, lastColon + 1) + "0:0";
		}
		int dbl = s.indexOf("::");
		if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
			return null;
		}
		String[] head = dbl < 0 ? s.split(":", -1) : (dbl == 0 ? new String[0] : s.substring(0, dbl).split(":", -1));
		String[] tail = dbl < 0 ? new String[0]
				: (dbl + 2 == s.length() ? new String[0] : s.substring(dbl + 2).split(":", -1));
		int groups = head.length + tail.length;
		if ((dbl < 0 && groups != 8) || (dbl >= 0 && groups > 7)) {
			return null;
		}
		byte[] out = new byte[16];
		for (int i = 0; i < head.length; i++) {
			if (!group(head[i], out, i)) {
				return null;
			}
		}
		for (int i = 0; i < tail.length; i++) {
			if (!group(tail[i], out, 8 - tail.length + i)) {
				return null;
			}
		}
		if (tail4 != null) {
			System.arraycopy(tail4, 0, out, 12, 4);
		}
		return out;
	}

	private static boolean group(String g, byte[] out, int index) {
		if (!g.matches("[0-9A-Fa-f]{1,4}")) {
			return false;
		}
		int v = Integer.parseInt(g, 16);
		out[index * 2] = (byte) (v >>> 8);
		out[index * 2 + 1] = (byte) v;
		return true;
	}

	static String format(byte[] octets) {
		StringBuilder b = new StringBuilder();
		if (octets.length == 4) {
			for (int i = 0; i < 4; i++) {
				b.append(i == 0 ? "" : ".").append(octets[i] & 0xff);
			}
			return b.toString();
		}
		for (int i = 0; i < 8; i++) {
			b.append(i == 0 ? "" : ":").append(Integer.toHexString(((octets[2 * i] & 0xff) << 8) | (octets[2 * i + 1] & 0xff)));
		}
		return b.toString();
	}
}
