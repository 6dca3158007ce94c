package org.ikewb.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;

/** The version of the command line: the Bundle-Version of the jar it runs from. */
final class Version {

	private Version() {
	}

	static String text() {
		return bundleVersion(Main.class) + " (Java " + Runtime.version() + ", Bouncy Castle "
				+ bundleVersion(org.bouncycastle.crypto.CryptoServicesRegistrar.class) + ")";
	}

	private static String bundleVersion(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		if (source == null) {
			return "unknown";
		}
		try {
			File file = new File(source.getLocation().toURI());
			if (!file.isFile()) {
				return "development build";
			}
			try (JarFile jar = new JarFile(file)) {
				String v = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Bundle-Version");
				return v == null ? "unknown" : v;
			}
		} catch (IOException | URISyntaxException | IllegalArgumentException e) {
			return "unknown";
		}
	}
}
