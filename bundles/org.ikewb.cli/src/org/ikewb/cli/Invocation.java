package org.ikewb.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import org.ikewb.model.secrets.Environment;

/**
 * Where the command being run was started: the working directory its relative file names mean
 * and the environment its secrets come from. For a command run as its own process, the process's;
 * for one the server runs for a client ({@link Server}), the client's, on the thread serving it.
 * Commands keep the file names as typed (they print them so) and open {@link #file(Path)}.
 */
final class Invocation {

	private static final ThreadLocal<Path> DIRECTORY = new ThreadLocal<>();

	private Invocation() {
	}

	/** The file a name given on the command line means: relative names against the invocation's directory. */
	static Path file(Path name) {
		Path directory = DIRECTORY.get();
		return directory == null || name.isAbsolute() ? name : directory.resolve(name);
	}

	/** Runs a command on this thread as if started in {@code directory} (absolute) with {@code environment}. */
	static <T> T in(Path directory, Map<String, String> environment, Supplier<T> command) {
		if (!directory.isAbsolute()) {
			throw new IllegalArgumentException("not an absolute directory: " + directory);
		}
		Path before = DIRECTORY.get();
		DIRECTORY.set(directory);
		try {
			return Environment.using(environment, command);
		} finally {
			if (before == null) {
				DIRECTORY.remove();
			} else {
				DIRECTORY.set(before);
			}
		}
	}
}
