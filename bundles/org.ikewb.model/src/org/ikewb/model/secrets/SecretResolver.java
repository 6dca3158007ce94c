package org.ikewb.model.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.ikewb.model.policy.SecretKind;
import org.ikewb.model.policy.SecretSource;
import org.ikewb.model.validation.PeerConstraints;

/**
 * Reads a secret from where the policy says it is (environment variable or file relative to the
 * policy), for {@code generate --with-secrets} and for running the engine. A missing secret is an
 * error naming the source, never an empty key.
 */
public final class SecretResolver {

	private final Function<String, String> environment;

	public SecretResolver(Function<String, String> environment) {
		this.environment = environment;
	}

	/** Reads this process's environment, or the served command's ({@link Environment}). */
	public static SecretResolver system() {
		return new SecretResolver(Environment.current());
	}

	/** A secret that cannot be read: says which source and why. */
	public static final class SecretUnavailableException extends Exception {
		private static final long serialVersionUID = 1L;

		public SecretUnavailableException(String message) {
			super(message);
		}
	}

	public String read(SecretSource source) throws SecretUnavailableException {
		if (source == null || source.getLocation() == null) {
			throw new SecretUnavailableException("no secret source given");
		}
		if (source.getKind() == SecretKind.ENV) {
			String value = environment.apply(source.getLocation());
			if (value == null || value.isEmpty()) {
				throw new SecretUnavailableException("environment variable " + source.getLocation() + " is not set");
			}
			return value;
		}
		Path path;
		try {
			path = PeerConstraints.resolve(source, source.getLocation());
			if (path == null) {
				path = Path.of(source.getLocation());
			}
		} catch (java.nio.file.InvalidPathException e) {
			throw new SecretUnavailableException("'" + source.getLocation() + "' is not a valid file name: " + e.getReason());
		}
		try {
			if (Files.size(path) > 64 * 1024) {
				throw new SecretUnavailableException("secret file " + path + " is larger than 64 KiB");
			}
			// One secret per file; a trailing newline is not part of it.
			return Files.readString(path, StandardCharsets.UTF_8).strip();
		} catch (IOException e) {
			throw new SecretUnavailableException("cannot read secret file " + path + ": " + e.getMessage());
		}
	}
}
