package org.ikewb.dsl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.model.policy.PolicyFile;

import com.google.inject.Injector;

/**
 * Loads and validates policy files outside any editor (command line, launch bridge, benchmarks),
 * exactly as the editor does: by file URI, so that imports and relative secret files resolve.
 */
public final class PolicyFiles {

	/** Larger files are refused before parsing: a policy of 2,000 peers is well under 4 MiB. */
	public static final long MAX_FILE_SIZE = 16L << 20;

	private final Injector injector;

	public PolicyFiles(Injector injector) {
		this.injector = injector;
	}

	/**
	 * For plain Java (no Equinox): registers the language and the model's validator, once per
	 * process — the injector is the costly part of a command's start, and a process that serves
	 * many commands (the command line's server) makes it once. Each {@link #load} has its own
	 * resource set, so loads share nothing but the language's stateless services.
	 */
	public static PolicyFiles standalone() {
		return Standalone.INSTANCE;
	}

	private static final class Standalone {
		static final PolicyFiles INSTANCE = new PolicyFiles(
				new PolicyLanguageStandaloneSetup().createInjectorAndDoEMFRegistration());
	}

	/** A loaded file: its model (possibly partial), and every finding of parser, linker and rules. */
	public record Loaded(Path path, XtextResource resource, List<Issue> issues) {
		public PolicyFile model() {
			return resource.getContents().isEmpty() ? null : (PolicyFile) resource.getContents().get(0);
		}

		public boolean hasErrors() {
			return issues.stream().anyMatch(i -> i.getSeverity() == Severity.ERROR);
		}
	}

	/**
	 * A finding's code as users see it (command line, Problems view): the model's rules have stable
	 * codes of their own; Xtext's syntax and linking findings are "syntax" and "unresolved-reference".
	 * Null when the finding has none.
	 */
	public static String code(Issue issue) {
		String code = issue.getCode();
		if (code == null) {
			return null;
		}
		if (code.endsWith("Diagnostic.Syntax")) {
			return "syntax";
		}
		if (code.endsWith("Diagnostic.Linking")) {
			return "unresolved-reference";
		}
		return code;
	}

	/** Reads, parses, links and validates one file in a fresh resource set. */
	public Loaded load(Path file) throws IOException {
		if (Files.size(file) > MAX_FILE_SIZE) {
			throw new IOException("file is larger than " + (MAX_FILE_SIZE >> 20) + " MiB; not a policy file");
		}
		byte[] bytes = Files.readAllBytes(file);
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		// by the language, not by the file's extension: "policy.txt" is still read as a policy
		XtextResource resource = injector.getInstance(XtextResource.class);
		resource.setURI(URI.createFileURI(file.toAbsolutePath().normalize().toString()));
		set.getResources().add(resource);
		resource.load(new ByteArrayInputStream(bytes), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
		List<Issue> issues = injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
				CancelIndicator.NullImpl);
		return new Loaded(file, resource, issues);
	}
}
