package org.ikewb.dsl.ide;

import java.util.ArrayList;
import java.util.List;

/**
 * Templates for what architects write most: a policy, a peer, a hybrid (x25519 + ML-KEM-768) IKE
 * proposal. Offered by completion where each may stand — a policy or a library proposal outside any
 * block, a peer or a proposal inside a policy — when the line so far is empty or the start of the
 * template's word. Plain Java: the editor and any other client (a language server) offer the same.
 */
public final class PolicyTemplates {

	/**
	 * One template: what the user types to find it, what it is, the text to insert (indented to the
	 * line), where the cursor goes in it, and how many characters before the offset it replaces (the
	 * word typed so far).
	 */
	public record Template(String word, String description, String text, int cursor, int replaces) {
	}

	private static final String CURSOR = "$|";

	private static final String HYBRID = """
			ike proposal $|hybrid {
			    encryption aes256gcm16
			    prf        prfsha384
			    ke         x25519
			    addke 1    mlkem768
			}""";

	private static final String PEER = """
			peer $|name {
			    local  address 192.0.2.1   id fqdn "local.example.net"
			    remote address 203.0.113.1 id fqdn "remote.example.net"
			    auth psk from env "PSK"
			    ike proposals hybrid
			    child lan {
			        local  ts 10.1.0.0/16
			        remote ts 10.0.0.0/8
			        esp proposals child_sa
			    }
			}""";

	/** A policy: the hybrid proposal, an ESP proposal and a peer, built from the templates above. */
	private static final String POLICY = "policy $|name {\n    require post-quantum\n\n"
			+ indent(HYBRID.replace(CURSOR, ""), "    ") + "\n    esp proposal child_sa {\n        encryption aes256gcm16\n    }\n\n"
			+ indent(PEER.replace(CURSOR + "name", "gateway"), "    ") + "\n}";

	private static String indent(String block, String by) {
		return by + block.replace("\n", "\n" + by).replace("\n" + by + "\n", "\n\n");
	}

	private PolicyTemplates() {
	}

	/** A whole policy named {@code name}, as the New Policy wizard writes it. */
	public static String policy(String name) {
		return POLICY.replace(CURSOR + "name", name) + "\n";
	}

	/** The templates that fit at {@code offset}; each replaces the word typed so far on the line. */
	public static List<Template> at(String text, int offset) {
		List<Template> out = new ArrayList<>();
		int at = Math.max(0, Math.min(offset, text.length()));
		int lineStart = at == 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
		String line = text.substring(lineStart, at);
		String indent = line.substring(0, line.length() - line.stripLeading().length());
		String typed = line.strip();
		if (!typed.matches("[a-z]*")) {
			return out; // something else is being written on this line
		}
		int depth = depth(text, lineStart);
		if (depth == 0) {
			add(out, "policy", "a policy with a hybrid proposal and one peer", POLICY, indent, typed);
			add(out, "hybrid", "an x25519 + ML-KEM-768 IKE proposal (a library proposal other files import)", HYBRID, indent, typed);
		} else if (depth == 1 && enclosing(text, lineStart).equals("policy")) {
			add(out, "peer", "a peer with addresses, identities, a PSK and a Child SA", PEER, indent, typed);
			add(out, "hybrid", "an x25519 + ML-KEM-768 IKE proposal", HYBRID, indent, typed);
		}
		return out;
	}

	private static void add(List<Template> out, String word, String description, String body, String indent, String typed) {
		if (!word.startsWith(typed)) {
			return;
		}
		String indented = body.replace("\n", "\n" + indent);
		int cursor = indented.indexOf(CURSOR);
		out.add(new Template(word, description, indented.replace(CURSOR, ""), cursor, typed.length()));
	}

	/** Open braces before {@code end}, outside strings and // comments. */
	static int depth(String text, int end) {
		int depth = 0;
		boolean string = false;
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (string) {
				if (c == '\\') {
					i++;
				} else if (c == '"' || c == '\n') {
					string = false;
				}
			} else if (c == '"') {
				string = true;
			} else if (c == '/' && i + 1 < end && text.charAt(i + 1) == '/') {
				int nl = text.indexOf('\n', i);
				i = nl < 0 ? end : nl;
			} else if (c == '{') {
				depth++;
			} else if (c == '}') {
				depth = Math.max(0, depth - 1);
			}
		}
		return depth;
	}

	/** The first word of the line that opened the innermost block around {@code end}. */
	static String enclosing(String text, int end) {
		int depth = 0;
		for (int i = end - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (c == '}') {
				depth++;
			} else if (c == '{') {
				if (depth == 0) {
					int start = text.lastIndexOf('\n', i) + 1;
					String[] words = text.substring(start, i).strip().split("\\s+");
					return words.length == 0 ? "" : words[0];
				}
				depth--;
			}
		}
		return "";
	}
}
