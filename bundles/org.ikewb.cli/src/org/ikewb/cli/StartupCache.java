package org.ikewb.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Prepares what makes bin/ikewb start fast, once per JDK and build, in the background: the class
 * path of the jars the command line needs — org.ikewb.cli and what the bundles' manifests require
 * of it, transitively, not the workbench's hundred-odd UI jars (every class or resource the JVM
 * looks for and does not find early opens and searches each jar on the path) — as copies without
 * their jar signatures (the JVM verifies a signed jar's every entry as it loads classes —
 * Eclipse's jars are signed — and never puts classes of signed jars into its ahead-of-time cache).
 * bin/ikewb then records the AOT caches (JEP 483/514) with {@link AotTraining} on that class path.
 * The jars are the ones of the built product, whose signatures p2 checked when it assembled it.
 * <p>
 * Usage (by bin/ikewb): {@code java -cp CLASSPATH org.ikewb.cli.StartupCache DIR}: writes
 * {@code DIR/lib/*.jar} and {@code DIR/classpath}.
 */
public final class StartupCache {

	/** A jar signature's files (RFC: the JAR File Specification's signature block and signature file). */
	private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

	private StartupCache() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: StartupCache DIR");
			System.exit(2);
		}
		Path dir = Path.of(args[0]);
		Path lib = Files.createDirectories(dir.resolve("lib"));
		List<String> classPath = new ArrayList<>();
		for (String entry : BundleClosure.of("org.ikewb.cli", List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)))) {
			Path jar = Path.of(entry);
			if (!Files.isRegularFile(jar) || !entry.endsWith(".jar")) {
				classPath.add(entry); // a directory (a development checkout): as it is
				continue;
			}
			Path copy = lib.resolve(jar.getFileName().toString());
			Path partial = lib.resolve(jar.getFileName() + ".part");
			try (InputStream in = Files.newInputStream(jar); OutputStream out = Files.newOutputStream(partial)) {
				unsigned(in, out);
			}
			Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			classPath.add(copy.toAbsolutePath().toString());
		}
		Path file = dir.resolve("classpath.part");
		Files.writeString(file, String.join(java.io.File.pathSeparator, classPath), StandardCharsets.UTF_8);
		Files.move(file, dir.resolve("classpath"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Copies a jar without its signature files and with the manifest's main section only (no entry digests). */
	static void unsigned(InputStream jar, OutputStream to) throws IOException {
		try (ZipInputStream in = new ZipInputStream(jar); ZipOutputStream out = new ZipOutputStream(to)) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				if (SIGNATURE.matcher(e.getName()).matches()) {
					continue;
				}
				out.putNextEntry(new ZipEntry(e.getName()));
				if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
					ByteArrayOutputStream manifest = new ByteArrayOutputStream();
					in.transferTo(manifest);
					out.write(mainSection(manifest.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
				} else {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
	}

	/** The manifest up to its first blank line: the per-entry sections hold only the signature's digests. */
	static String mainSection(String manifest) {
		String text = manifest.replace("\r\n", "\n");
		int end = text.indexOf("\n\n");
		return (end < 0 ? text.stripTrailing() : text.substring(0, end)) + "\n\n";
	}
}
