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

	@Test
	void theShippedExamplesAreValid() throws Exception {
		java.nio.file.Path examples = java.nio.file.Path.of("../../examples");
		List<java.nio.file.Path> files;
		try (var stream = java.nio.file.Files.list(examples)) {
			files = stream.filter(p -> p.toString().endsWith(".ikewb")).sorted().toList();
		}
		assertFalse(files.isEmpty(), "examples/ holds policies");
		for (java.nio.file.Path file : files) {
			List<Issue> issues = validate(parse(java.nio.file.Files.readString(file)));
			assertTrue(issues.isEmpty(), () -> file + ": " + issues);
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
