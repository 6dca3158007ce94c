package org.ikewb.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.Token;
import org.eclipse.xtext.CharacterRange;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.parser.antlr.LexerBindings;
import org.eclipse.xtext.ide.LexerIdeBindings;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;
import org.ikewb.dsl.lexer.FoldedCharStream;
import org.ikewb.dsl.services.PolicyLanguageGrammarAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;

/**
 * The lexers read letters beyond ASCII through a {@link FoldedCharStream}: names keep their
 * characters, every lexer the language has (parser, value converters, highlighting, content
 * assist) folds, and the grammar's ID rule ends at the folded character — a range up to U+FFFE
 * there made the lexer's tables hold four million entries, unpacked on every start.
 */
class LexerTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
	}

	private static List<String> texts(org.antlr.runtime.TokenSource lexer) {
		List<String> texts = new ArrayList<>();
		for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
			if (!t.getText().replace('\u00A0', ' ').isBlank()) { // white space, the no-break space too
				texts.add(t.getText());
			}
		}
		return texts;
	}

	@Test
	void namesBeyondAsciiAreOneTokenWithTheirOwnCharacters() {
		String text = "peer zürich_hq { } peer 東京 { } peer ¡x\u00A0 \"Grüße\" // ünïcode\n";
		Lexer runtime = injector.getInstance(Key.get(Lexer.class, Names.named(LexerBindings.RUNTIME)));
		runtime.setCharStream(new ANTLRStringStream(text));
		List<String> expected = List.of("peer", "zürich_hq", "{", "}", "peer", "東京", "{", "}", "peer", "¡x", "\"Grüße\"",
				"// ünïcode\n");
		assertEquals(expected, texts(runtime));
		org.eclipse.xtext.ide.editor.contentassist.antlr.internal.Lexer assist = injector.getInstance(
				Key.get(org.eclipse.xtext.ide.editor.contentassist.antlr.internal.Lexer.class,
						Names.named(LexerIdeBindings.CONTENT_ASSIST)));
		assist.setCharStream(new ANTLRStringStream(text));
		assertEquals(expected, texts(assist));
	}

	@Test
	void theIdRuleEndsAtTheFoldedCharacter() {
		PolicyLanguageGrammarAccess grammar = injector.getInstance(PolicyLanguageGrammarAccess.class);
		List<String> tooWide = new ArrayList<>();
		grammar.getIDRule().eAllContents().forEachRemaining(e -> {
			if (e instanceof CharacterRange r && ((Keyword) r.getRight()).getValue().charAt(0) > FoldedCharStream.BEYOND_ASCII) {
				tooWide.add(((Keyword) r.getLeft()).getValue() + ".." + ((Keyword) r.getRight()).getValue());
			}
		});
		assertTrue(tooWide.isEmpty(), "ID ranges beyond U+00A1 (fold them instead): " + tooWide);
	}
}
