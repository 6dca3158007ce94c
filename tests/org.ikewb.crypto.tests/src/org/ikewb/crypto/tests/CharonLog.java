package org.ikewb.crypto.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikewb.protocol.Octets;

/**
 * The chunk dumps of a charon log at {@code ike 4, enc 3}: "label => N bytes @ addr" followed by
 * hex lines, in the order charon wrote them.
 */
final class CharonLog {

	record Dump(String label, Octets value) {
	}

	private static final Pattern HEAD = Pattern.compile("^\\S+ \\S+ \\d+\\[\\w+\\] (?:<[^>]*> )?(.*) => (\\d+) bytes @ .*$");
	private static final Pattern HEX = Pattern.compile("^\\S+ \\S+ \\d+\\[\\w+\\] (?:<[^>]*> )?\\s*(\\d+): ((?:[0-9A-F]{2} )+)\\s.*$");

	private final List<Dump> dumps;

	private CharonLog(List<Dump> dumps) {
		this.dumps = dumps;
	}

	static CharonLog read(Path file) throws IOException {
		List<Dump> dumps = new ArrayList<>();
		List<String> lines = Files.readAllLines(file);
		for (int i = 0; i < lines.size(); i++) {
			Matcher head = HEAD.matcher(lines.get(i));
			if (!head.matches()) {
				continue;
			}
			int length = Integer.parseInt(head.group(2));
			StringBuilder hex = new StringBuilder();
			int j = i + 1;
			while (hex.length() < 2 * length && j < lines.size()) {
				Matcher m = HEX.matcher(lines.get(j));
				if (!m.matches()) {
					break;
				}
				hex.append(m.group(2).replace(" ", ""));
				j++;
			}
			if (hex.length() != 2 * length) {
				throw new IllegalStateException(file + ":" + (i + 1) + ": dump of " + length + " bytes has "
						+ hex.length() / 2);
			}
			dumps.add(new Dump(head.group(1), Octets.of(HexFormat.of().parseHex(hex))));
			i = j - 1;
		}
		return new CharonLog(dumps);
	}

	/** The values of the dumps whose label starts with {@code label}, in order. */
	List<Octets> all(String label) {
		return dumps.stream().filter(d -> d.label().startsWith(label)).map(Dump::value).toList();
	}

	Octets get(String label, int index) {
		List<Octets> values = all(label);
		if (index >= values.size()) {
			throw new IllegalStateException("the log has " + values.size() + " dumps '" + label + "'");
		}
		return values.get(index);
	}
}
