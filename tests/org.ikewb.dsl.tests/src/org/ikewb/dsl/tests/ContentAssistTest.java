package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.TextRegion;
import org.ikewb.dsl.ide.AlgorithmCatalog;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.model.policy.TransformKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

/** Completion and hover data from the IDE services, as the editor and a language server get them. */
class ContentAssistTest {

	private static Injector injector;
	private static ExecutorService pool;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
		pool = Executors.newFixedThreadPool(2);
	}

	@AfterAll
	static void tearDown() {
		pool.shutdownNow();
	}

	/** Proposals at the position of '|' in text. */
	static List<ContentAssistEntry> complete(String textWithCursor) throws Exception {
		int offset = textWithCursor.indexOf('|');
		String text = textWithCursor.replace("|", "");
		XtextResource resource = (XtextResource) injector.getInstance(XtextResourceSet.class)
				.createResource(URI.createURI("test:/assist.ikewb"));
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		ContentAssistContextFactory factory = injector.getInstance(ContentAssistContextFactory.class);
		factory.setPool(pool);
		ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
		IdeContentProposalAcceptor acceptor = injector.getInstance(IdeContentProposalAcceptor.class);
		injector.getInstance(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts), acceptor);
		List<ContentAssistEntry> out = new java.util.ArrayList<>();
		acceptor.getEntries().forEach(out::add);
		return out;
	}

	private static final String PROPOSAL = """
			policy p {
			    ike proposal hybrid {
			        encryption aes256gcm16
			        prf        prfsha384
			        ke         x25519
			        addke 1    |
			    }
			}
			""";

	@Test
	void anAddkePositionOffersMlKemFirstWithIdsAndSizes() throws Exception {
		List<ContentAssistEntry> entries = complete(PROPOSAL);
		List<String> names = entries.stream().map(ContentAssistEntry::getProposal).toList();
		assertTrue(names.containsAll(List.of("mlkem512", "mlkem768", "mlkem1024", "none")), names::toString);
		assertTrue(names.indexOf("mlkem768") < names.indexOf("x25519"), names::toString);
		ContentAssistEntry mlkem = entries.stream().filter(e -> e.getProposal().equals("mlkem768")).findFirst().orElseThrow();
		assertEquals("ML-KEM-768 (ID 36), encapsulation key 1184 octets, ciphertext 1088 octets, post-quantum, RFC 8247: recommended",
				mlkem.getDescription());
		assertFalse(names.contains("modp768"), "MUST NOT algorithms are not offered");
	}

	@Test
	void anEncryptionPositionOffersCiphersWithAPrefix() throws Exception {
		List<String> names = complete(PROPOSAL.replace("encryption aes256gcm16", "encryption aes256g|").replace("addke 1    |",
				"addke 1 mlkem768")).stream().map(ContentAssistEntry::getProposal).toList();
		assertTrue(names.containsAll(List.of("aes256gcm16", "aes256gcm12", "aes256gcm8")), names::toString);
		assertFalse(names.contains("mlkem768"), names::toString);
	}

	@Test
	void whatIsOnTheLineIsNotOfferedAgainAndRecommendedComesFirst() throws Exception {
		// addke 1 mlkem768, |  — mlkem768 is there already; so is Curve25519 in ke, written by its IANA name
		List<String> addke = complete(PROPOSAL.replace("addke 1    |", "addke 1    mlkem768, |")).stream()
				.map(ContentAssistEntry::getProposal).toList();
		assertFalse(addke.contains("mlkem768"), addke::toString);
		assertTrue(addke.containsAll(List.of("mlkem1024", "mlkem512", "none")), addke::toString);
		List<String> ke = complete(PROPOSAL.replace("ke         x25519", "ke         Curve25519, |").replace("addke 1    |",
				"addke 1 mlkem768")).stream().map(ContentAssistEntry::getProposal).toList();
		assertFalse(ke.contains("x25519"), "the same method under its other name: " + ke);
		// before the cursor or after it: the whole line counts
		List<String> before = complete(PROPOSAL.replace("ke         x25519", "ke         |, ecp384").replace("addke 1    |",
				"addke 1 mlkem768")).stream().map(ContentAssistEntry::getProposal).toList();
		assertFalse(before.contains("ecp384"), before::toString);
		// deprecated groups (RFC 8247 SHOULD NOT) come after every recommended one
		int modp1024 = ke.indexOf("modp1024");
		assertTrue(modp1024 > ke.indexOf("ecp256") && modp1024 > ke.indexOf("x448") && modp1024 > ke.indexOf("modp3072"),
				ke::toString);
	}

	@Test
	void proposalNamesAreOfferedWhereAPeerNamesItsProposals() throws Exception {
		String text = PROPOSAL.replace("addke 1    |", "addke 1 mlkem768").replace("    }\n}", """
				    }
				    peer hq {
				        ike proposals |
				    }
				}""");
		List<String> names = complete(text).stream().map(ContentAssistEntry::getProposal).toList();
		assertTrue(names.contains("hybrid"), names::toString);
	}

	@Test
	void hoverDataNamesTheTargetsThatSupportAnAlgorithm() {
		String x448 = AlgorithmCatalog.describe(TransformKind.KE, 0, "Curve448").orElseThrow().documentation();
		assertTrue(x448.startsWith("x448 = Curve448, transform ID 32"), x448);
		assertTrue(x448.contains("strongSwan 6.1") && !x448.contains("Libreswan"), x448);
		assertTrue(AlgorithmCatalog.describe(TransformKind.PRF, 0, "aes256gcm16").isEmpty(), "a cipher is not a PRF");
	}

	@Test
	void insideAPeerPpkAndChildlessAreOfferedAndExplained() throws Exception {
		String text = PROPOSAL.replace("addke 1    |", "addke 1 mlkem768").replace("    }\n}", """
				    }
				    peer hq {
				        auth psk from env "PATH"
				        |
				    }
				}""");
		List<String> words = complete(text).stream().map(ContentAssistEntry::getProposal).toList();
		assertTrue(words.contains("ppk") && words.contains("childless"), words::toString);
		// after a PPK's source: required
		List<String> after = complete(text.replace("|", "ppk \"pq-1\" from file \"pq.ppk\" |")).stream()
				.map(ContentAssistEntry::getProposal).toList();
		assertTrue(after.contains("required"), after::toString);
		String ppk = org.ikewb.dsl.ide.KeywordHelp.describe("ppk", "ppk").orElseThrow();
		assertTrue(ppk.contains("RFC 8784") && ppk.contains("SK_d, SK_pi and SK_pr") && ppk.contains("never written"), ppk);
		assertTrue(org.ikewb.dsl.ide.KeywordHelp.describe("required", "ppk").orElseThrow().contains("NO_PPK_AUTH"));
		assertTrue(org.ikewb.dsl.ide.KeywordHelp.describe("required", "require").isEmpty(), "only on a ppk line");
		assertTrue(org.ikewb.dsl.ide.KeywordHelp.describe("childless", "childless").orElseThrow().contains("CREATE_CHILD_SA"));
	}
}
