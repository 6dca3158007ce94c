package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.policy.TransformKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

class PolicyLanguageTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
	}

	private static XtextResource parse(String text) throws Exception {
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) set.createResource(URI.createURI("test:/branch.ikewb"));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		return resource;
	}

	private static List<Issue> validate(XtextResource resource) {
		return injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	@Test
	void hybridProposalParsesIntoTheModel() throws Exception {
		XtextResource r = parse("""
				policy branch_to_hq {
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf prfsha384
				        ke x25519, ecp384
				        addke 1 mlkem768, mlkem1024
				        addke 2 mlkem1024, none
				    }
				}
				""");
		assertTrue(validate(r).isEmpty(), () -> validate(r).toString());
		PolicyFile file = (PolicyFile) r.getContents().get(0);
		var lines = file.getPolicies().get(0).getProposals().get(0).getTransforms();
		assertEquals(5, lines.size());
		assertEquals(TransformKind.ADDKE, lines.get(4).getKind());
		assertEquals(2, lines.get(4).getRound());
		assertEquals(List.of("mlkem1024", "none"), lines.get(4).getAlgorithms());
	}

	@Test
	void theModelRuleReportsWithItsCodeAndPlace() throws Exception {
		List<Issue> issues = validate(parse("""
				policy p {
				    ike proposal dup {
				        encryption aes256gcm16
				        prf prfsha384
				        ke x25519
				        addke 1 mlkem768, mlkem768
				    }
				}
				"""));
		assertEquals(1, issues.size(), issues::toString);
		Issue issue = issues.get(0);
		assertEquals("duplicate-alternative", issue.getCode());
		assertEquals(6, issue.getLineNumber());
		assertEquals(27, issue.getColumn());
	}

	@Test
	void keyExchangeSelectionRulesReachTheEditorWithTheirLines() throws Exception {
		List<Issue> issues = validate(parse("""
				policy p {
				    ike proposal greedy {
				        encryption aes256gcm16
				        prf prfsha384
				        ke x25519
				        addke 1 mlkem768, mlkem1024
				        addke 2 mlkem768
				    }
				    ike proposal impossible {
				        encryption aes256gcm16
				        prf prfsha384
				        ke modp3072
				        addke 1 modp3072
				    }
				}
				"""));
		assertEquals(2, issues.size(), issues::toString);
		Issue greedy = issues.stream().filter(i -> "greedy-selection-fails".equals(i.getCode())).findFirst().orElseThrow();
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, greedy.getSeverity());
		assertEquals(7, greedy.getLineNumber());
		assertTrue(greedy.getMessage().contains("Reorder to: ke x25519; addke 1 mlkem1024, mlkem768; addke 2 mlkem768"),
				greedy.getMessage());
		Issue impossible = issues.stream().filter(i -> "unsatisfiable-key-exchange".equals(i.getCode())).findFirst()
				.orElseThrow();
		assertEquals(org.eclipse.xtext.diagnostics.Severity.ERROR, impossible.getSeverity());
		assertEquals(13, impossible.getLineNumber());
	}

	/** Loads a file by its real URI, so that imports and relative secret files resolve as on the command line. */
	static XtextResource load(java.nio.file.Path file) {
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		return (XtextResource) set.getResource(URI.createFileURI(file.toAbsolutePath().normalize().toString()), true);
	}

	@Test
	void theShippedExamplesHaveNoErrors() throws Exception {
		java.nio.file.Path examples = java.nio.file.Path.of("../../examples");
		List<java.nio.file.Path> files;
		try (var stream = java.nio.file.Files.walk(examples)) {
			files = stream.filter(p -> p.toString().endsWith(".ikewb") && !p.toString().contains("broken")).sorted().toList();
		}
		assertTrue(files.size() >= 4, "examples/ holds the policies: " + files);
		for (java.nio.file.Path file : files) {
			List<Issue> issues = validate(load(file));
			// The only thing a clean machine may lack is the PSK's environment variable.
			assertTrue(issues.stream().allMatch(i -> "secret-not-found".equals(i.getCode())
					&& i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.WARNING), () -> file + ": " + issues);
		}
	}

	@Test
	void theBrokenExampleTriggersEveryDiagnostic() throws Exception {
		List<Issue> issues = validate(load(java.nio.file.Path.of("../../examples/broken/every-diagnostic.ikewb")));
		java.util.Set<String> codes = new java.util.TreeSet<>();
		issues.forEach(i -> codes.add(i.getCode()));
		issues.forEach(i -> System.out.println("every-diagnostic.ikewb:" + i.getLineNumber() + ":" + i.getColumn() + ": "
				+ i.getSeverity() + " " + i.getCode() + ": " + i.getMessage()));
		for (String expected : List.of("unsatisfiable-key-exchange", "greedy-selection-fails", "non-canonical-order",
				"mixed-aead", "duplicate-alternative", "duplicate-transform-line", "unsupported-by-target",
				"downgrade-possible", "invalid-round", "deprecated-algorithm", "unknown-algorithm", "kem-primary-ke",
				"integrity-with-aead", "none-primary-ke", "missing-transform", "no-post-quantum", "addke-without-ke",
				"malformed-address", "missing-identity", "missing-address", "secret-not-found", "wrong-protocol",
				"org.eclipse.xtext.diagnostics.Diagnostic.Linking", "malformed-traffic-selector",
				"overlapping-traffic-selector", "missing-proposal", "missing-authentication", "import-not-found",
				"shadows-import", "override-hides-nothing", "round-not-allowed", "duplicate-name", "name-characters", "ppk-id",
				"ppk-too-short", "ppk-mismatch", "psk-too-short", "strict-revocation-without-crl", "counterpart-disagrees")) {
			assertTrue(codes.contains(expected), () -> expected + " missing from " + codes);
		}
	}

	@Test
	void brokenTextGivesDiagnosticsNotExceptions() throws Exception {
		for (String text : new String[] { "policy {", "\u0000\u0001\u00ff", "ike proposal x { addke 9999999999999 }" }) {
			List<Issue> issues = validate(parse(text));
			assertFalse(issues.isEmpty(), text);
		}
	}
}
