package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.inject.Injector;

/**
 * One negative and one positive case per rule: a valid policy, changed by one edit so that the
 * rule fires (negative), and by a near-miss edit that the rule must accept (positive).
 */
class RulesTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
	}

	static final String BASE = """
			policy p {
			    require post-quantum
			    targets strongswan
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    mlkem768
			    }
			    esp proposal child {
			        encryption aes256gcm16
			        ke         ecp256
			    }
			    peer hq {
			        local  address 192.0.2.1 id fqdn "a.example.net"
			        remote address 192.0.2.2 id fqdn "b.example.net"
			        auth psk from env "PATH"
			        ike proposals hybrid
			        child lan {
			            local  ts 10.1.0.0/16
			            remote ts 10.0.0.0/8
			            esp proposals child
			        }
			    }
			}
			""";

	static List<Issue> issues(String text) throws Exception {
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) set.createResource(URI.createURI("test:/rules.ikewb"));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		return injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	static String edit(String from, String to) {
		assertTrue(BASE.contains(from), from);
		return BASE.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
	}

	@Test
	void theBasePolicyIsClean() throws Exception {
		assertEquals(List.of(), issues(BASE));
	}

	static Stream<Arguments> rules() {
		return Stream.of(
				// code, negative edit (from, to), positive near miss (from, to)
				Arguments.of("unknown-algorithm", "mlkem768", "mlkem769", "mlkem768", "ML-KEM-768"),
				Arguments.of("invalid-round", "addke 1    mlkem768", "addke 8    mlkem768", "addke 1    mlkem768", "addke 7    mlkem768"),
				Arguments.of("duplicate-alternative", "ke         x25519", "ke         x25519, Curve25519", "ke         x25519", "ke         x25519, x448"),
				Arguments.of("duplicate-transform-line", "prf        prfsha384", "prf        prfsha384\n        prf prfsha256",
						"prf        prfsha384", "prf        prfsha384, prfsha256"),
				Arguments.of("non-canonical-order", "encryption aes256gcm16\n        prf        prfsha384",
						"prf        prfsha384\n        encryption aes256gcm16", "addke 1    mlkem768", "addke 1    mlkem768\n        addke 2    mlkem1024"),
				Arguments.of("unsatisfiable-key-exchange", "addke 1    mlkem768", "addke 1    x25519", "addke 1    mlkem768", "addke 1    x25519, mlkem768"),
				Arguments.of("greedy-selection-fails", "addke 1    mlkem768", "addke 1    mlkem768, mlkem1024\n        addke 2    mlkem768",
						"addke 1    mlkem768", "addke 1    mlkem1024, mlkem768\n        addke 2    mlkem768"),
				Arguments.of("missing-transform", "prf        prfsha384\n", "", "prf        prfsha384", "prf        prfsha512"),
				Arguments.of("mixed-aead", "encryption aes256gcm16", "encryption aes256gcm16, aes256", "encryption aes256gcm16",
						"encryption aes256gcm16, chacha20poly1305"),
				Arguments.of("integrity-with-aead", "prf        prfsha384", "prf        prfsha384\n        integrity  sha256",
						"encryption aes256gcm16\n        prf        prfsha384", "encryption aes256\n        prf        prfsha384\n        integrity  sha256"),
				Arguments.of("none-primary-ke", "ke         x25519", "ke         x25519, none", "addke 1    mlkem768", "addke 1    mlkem768, none"),
				Arguments.of("addke-without-ke", "ke         ecp256", "addke 1    mlkem768", "ke         ecp256", "ke         ecp256\n        addke 1    mlkem768"),
				Arguments.of("deprecated-algorithm", "prf        prfsha384", "prf        prfmd5", "prf        prfsha384", "prf        prfsha256"),
				Arguments.of("kem-primary-ke", "ke         x25519", "ke         mlkem1024", "addke 1    mlkem768", "addke 1    mlkem1024"),
				Arguments.of("downgrade-possible", "addke 1    mlkem768", "addke 1    mlkem768, none", "addke 1    mlkem768", "addke 1    mlkem768, mlkem1024"),
				Arguments.of("no-post-quantum", "addke 1    mlkem768", "addke 1    ecp384", "addke 1    mlkem768", "addke 1    ecp384\n        addke 2    mlkem768"),
				Arguments.of("unsupported-by-target", "targets strongswan", "targets libreswan\n    ike proposal wide {\n        encryption aes256gcm16\n        prf prfsha256\n        ke x448\n        addke 1 mlkem768\n    }",
						"targets strongswan", "targets strongswan\n    ike proposal wide {\n        encryption aes256gcm16\n        prf prfsha256\n        ke x448\n        addke 1 mlkem768\n    }"),
				Arguments.of("missing-identity", " id fqdn \"a.example.net\"", "", "id fqdn \"a.example.net\"", "id email \"ops@example.net\""),
				Arguments.of("missing-address", "remote address 192.0.2.2", "remote address any", "remote address 192.0.2.2",
						"remote address any"), // positive below: the same with role responder
				Arguments.of("malformed-address", "192.0.2.1", "192.0.2.300", "192.0.2.1", "gw.example.net"),
				Arguments.of("wrong-protocol", "ike proposals hybrid", "ike proposals child", "ike proposals hybrid", "ike proposals hybrid, hybrid"),
				Arguments.of("missing-proposal", "            esp proposals child\n", "", "esp proposals child", "esp proposals child, child"),
				Arguments.of("secret-not-found", "env \"PATH\"", "env \"IKEWB_SURELY_UNSET_VARIABLE\"", "env \"PATH\"", "env \"HOME\""),
				Arguments.of("missing-authentication", "        auth psk from env \"PATH\"\n", "", "auth psk from env \"PATH\"", "auth psk from env \"PATH\""),
				Arguments.of("malformed-traffic-selector", "local  ts 10.1.0.0/16", "local  ts 10.1.0.0/33", "local  ts 10.1.0.0/16",
						"local  ts 10.1.0.0/16 proto tcp port 443"),
				Arguments.of("overlapping-traffic-selector", "local  ts 10.1.0.0/16", "local  ts 10.1.0.0/16, 10.1.2.0/24",
						"local  ts 10.1.0.0/16", "local  ts 10.1.0.0/16, 10.2.0.0/16"),
				Arguments.of("org.eclipse.xtext.diagnostics.Diagnostic.Linking", "ike proposals hybrid", "ike proposals hybird",
						"ike proposals hybrid", "ike proposals p.hybrid"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void eachRuleFiresOnItsCaseAndNotOnTheNearMiss(String code, String negFrom, String negTo, String posFrom, String posTo)
			throws Exception {
		List<Issue> negative = issues(edit(negFrom, negTo));
		assertTrue(negative.stream().anyMatch(i -> code.equals(i.getCode())), () -> code + " expected in " + negative);
		String positiveText = edit(posFrom, posTo);
		if (code.equals("missing-address")) {
			positiveText = positiveText.replace("peer hq {", "peer hq {\n        role responder");
		}
		List<Issue> positive = issues(positiveText);
		assertFalse(positive.stream().anyMatch(i -> code.equals(i.getCode())), () -> code + " not expected in " + positive);
		Issue first = negative.stream().filter(i -> code.equals(i.getCode())).findFirst().orElseThrow();
		assertTrue(first.getLineNumber() > 0 && first.getMessage().length() > 20, () -> "where and why: " + first);
	}
}
