package org.ikewb.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.jface.resource.JFaceResources;
import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProposalSyntax;

/**
 * The message inspector under the diagram: header fields and the payload tree of the selected
 * message (decrypted inner payloads under SK/SKF), a hex view that highlights the selected field,
 * and the keys of the generation that protects the message with the IntAuth values.
 */
final class MessageInspector {

	/** A field of the hex view: which bytes ({@code inner}: of the decrypted chain, else of the datagram). */
	record Field(int start, int end, boolean inner) {
	}

	private final SashForm sash;
	private final Tree tree;
	private final StyledText hex;
	private final StyledText keys;
	private byte[] datagram = new byte[0];
	private byte[] plaintext = new byte[0];

	MessageInspector(Composite parent) {
		sash = new SashForm(parent, SWT.HORIZONTAL);
		tree = new Tree(sash, SWT.BORDER | SWT.FULL_SELECTION);
		tree.setHeaderVisible(true);
		TreeColumn field = new TreeColumn(tree, SWT.LEFT);
		field.setText("Field");
		field.setWidth(220);
		TreeColumn value = new TreeColumn(tree, SWT.LEFT);
		value.setText("Value");
		value.setWidth(360);
		Font mono = JFaceResources.getTextFont();
		hex = new StyledText(sash, SWT.BORDER | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		hex.setFont(mono);
		keys = new StyledText(sash, SWT.BORDER | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		keys.setFont(mono);
		sash.setWeights(5, 4, 4);
		tree.addListener(SWT.Selection, e -> {
			if (e.item != null && e.item.getData() instanceof Field f) {
				highlight(f);
			}
		});
		clear();
	}

	Composite control() {
		return sash;
	}

	void clear() {
		tree.removeAll();
		datagram = new byte[0];
		plaintext = new byte[0];
		hex.setText("Select a message in the diagram.");
		keys.setText("");
	}

	/** Shows one message. */
	void show(SequenceModel.Arrow arrow, SequenceModel model) {
		tree.removeAll();
		TraceEvent.Message m = arrow.event();
		datagram = m.datagrams().isEmpty() ? new byte[0] : m.datagrams().get(0).toByteArray();
		int base = datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0 ? 4 : 0;
		IkeHeader h = m.message().header();
		TreeItem header = item(null, "IKE header", h.exchangeType() + " #" + h.messageIdUnsigned()
				+ (h.isResponse() ? " response" : " request"), new Field(base, base + IkeHeader.SIZE, false));
		item(header, "Initiator SPI", String.format("%016x", h.initiatorSpi()), new Field(base, base + 8, false));
		item(header, "Responder SPI", String.format("%016x", h.responderSpi()), new Field(base + 8, base + 16, false));
		item(header, "Next payload", PayloadType.of(h.nextPayload()).shortName(), new Field(base + 16, base + 17, false));
		item(header, "Version", h.majorVersion() + "." + h.minorVersion(), new Field(base + 17, base + 18, false));
		item(header, "Exchange type", h.exchangeType() + " (" + h.exchangeType().value() + ")",
				new Field(base + 18, base + 19, false));
		item(header, "Flags", flags(h), new Field(base + 19, base + 20, false));
		item(header, "Message ID", Long.toString(h.messageIdUnsigned()), new Field(base + 20, base + 24, false));
		item(header, "Length", h.length() + " octets" + (m.datagrams().size() > 1 ? " (first of " + m.datagrams().size()
				+ " fragments)" : ""), new Field(base + 24, base + 28, false));
		header.setExpanded(true);
		List<int[]> outer = chain(datagram, base + IkeHeader.SIZE, h.nextPayload());
		List<Payload> payloads = m.message().payloads();
		for (int i = 0; i < payloads.size(); i++) {
			Payload p = payloads.get(i);
			int[] range = i < outer.size() ? outer.get(i) : new int[] { 0, 0 };
			TreeItem item = item(null, name(p), describe(p), new Field(range[0], range[1], false));
			if ((p instanceof Payload.Encrypted || p instanceof Payload.EncryptedFragment) && !m.inner().isEmpty()) {
				plaintext = IkeCodec.encodeChain(m.inner());
				int first = p instanceof Payload.Encrypted e ? e.firstInnerPayload()
						: ((Payload.EncryptedFragment) p).firstInnerPayload();
				List<int[]> inner = chain(plaintext, 0, first);
				for (int j = 0; j < m.inner().size(); j++) {
					int[] r = j < inner.size() ? inner.get(j) : new int[] { 0, 0 };
					item(item, "decrypted " + name(m.inner().get(j)), describe(m.inner().get(j)), new Field(r[0], r[1], true));
				}
				item.setExpanded(true);
			}
		}
		hex.setText(HexDump.dump(datagram));
		showKeys(arrow, model);
	}

	private void showKeys(SequenceModel.Arrow arrow, SequenceModel model) {
		StringBuilder b = new StringBuilder();
		if (arrow.keyGeneration() < 0) {
			b.append("IKE_SA_INIT is not protected: no keys yet.\n");
		} else {
			b.append("Protected with key generation ").append(arrow.keyGeneration()).append(" of IKE SA ")
					.append(String.format("%016x", arrow.event().initiatorSpi())).append('\n');
			model.keys(arrow).ifPresentOrElse(k -> keys(b, k),
					() -> b.append("(key material not traced: run with keys shown to see SK_*)\n"));
		}
		for (SequenceModel.IntAuth a : model.intAuth()) {
			b.append("\nIntAuth after IKE_INTERMEDIATE #").append(a.exchange()).append('\n');
			b.append("  IntAuth_i ").append(a.initiator()).append('\n');
			b.append("  IntAuth_r ").append(a.responder()).append('\n');
		}
		keys.setText(b.toString());
	}

	private static void keys(StringBuilder b, IkeSaKeys k) {
		b.append("  SKEYSEED ").append(k.skeyseed().hex()).append('\n');
		b.append("  SK_d  ").append(k.skD().hex()).append('\n');
		if (k.skAi() != null && k.skAi().length() > 0) {
			b.append("  SK_ai ").append(k.skAi().hex()).append('\n');
			b.append("  SK_ar ").append(k.skAr().hex()).append('\n');
		}
		b.append("  SK_ei ").append(k.skEi().hex()).append('\n');
		b.append("  SK_er ").append(k.skEr().hex()).append('\n');
		b.append("  SK_pi ").append(k.skPi().hex()).append('\n');
		b.append("  SK_pr ").append(k.skPr().hex()).append('\n');
	}

	/** Selects the first field whose name starts with {@code prefix} (for tests and keyboard users). */
	boolean selectField(String prefix) {
		for (TreeItem top : tree.getItems()) {
			for (TreeItem item : withChildren(top)) {
				if (item.getText(0).startsWith(prefix)) {
					tree.setSelection(item);
					highlight((Field) item.getData());
					return true;
				}
			}
		}
		return false;
	}

	private static List<TreeItem> withChildren(TreeItem item) {
		List<TreeItem> all = new ArrayList<>();
		all.add(item);
		for (TreeItem child : item.getItems()) {
			all.addAll(withChildren(child));
		}
		return all;
	}

	/** Field name and value of every row of the tree, depth first (for tests). */
	List<String> rows() {
		List<String> out = new ArrayList<>();
		for (TreeItem top : tree.getItems()) {
			for (TreeItem i : withChildren(top)) {
				out.add(i.getText(0) + ": " + i.getText(1));
			}
		}
		return out;
	}

	String hexText() {
		return hex.getText();
	}

	String keysText() {
		return keys.getText();
	}

	/** The highlighted range of the hex view (start, length in characters). */
	int[] highlighted() {
		StyleRange[] ranges = hex.getStyleRanges();
		return ranges.length == 0 ? new int[] { 0, 0 } : new int[] { ranges[0].start, ranges[0].length };
	}

	private void highlight(Field f) {
		byte[] bytes = f.inner() ? plaintext : datagram;
		String text = HexDump.dump(bytes);
		if (f.inner()) {
			text = "decrypted inner payloads (" + bytes.length + " octets):\n" + text;
		}
		hex.setText(text);
		int offset = f.inner() ? text.indexOf('\n') + 1 : 0;
		if (f.end() > f.start()) {
			int start = offset + HexDump.charAt(f.start());
			int end = offset + HexDump.charAt(f.end() - 1) + 2;
			StyleRange style = new StyleRange(start, end - start, null, hex.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
			hex.setStyleRange(style);
			hex.setTopIndex(Math.max(0, f.start() / 16 - 1));
		}
	}

	/** [start, end) of each payload of a chain, following the generic payload headers. */
	static List<int[]> chain(byte[] bytes, int at, int first) {
		List<int[]> out = new ArrayList<>();
		int next = first;
		int pos = at;
		while (next != 0 && pos + 4 <= bytes.length) {
			int length = ((bytes[pos + 2] & 0xff) << 8) | (bytes[pos + 3] & 0xff);
			if (length < 4 || pos + length > bytes.length) {
				break;
			}
			out.add(new int[] { pos, pos + length });
			if (next == 46 || next == 53) {
				break; // SK/SKF is the last payload; what follows is its ciphertext
			}
			next = bytes[pos] & 0xff;
			pos += length;
		}
		return out;
	}

	private TreeItem item(TreeItem parent, String field, String value, Field range) {
		TreeItem item = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
		item.setText(new String[] { field, value });
		item.setData(range);
		return item;
	}

	private static String flags(IkeHeader h) {
		List<String> f = new ArrayList<>();
		if (h.fromInitiator()) {
			f.add("Initiator");
		}
		if (h.isResponse()) {
			f.add("Response");
		}
		return String.format("0x%02x", h.flags()) + (f.isEmpty() ? "" : " (" + String.join(", ", f) + ")");
	}

	private static String name(Payload p) {
		return switch (p) {
		case Payload.Sa s -> "SA";
		case Payload.Ke k -> "KE";
		case Payload.Nonce n -> "Nonce";
		case Payload.Notify n -> "Notify";
		case Payload.Id i -> i.type().shortName();
		case Payload.Auth a -> "AUTH";
		case Payload.Cert c -> c.type().shortName();
		case Payload.Ts t -> t.type().shortName();
		case Payload.Delete d -> "Delete";
		case Payload.VendorId v -> "Vendor ID";
		case Payload.Config c -> "Configuration";
		case Payload.Eap e -> "EAP";
		case Payload.Encrypted e -> "SK";
		case Payload.EncryptedFragment f -> "SKF";
		case Payload.Unknown u -> "payload " + u.typeValue();
		default -> p.getClass().getSimpleName();
		};
	}

	private static String describe(Payload p) {
		return switch (p) {
		case Payload.Sa s -> String.join(", ", s.proposals().stream().map(ProposalSyntax::format).toList());
		case Payload.Ke k -> k.method().ianaName() + " (" + k.method().value() + "), " + k.data().length() + " octets";
		case Payload.Nonce n -> n.nonce().length() + " octets";
		case Payload.Notify n -> n.notifyType().ianaName() + (n.data().length() > 0 ? ", " + n.data().length() + " octets" : "");
		case Payload.Id i -> i.idType().ianaName() + " " + printable(i.data());
		case Payload.Auth a -> a.method().ianaName() + ", " + a.data().length() + " octets";
		case Payload.Ts t -> t.selectors().size() + " selector(s)";
		case Payload.Delete d -> d.protocol() + ", " + d.spis().size() + " SPI(s)";
		case Payload.Encrypted e -> "encrypted and authenticated, " + e.body().length() + " octets";
		case Payload.EncryptedFragment f -> "fragment " + f.number() + " of " + f.total() + ", " + f.body().length() + " octets";
		default -> "";
		};
	}

	private static String printable(Octets data) {
		byte[] b = data.toByteArray();
		for (byte x : b) {
			if (x < 0x20 || x > 0x7e) {
				return data.hex();
			}
		}
		return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
	}
}
