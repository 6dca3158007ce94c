package org.ikewb.model.secrets;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The environment variables a policy's {@code from env "NAME"} secrets are read from: the
 * process's own, or, while a thread serves another process's command (the command line's server,
 * {@code org.ikewb.cli.Server}), that process's. A policy validated through the server must find
 * the variables of the shell that ran {@code ikewb}, not those of the server started hours before.
 */
public final class Environment {

	private static final ThreadLocal<Map<String, String>> OF_THIS_THREAD = new ThreadLocal<>();

	private Environment() {
	}

	/** The value of a variable here (null when unset). */
	public static String get(String name) {
		Map<String, String> given = OF_THIS_THREAD.get();
		return given != null ? given.get(name) : System.getenv(name);
	}

	/** Every variable here. */
	public static Map<String, String> all() {
		Map<String, String> given = OF_THIS_THREAD.get();
		return given != null ? given : System.getenv();
	}

	/** {@link #get(String)} as a function, read at each call (not when made). */
	public static Function<String, String> current() {
		return Environment::get;
	}

	/** Runs {@code body} on this thread with {@code variables} as its environment, then restores the previous one. */
	public static <T> T using(Map<String, String> variables, Supplier<T> body) {
		Map<String, String> before = OF_THIS_THREAD.get();
		OF_THIS_THREAD.set(Map.copyOf(variables));
		try {
			return body.get();
		} finally {
			if (before == null) {
				OF_THIS_THREAD.remove();
			} else {
				OF_THIS_THREAD.set(before);
			}
		}
	}
}
