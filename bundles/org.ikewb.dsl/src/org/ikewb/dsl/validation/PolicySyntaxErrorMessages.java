package org.ikewb.dsl.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.ikewb.model.validation.Printable;

/**
 * Syntax errors in the language's words: "expected a name after 'ike proposal', found '{'" instead
 * of ANTLR's "missing RULE_ID at '{'". The words just before the error say where the reader is;
 * token kinds become what a person would call them; characters from the file are escaped.
 */
public class PolicySyntaxErrorMessages extends SyntaxErrorMessageProvider {

	private static final Map<String, String> WORDS = Map.of("RULE_ID", "a name", "RULE_DIGIT_WORD", "a name", "RULE_INT",
			"a number", "RULE_STRING", "a quoted string", "EOF", "the end of the file", "'<EOF>'", "the end of the file",
			"<EOF>", "the end of the file");

	/** What must follow a keyword, for errors where the parser itself cannot say ("no viable alternative"). */
	private static final Map<String, String> FOLLOWS = Map.ofEntries(Map.entry("proposal", "a name"),
			Map.entry("peer", "a name"), Map.entry("policy", "a name"), Map.entry("child", "a name"),
			Map.entry("proposals", "a proposal name"), Map.entry("import", "a quoted file name"),
			Map.entry("targets", "a target (strongswan, libreswan, fortios, checkpoint, ikewb)"),
			Map.entry("from", "env or file"), Map.entry("role", "initiator, responder or both"),
			Map.entry("mode", "tunnel or transport"), Map.entry("encryption", "an algorithm name"),
			Map.entry("prf", "an algorithm name"), Map.entry("integrity", "an algorithm name"),
			Map.entry("ke", "an algorithm name"), Map.entry("addke", "a round number (1 to 7)"),
			Map.entry("ts", "a traffic selector (10.1.0.0/16, dynamic, \"2001:db8::/32\")"),
			Map.entry("address", "an address (198.51.100.10, a host name, any, \"2001:db8::1\")"),
			Map.entry("after", "a duration (1h, 30m, 3600s)"), Map.entry("fragmentation", "on or off"));

	private static final Pattern MISSING = Pattern.compile("missing (\\S+) at (.+)");
	private static final Pattern MISMATCHED = Pattern.compile("mismatched input (.+) expecting (\\S+)");
	private static final Pattern EXTRANEOUS = Pattern.compile("extraneous input (.+) expecting (\\S+)");
	private static final Pattern NO_VIABLE = Pattern.compile("no viable alternative at input (.+)");
	private static final Pattern LOOP = Pattern.compile("required \\(\\.\\.\\.\\)\\+ loop did not match anything at input (.+)");

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
		SyntaxErrorMessage original = super.getSyntaxErrorMessage(context);
		String message = rewrite(original.getMessage(), before(context.getRecognitionException()));
		return new SyntaxErrorMessage(message, original.getIssueCode(), original.getIssueData());
	}

	/** ANTLR's message in the language's words; {@code after} is the text just before the error, or empty. */
	static String rewrite(String antlr, String after) {
		if (antlr == null) {
			return "The text does not fit the policy language here";
		}
		String where = after.isEmpty() ? "" : " after '" + after + "'";
		Matcher m;
		String out;
		String keywordAsName = null;
		if ((m = MISSING.matcher(antlr)).matches()) {
			out = "Expected " + word(m.group(1)) + where + ", found " + found(m.group(2));
		} else if ((m = MISMATCHED.matcher(antlr)).matches()) {
			out = "Expected " + word(m.group(2)) + where + ", found " + found(m.group(1));
		} else if ((m = EXTRANEOUS.matcher(antlr)).matches()) {
			out = "Unexpected " + found(m.group(1)) + where + " (expected " + word(m.group(2)) + ")";
		} else if ((m = NO_VIABLE.matcher(antlr)).matches()) {
			String last = after.isEmpty() ? "" : after.substring(after.lastIndexOf(' ') + 1);
			if (FOLLOWS.containsKey(last)) {
				out = "Expected " + FOLLOWS.get(last) + where + ", found " + found(m.group(1));
				if (FOLLOWS.get(last).equals("a name") && m.group(1).matches("'[a-z][a-z-]*'")) {
					keywordAsName = m.group(1);
				}
			} else {
				out = found(m.group(1)) + " does not fit" + (where.isEmpty() ? " here" : where);
				out = Character.toUpperCase(out.charAt(0)) + out.substring(1);
			}
		} else if ((m = LOOP.matcher(antlr)).matches()) {
			out = "Expected at least one entry" + where + ", found " + found(m.group(1));
		} else {
			out = antlr;
			for (Map.Entry<String, String> e : WORDS.entrySet()) {
				out = out.replace(e.getKey(), e.getValue());
			}
		}
		if (keywordAsName != null) {
			String word = keywordAsName.substring(1, keywordAsName.length() - 1);
			out += " (" + keywordAsName + " is a word of the language: choose another name, or write ^" + word + ")";
		}
		return Printable.of(out);
	}

	private static String word(String token) {
		return WORDS.getOrDefault(token, token);
	}

	private static String found(String quoted) {
		return WORDS.getOrDefault(quoted, quoted);
	}

	/** Up to two words before the error token on its line: "ike proposal", "peer branch". */
	private static String before(RecognitionException e) {
		if (e == null || !(e.input instanceof TokenStream tokens) || e.token == null) {
			return "";
		}
		List<String> words = new ArrayList<>();
		int index = e.token.getTokenIndex();
		int line = e.token.getLine();
		for (int i = index - 1; i >= 0 && words.size() < 2; i--) {
			Token t = tokens.get(i);
			if (t.getChannel() != Token.DEFAULT_CHANNEL) {
				continue;
			}
			if (t.getLine() != line || t.getText() == null || t.getText().length() > 40) {
				break;
			}
			words.add(0, t.getText());
		}
		return String.join(" ", words);
	}
}
