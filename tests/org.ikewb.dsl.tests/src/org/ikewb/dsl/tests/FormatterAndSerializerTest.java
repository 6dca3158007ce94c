package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.SaveOptions;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.model.policy.PolicyFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.inject.Injector;

/** The formatter's layout, and parse → serialize → parse giving an equal model. */
class FormatterAndSerializerTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
	}

	private static XtextResource parse(XtextResourceSet set, String uri, String text) throws Exception {
		XtextResource resource = (XtextResource) set.createResource(URI.createURI(uri));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		assertTrue(resource.getErrors().isEmpty(), resource.getErrors()::toString);
		return resource;
	}

	static String format(String text) throws Exception {
		XtextResource resource = parse(injector.getInstance(XtextResourceSet.class), "test:/f.ikewb", text);
		FormatterRequest request = injector.getInstance(FormatterRequest.class);
		request.setTextRegionAccess(injector.getInstance(TextRegionAccessBuilder.class).forNodeModel(resource).create());
		List<ITextReplacement> replacements = injector.getInstance(IFormatter2.class).format(request);
		return request.getTextRegionAccess().getRewriter().renderToString(replacements);
	}

	@Test
	void messyTextGetsTheHouseLayout() throws Exception {
		String messy = """
				policy   branch { require post-quantum targets strongswan ,libreswan
				ike proposal hybrid { encryption aes256gcm16 prf prfsha384
				ke x25519 ,ecp384 addke 1 mlkem768 , mlkem1024 }
				esp proposal child {encryption aes256gcm16}
				peer hq { local address 198.51.100.10 id fqdn "branch.example.net" remote address 203.0.113.1 port 4500 id fqdn "hq.example.net"
				auth psk from env "HQ_PSK" ike proposals hybrid rekey after 4h
				child lan { local ts 10.1.0.0/16 , 10.2.0.0/16 remote ts 10.0.0.0/8 proto tcp port 443 esp proposals child } } }
				""";
		String expected = """
				policy branch {
				    require post-quantum
				    targets strongswan, libreswan

				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf prfsha384
				        ke x25519, ecp384
				        addke 1 mlkem768, mlkem1024
				    }

				    esp proposal child {
				        encryption aes256gcm16
				    }

				    peer hq {
				        local address 198.51.100.10 id fqdn "branch.example.net"
				        remote address 203.0.113.1 port 4500 id fqdn "hq.example.net"
				        auth psk from env "HQ_PSK"
				        ike proposals hybrid
				        rekey after 4h

				        child lan {
				            local ts 10.1.0.0/16, 10.2.0.0/16
				            remote ts 10.0.0.0/8 proto tcp port 443
				            esp proposals child
				        }
				    }
				}
				""";
		String formatted = format(messy);
		assertEquals(expected, formatted);
		assertEquals(formatted, format(formatted), "formatting is idempotent");
	}

	@ParameterizedTest
	@ValueSource(strings = { "branch-to-hq", "three-rounds", "road-warrior", "loopback", "proposals/pq-library" })
	void serializingAModelWithoutTextAndParsingItGivesAnEqualModel(String example) throws Exception {
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		Path file = Path.of("../../examples", example + ".ikewb").toAbsolutePath().normalize();
		XtextResource original = (XtextResource) set.getResource(URI.createFileURI(file.toString()), true);
		EcoreUtil.resolveAll(set);
		PolicyFile model = (PolicyFile) original.getContents().get(0);
		// a copy has no node model: the serializer must write it from the model alone
		XtextResource copy = (XtextResource) set.createResource(URI.createFileURI(file.getParent().resolve("copy-" + file.getFileName()).toString()));
		copy.getContents().add(EcoreUtil.copy(model));
		String text = injector.getInstance(ISerializer.class).serialize(copy.getContents().get(0),
				SaveOptions.newBuilder().format().getOptions());
		XtextResource reparsed = parse(set, file.getParent().resolve("reparsed-" + file.getFileName()).toUri().toString(), text);
		EcoreUtil.resolveAll(reparsed);
		EObject again = reparsed.getContents().get(0);
		assertTrue(EcoreUtil.equals(model, again), () -> "serialized as:\n" + text);
		assertFalse(text.isBlank());

		// formatting the file as written (with its comments) changes layout only
		String formatted = format(java.nio.file.Files.readString(file));
		XtextResource reformatted = parse(set, file.getParent().resolve("formatted-" + file.getFileName()).toUri().toString(),
				formatted);
		EcoreUtil.resolveAll(reformatted);
		assertTrue(EcoreUtil.equals(model, reformatted.getContents().get(0)), () -> "formatted as:\n" + formatted);
		assertTrue(formatted.contains("//"), "comments are kept");
		assertEquals(formatted, format(formatted), "formatting is idempotent");
	}
}
