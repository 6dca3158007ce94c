package org.ikewb.fuzz;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyLanguageStandaloneSetup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.inject.Injector;

/**
 * The policy language on arbitrary text: parsing, linking and every rule of the model's validator
 * give findings, never an exception — and no rule may crash (Xtext would report "Error executing
 * EValidator" instead of a finding, hiding the rule's answer). Seeds: the examples.
 */
class PolicyFuzzTest {

	private static final Injector INJECTOR = new PolicyLanguageStandaloneSetup().createInjectorAndDoEMFRegistration();

	/** Xtext catches what a validator or the diagnostic converter throws and only logs it: catch the log. */
	private static final List<String> LOGGED = new java.util.concurrent.CopyOnWriteArrayList<>();

	static {
		org.apache.log4j.Logger.getRootLogger().addAppender(new org.apache.log4j.AppenderSkeleton() {
			@Override
			protected void append(org.apache.log4j.spi.LoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(org.apache.log4j.Level.ERROR)) {
					LOGGED.add(event.getLoggerName() + ": " + event.getRenderedMessage()
							+ (event.getThrowableInformation() != null ? " " + event.getThrowableInformation().getThrowable() : ""));
				}
			}

			@Override
			public void close() {
			}

			@Override
			public boolean requiresLayout() {
				return false;
			}
		});
	}

	@FuzzTest(maxDuration = "30s")
	void parseAndValidate(byte[] input) throws Exception {
		LOGGED.clear();
		String text = new String(input, StandardCharsets.UTF_8);
		XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) set.createResource(URI.createURI("fuzz:/input.ikewb"));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		List<Issue> issues = INJECTOR.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
				CancelIndicator.NullImpl);
		if (!LOGGED.isEmpty()) {
			throw new AssertionError("parsing or validation failed inside Xtext (logged, findings lost): " + LOGGED.get(0));
		}
		for (Issue issue : issues) {
			// Xtext's own report of a rule that threw; a syntax error may merely quote such text (a finding
			// of the first fuzzing run, kept as the regression input quoted-validator-error-text)
			if (issue.getMessage() != null && issue.getMessage().startsWith("Error executing EValidator")) {
				throw new AssertionError("a rule crashed on this input: " + issue);
			}
		}
	}
}
