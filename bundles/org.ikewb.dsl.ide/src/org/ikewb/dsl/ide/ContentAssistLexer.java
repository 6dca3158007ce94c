package org.ikewb.dsl.ide;

import org.antlr.runtime.CharStream;
import org.ikewb.dsl.ide.contentassist.antlr.internal.InternalPolicyLanguageLexer;
import org.ikewb.dsl.lexer.FoldedCharStream;

/** Content assist's lexer, reading the same folded characters as the language's own (see FoldedCharStream). */
public class ContentAssistLexer extends InternalPolicyLanguageLexer {

	public ContentAssistLexer() {
	}

	public ContentAssistLexer(CharStream input) {
		super(FoldedCharStream.of(input));
	}

	@Override
	public void setCharStream(CharStream input) {
		super.setCharStream(FoldedCharStream.of(input));
	}
}
