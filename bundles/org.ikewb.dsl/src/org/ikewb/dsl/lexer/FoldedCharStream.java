package org.ikewb.dsl.lexer;

import org.antlr.runtime.CharStream;

/**
 * The characters of a policy file as the language's lexers see them: every character from U+00A1
 * up (beyond Latin-1's no-break space) reads as U+00A1, which the grammar's ID rule stands for
 * "a letter beyond ASCII"; token texts are cut from the real characters, so a name keeps its
 * 'ü' or its 東京 and the model's rules report them.
 * <p>
 * Why: ANTLR 3 lexers keep a transition table per DFA state that spans every character the state
 * accepts. With U+00A1..U+FFFE in ID, each of the 63 states in which a keyword is still possible
 * held 65,000 entries — 4 million, unpacked when the lexer class loads: 140 ms of every
 * {@code ikewb validate} and of opening the first editor. Folded, the tables end at U+00A1.
 */
public final class FoldedCharStream implements CharStream {

	/** What every character beyond ASCII and Latin-1's no-break space reads as. */
	public static final char BEYOND_ASCII = '\u00A1';

	private final CharStream text;

	private FoldedCharStream(CharStream text) {
		this.text = text;
	}

	/** {@code text} folded (once: a folded stream is returned as it is). */
	public static CharStream of(CharStream text) {
		return text == null || text instanceof FoldedCharStream ? text : new FoldedCharStream(text);
	}

	private static int fold(int c) {
		// CharStream.EOF (-1) and U+FFFF (what a char cast of EOF gives) stay as they are
		return c > BEYOND_ASCII && c < 0xFFFF ? BEYOND_ASCII : c;
	}

	@Override
	public int LA(int i) {
		return fold(text.LA(i));
	}

	@Override
	public int LT(int i) {
		return fold(text.LT(i));
	}

	@Override
	public String substring(int start, int stop) {
		return text.substring(start, stop);
	}

	@Override
	public int getLine() {
		return text.getLine();
	}

	@Override
	public void setLine(int line) {
		text.setLine(line);
	}

	@Override
	public void setCharPositionInLine(int pos) {
		text.setCharPositionInLine(pos);
	}

	@Override
	public int getCharPositionInLine() {
		return text.getCharPositionInLine();
	}

	@Override
	public void consume() {
		text.consume();
	}

	@Override
	public int mark() {
		return text.mark();
	}

	@Override
	public int index() {
		return text.index();
	}

	@Override
	public void rewind(int marker) {
		text.rewind(marker);
	}

	@Override
	public void rewind() {
		text.rewind();
	}

	@Override
	public void release(int marker) {
		text.release(marker);
	}

	@Override
	public void seek(int index) {
		text.seek(index);
	}

	@Override
	public int size() {
		return text.size();
	}

	@Override
	public String getSourceName() {
		return text.getSourceName();
	}
}
