package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named range of octets as the decoder found it: a header field, a payload, a proposal, a traffic
 * selector... with the value it decoded and the fields inside it. {@code start} and {@code end} are
 * offsets into the IKE message (for inner payloads: into the decrypted plaintext), so a view can
 * highlight exactly the octets a field came from without parsing anything again.
 */
public record WireField(String name, String value, int start, int end, List<WireField> children) {

	public WireField {
		children = List.copyOf(children);
		if (start < 0 || end < start) {
			throw new IllegalArgumentException(name + ": octets " + start + ".." + end);
		}
	}

	public int length() {
		return end - start;
	}

	/** This field and all fields inside it, depth first. */
	public List<WireField> flatten() {
		List<WireField> all = new ArrayList<>();
		collect(this, all);
		return all;
	}

	private static void collect(WireField f, List<WireField> into) {
		into.add(f);
		for (WireField c : f.children) {
			collect(c, into);
		}
	}

	/** The first field, depth first, among {@code fields} and inside them, with this name. */
	public static Optional<WireField> find(List<WireField> fields, String name) {
		for (WireField f : fields) {
			for (WireField g : f.flatten()) {
				if (g.name.equals(name)) {
					return Optional.of(g);
				}
			}
		}
		return Optional.empty();
	}
}
