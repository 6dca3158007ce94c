package org.ikewb.protocol;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The known values of one IANA registry, by number and by name. Each registry type keeps one
 * instance; numbers it does not know come back as values made by {@code unknown}, which keep their
 * number so that decode → encode is lossless.
 */
public final class Registry<T extends IanaValue> {

	private final Map<Integer, T> byValue = new LinkedHashMap<>();
	private final Map<String, T> byName = new LinkedHashMap<>();
	private final IntFunction<T> unknown;

	public Registry(IntFunction<T> unknown) {
		this.unknown = unknown;
	}

	/** Registers a known value under its IANA name and any further names. */
	public T define(T value, String... aliases) {
		if (byValue.putIfAbsent(value.value(), value) != null) {
			throw new IllegalStateException("value " + value.value() + " defined twice");
		}
		byName.put(value.ianaName().toLowerCase(Locale.ROOT), value);
		for (String alias : aliases) {
			byName.put(alias.toLowerCase(Locale.ROOT), value);
		}
		return value;
	}

	public T of(int value) {
		T known = byValue.get(value);
		return known != null ? known : unknown.apply(value);
	}

	public boolean isKnown(int value) {
		return byValue.containsKey(value);
	}

	/** By IANA name or alias, ignoring case. */
	public Optional<T> byName(String name) {
		return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
	}

	/** Every known value in the order defined. */
	public Collection<T> all() {
		return Collections.unmodifiableCollection(byValue.values());
	}

	static String unknownName(int value) {
		return "UNKNOWN(" + value + ")";
	}
}
