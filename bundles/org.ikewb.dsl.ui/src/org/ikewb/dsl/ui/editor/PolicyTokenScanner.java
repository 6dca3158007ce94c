package org.ikewb.dsl.ui.editor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.ITokenScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.parser.antlr.LexerBindings;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;

/**
 * Lexical highlighting with the Xtext-generated ANTLR lexer of the language (runtime lexer binding)
 * and the token names from ITokenDefProvider: keywords ('proposal', '{', ...) bold purple, enum
 * literals of the grammar (transform types) bold teal, comments green, strings blue. Semantic
 * highlighting of algorithm names on transform lines, from the IDE services' catalog: post-quantum
 * methods bold green, RFC 8247 SHOULD NOT orange, MUST NOT red and struck through.
 */
public class PolicyTokenScanner implements ITokenScanner {

	static final IToken KEYWORD = new Token(new TextAttribute(new Color(127, 0, 85), null, SWT.BOLD));
	static final IToken ENUM_LITERAL = new Token(new TextAttribute(new Color(0, 112, 140), null, SWT.BOLD));
	static final IToken COMMENT = new Token(new TextAttribute(new Color(63, 127, 95)));
	static final IToken STRING = new Token(new TextAttribute(new Color(42, 0, 255)));
	static final IToken NUMBER = new Token(new TextAttribute(new Color(125, 125, 125)));
	static final IToken DEFAULT = new Token(null);
	static final IToken POST_QUANTUM = new Token(new TextAttribute(new Color(0, 128, 64), null, SWT.BOLD));
	static final IToken SHOULD_NOT = new Token(new TextAttribute(new Color(200, 110, 0)));
	static final IToken MUST_NOT = new Token(new TextAttribute(new Color(200, 0, 0), null, TextAttribute.STRIKETHROUGH));

	/** The transform line being lexed (its kind and ADDKE round), null outside transform lines. */
	private org.ikewb.model.policy.TransformKind lineKind;
	private int lineRound;
	private boolean expectRound;

	private final Injector injector;
	private final Map<Integer, String> tokenDefs;
	private final Set<String> enumLiterals = new HashSet<>();

	private final List<int[]> spans = new ArrayList<>(); // offset, length
	private final List<IToken> tokens = new ArrayList<>();
	private int index;

	public PolicyTokenScanner(Injector injector) {
		this.injector = injector;
		this.tokenDefs = injector.getInstance(ITokenDefProvider.class).getTokenDefMap();
		IGrammarAccess grammarAccess = injector.getInstance(IGrammarAccess.class);
		for (EnumLiteralDeclaration d : EcoreUtil2.getAllContentsOfType(grammarAccess.getGrammar(), EnumLiteralDeclaration.class)) {
			enumLiterals.add(d.getLiteral().getValue());
		}
	}

	@Override
	public void setRange(IDocument document, int offset, int length) {
		spans.clear();
		tokens.clear();
		index = 0;
		lineKind = null;
		expectRound = false;
		String text = document.get();
		Lexer lexer = injector.getInstance(Key.get(Lexer.class, Names.named(LexerBindings.RUNTIME)));
		lexer.setCharStream(new ANTLRStringStream(text));
		int end = offset + length;
		int pos = offset;
		while (true) {
			org.antlr.runtime.Token t = lexer.nextToken();
			if (t == null || t.getType() == org.antlr.runtime.Token.EOF) {
				break;
			}
			CommonToken ct = (CommonToken) t;
			int start = ct.getStartIndex();
			int stop = ct.getStopIndex() + 1;
			if (stop <= pos) {
				continue; // before the range
			}
			if (start >= end) {
				break;
			}
			start = Math.max(start, pos);
			stop = Math.min(stop, end);
			if (start > pos) {
				add(pos, start - pos, DEFAULT); // gap (e.g. a character the lexer skipped)
			}
			add(start, stop - start, semantic(t, tokenFor(t.getType())));
			pos = stop;
		}
		if (pos < end) {
			add(pos, end - pos, DEFAULT);
		}
	}

	/** Algorithm names on transform lines get the colour of what they are. */
	private IToken semantic(org.antlr.runtime.Token t, IToken lexical) {
		String name = tokenDefs.get(t.getType());
		String text = t.getText();
		if ("RULE_WS".equals(name) || "RULE_SL_COMMENT".equals(name)) {
			if (text != null && text.indexOf('\n') >= 0) {
				lineKind = null;
			}
			return lexical;
		}
		if (lexical == ENUM_LITERAL && text != null && org.ikewb.model.policy.TransformKind.get(text) != null) {
			lineKind = org.ikewb.model.policy.TransformKind.get(text);
			lineRound = 1;
			expectRound = lineKind == org.ikewb.model.policy.TransformKind.ADDKE;
			return lexical;
		}
		if (expectRound && "RULE_INT".equals(name)) {
			expectRound = false;
			try {
				lineRound = Math.max(1, Math.min(7, Integer.parseInt(text)));
			} catch (NumberFormatException e) {
				lineRound = 1;
			}
			return lexical;
		}
		expectRound = false;
		if (lineKind == null || !("RULE_ID".equals(name) || "RULE_DIGIT_WORD".equals(name))) {
			return lexical;
		}
		return org.ikewb.dsl.ide.AlgorithmCatalog.describe(lineKind, lineRound, text).map(e -> switch (e.status()) {
		case MUST_NOT -> MUST_NOT;
		case SHOULD_NOT -> SHOULD_NOT;
		default -> e.postQuantum() ? POST_QUANTUM : lexical;
		}).orElse(lexical);
	}

	private void add(int offset, int length, IToken token) {
		spans.add(new int[] { offset, length });
		tokens.add(token);
	}

	private IToken tokenFor(int type) {
		String name = tokenDefs.get(type);
		if (name == null) {
			return DEFAULT;
		}
		if (name.startsWith("'") && name.endsWith("'") && name.length() > 2) {
			String kw = name.substring(1, name.length() - 1);
			if (enumLiterals.contains(kw)) {
				return ENUM_LITERAL;
			}
			return Character.isJavaIdentifierStart(kw.charAt(0)) ? KEYWORD : DEFAULT;
		}
		return switch (name) {
			case "RULE_ML_COMMENT", "RULE_SL_COMMENT" -> COMMENT;
			case "RULE_STRING" -> STRING;
			case "RULE_INT" -> NUMBER;
			default -> DEFAULT;
		};
	}

	@Override
	public IToken nextToken() {
		if (index >= tokens.size()) {
			return Token.EOF;
		}
		return tokens.get(index++);
	}

	@Override
	public int getTokenOffset() {
		return spans.get(index - 1)[0];
	}

	@Override
	public int getTokenLength() {
		return spans.get(index - 1)[1];
	}
}
