package org.ikewb.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects {@link WireField}s while a decoder walks the octets: {@link #open} a structure, add its
 * fields, {@link #close} it with the value it decoded to. Used only when a caller asked for fields;
 * the decoders check for {@code null} first, so decoding without fields costs nothing.
 */
final class FieldRecorder {

	private static final class Open {
		final String name;
		final int start;
		final int end;
		final List<WireField> children = new ArrayList<>();

		Open(String name, int start, int end) {
			this.name = name;
			this.start = start;
			this.end = end;
		}
	}

	private final int origin;
	private final Deque<Open> open = new ArrayDeque<>();
	private final List<WireField> top = new ArrayList<>();

	/** {@code origin}: the index in the decoder's array that is offset 0 of the fields. */
	FieldRecorder(int origin) {
		this.origin = origin;
	}

	void field(String name, int start, int end, String value) {
		add(new WireField(name, value, start - origin, end - origin, List.of()));
	}

	void open(String name, int start, int end) {
		open.push(new Open(name, start, end));
	}

	void close(String value) {
		Open o = open.pop();
		// in the order of the octets: a decoder may record a structure's fixed fields after its parts
		o.children.sort(java.util.Comparator.comparingInt(WireField::start));
		add(new WireField(o.name, value, o.start - origin, o.end - origin, o.children));
	}

	private void add(WireField f) {
		if (open.isEmpty()) {
			top.add(f);
		} else {
			open.peek().children.add(f);
		}
	}

	List<WireField> fields() {
		return List.copyOf(top);
	}
}
