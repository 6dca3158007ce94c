package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.eclipse.xtext.diagnostics.Severity;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.model.policy.PolicyFile;

/** A policy file named on the command line, loaded and checked once for the commands that run or predict its peers. */
final class PolicyArguments {

	private PolicyArguments() {
	}

	/**
	 * The file's model; its errors are printed as validate prints them and then refused.
	 *
	 * @throws IllegalArgumentException the file cannot be read or has errors (the message says which)
	 */
	static PolicyFile load(Path file, PrintStream err) {
		PolicyFiles.Loaded loaded;
		try {
			loaded = PolicyFiles.standalone().load(Invocation.file(file));
		} catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot read: " + Main.describe(e, file));
		}
		if (loaded.hasErrors() || loaded.model() == null) {
			loaded.issues().stream().filter(i -> i.getSeverity() == Severity.ERROR).forEach(i -> err.println(
					file + ":" + i.getLineNumber() + ":" + i.getColumn() + ": error " + i.getCode() + ": " + i.getMessage()));
			throw new IllegalArgumentException(file + " has errors (see: ikewb validate " + file + ")");
		}
		return loaded.model();
	}
}
