package org.ikewb.dsl.tests;

import java.nio.file.Files;
import java.nio.file.Path;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;

/** Policy files written into a test's directory and loaded as {@code ikewb validate} loads them. */
final class PolicyFilesInDir {

	/** One language setup for the test classes that load files (the injector is made once). */
	static final PolicyFiles FILES = new PolicyFiles(new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration());

	private PolicyFilesInDir() {
	}

	/** Writes {@code text} to {@code dir/name} (folders made as needed) and loads it. */
	static PolicyFiles.Loaded load(Path dir, String name, String text) throws Exception {
		Path file = dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		return FILES.load(file);
	}
}
