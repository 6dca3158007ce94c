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
import org.ikewb.dsl.ide.QuickFixes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.inject.Injector;

/** Each quick fix, applied to the text, makes its diagnostic go away and leaves valid policy text. */
class QuickFixesTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
	}

	static XtextResource parse(String text) throws Exception {
		XtextResource r = (XtextResource) injector.getInstance(XtextResourceSet.class).createResource(URI.createURI("test:/fix.ikewb"));
		r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		return r;
	}

	static List<Issue> issues(XtextResource r) {
		return injector.getInstance(IResourceValidator.class).validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	static String policy(String ke, String addke) {
		return """
				policy p {
				    require post-quantum
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        %s
				        ke         %s
				%s
				    }
				}
				""".formatted(ke.startsWith("prf") ? ke : "prfsha384", ke.startsWith("prf") ? "x25519" : ke, addke);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"duplicate-alternative | x25519 | addke 1 mlkem768, mlkem768 | addke 1 mlkem768",
			"greedy-selection-fails | x25519 | addke 1 mlkem768, mlkem1024\\naddke 2 mlkem768 | addke 1 mlkem1024, mlkem768",
			"deprecated-algorithm | prfmd5 | addke 1 mlkem768 | prf        prfsha256",
			"unknown-algorithm | x25519 | addke 1 mlkem769 | addke 1 mlkem768",
			"downgrade-possible | x25519 | addke 1 mlkem768, none | addke 1 mlkem768\\n",
			"none-primary-ke | x25519, none | addke 1 mlkem768 | ke         x25519\\n",
			"unsatisfiable-key-exchange | x25519 | addke 1 x25519 | addke 1 x25519, none",
			"duplicate-transform-line | x25519 | addke 1 mlkem768\\naddke 1 mlkem1024, mlkem768 | addke 1 mlkem768, mlkem1024\\n    }",
			"round-not-allowed | x25519 | addke 1 mlkem768\\nencryption 3 aes128gcm16 | encryption aes128gcm16" })
	void theFirstFixRemovesTheDiagnostic(String code, String ke, String addke, String expected) throws Exception {
		String text = policy(ke, addke.replace("\\n", "\n        ").indent(8).stripTrailing());
		XtextResource r = parse(text);
		Issue issue = issues(r).stream().filter(i -> code.equals(i.getCode())).findFirst().orElseThrow(() -> new AssertionError(code + " in " + text));
		assertTrue(QuickFixes.isFixable(code));
		List<QuickFixes.Fix> fixes = QuickFixes.fixes(r, code, issue.getOffset(), issue.getLength(), issue.getMessage());
		assertFalse(fixes.isEmpty(), () -> "no fix for " + issue);
		String fixed = fixes.get(0).apply(text);
		assertTrue(fixed.contains(expected.replace("\\n", "\n")), () -> fixes.get(0).label() + " gave:\n" + fixed);
		List<Issue> after = issues(parse(fixed));
		assertFalse(after.stream().anyMatch(i -> code.equals(i.getCode())), () -> after + "\n" + fixed);
		assertEquals(List.of(), after.stream().filter(i -> i.getCode() != null && i.getCode().contains("Syntax")).toList());
	}

	/** An imported classical proposal, once the policy requires post-quantum: both Migrate to hybrid fixes leave it valid. */
	@org.junit.jupiter.api.Test
	void migrateToHybridAddsAnMlKemRoundTheTargetsCanNegotiateRequiredOrOptional() throws Exception {
		String text = """
				policy imported {
				    require post-quantum
				    targets strongswan, fortios
				    ike proposal classic {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         ecp384
				    }
				    peer gw {
				        local address 192.0.2.1 id fqdn "a.example.net"
				        remote address 192.0.2.2 id fqdn "b.example.net"
				        auth psk from env "X"
				        ike proposals classic
				    }
				}
				""";
		XtextResource r = parse(text);
		Issue issue = issues(r).stream().filter(i -> "no-post-quantum".equals(i.getCode())).findFirst().orElseThrow();
		assertTrue(QuickFixes.isFixable("no-post-quantum"));
		List<QuickFixes.Fix> fixes = QuickFixes.fixes(r, issue.getCode(), issue.getOffset(), issue.getLength(), issue.getMessage());
		assertEquals(2, fixes.size(), fixes::toString);
		String required = fixes.get(0).apply(text);
		assertTrue(required.contains("        ke         ecp384\n        addke 1    mlkem768\n    }"), required);
		String optional = fixes.get(1).apply(text);
		assertTrue(optional.contains("addke 1    mlkem768, none\n"), optional);
		List<Issue> afterRequired = issues(parse(required));
		assertFalse(afterRequired.stream().anyMatch(i -> i.getCode() != null
				&& (i.getCode().equals("no-post-quantum") || i.getCode().equals("downgrade-possible"))), afterRequired::toString);
		// optional: a responder may still settle on ecp384 alone, which the policy then says (a downgrade is possible)
		List<Issue> afterOptional = issues(parse(optional));
		assertFalse(afterOptional.stream().anyMatch(i -> "no-post-quantum".equals(i.getCode())), afterOptional::toString);
		assertTrue(afterOptional.stream().anyMatch(i -> "downgrade-possible".equals(i.getCode())), afterOptional::toString);
	}
}
