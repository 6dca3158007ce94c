package org.ikewb.dsl.lexer;

import org.antlr.runtime.CharStream;
import org.ikewb.dsl.parser.antlr.internal.InternalPolicyLanguageLexer;

/** The language's lexer (parser, value converters, highlighting) reading a {@link FoldedCharStream}. */
public class PolicyLexer extends InternalPolicyLanguageLexer {

	public PolicyLexer() {
	}

	public PolicyLexer(CharStream input) {
		super(FoldedCharStream.of(input));
	}

	@Override
	public void setCharStream(CharStream input) {
		super.setCharStream(FoldedCharStream.of(input));
	}
}
