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
import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.DecodedMessage;
import org.ikewb.protocol.WireField;

/**
 * The message inspector under the diagram: header fields and the payload tree of the selected
 * message (decrypted inner payloads under SK/SKF), a hex view that highlights the selected field,
 * and the keys of the generation that protects the message with the IntAuth values.
 */
final class MessageInspector {

	/**
	 * What a row of the tree highlights: octets [start, end) of datagram {@code datagram} of the
	 * message, or of the decrypted plaintext when {@code datagram} is {@link #PLAINTEXT}.
	 */
	record Field(int datagram, int start, int end) {
		static final int PLAINTEXT = -1;

		boolean inner() {
			return datagram == PLAINTEXT;
		}
	}

	private final SashForm sash;
	private final Tree tree;
	private final StyledText hex;
	private final StyledText keys;
	private DecodedMessage message;

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
		message = null;
		hex.setText("Select a message in the diagram.");
		keys.setText("");
	}

	/**
	 * Shows one message as the engine decoded it: each datagram's fields (every fragment when it took
	 * several), the decrypted payloads' fields, the keys. Nothing is parsed here: names, values and
	 * highlighted octets are the decoder's.
	 */
	void show(SequenceModel.Arrow arrow, SequenceModel model) {
		tree.removeAll();
		message = arrow.event().decoded();
		int n = message.datagrams().size();
		TreeItem encrypted = null;
		for (int d = 0; d < n; d++) {
			DecodedDatagram datagram = message.datagrams().get(d);
			TreeItem parent = null;
			if (n > 1) {
				parent = item(null, "Fragment datagram " + (d + 1) + " of " + n, datagram.bytes().length() + " octets",
						new Field(d, 0, datagram.bytes().length()));
			}
			for (WireField f : datagram.fields()) {
				TreeItem item = add(parent, f, d, "");
				if (d == 0 && f.name().equals("IKE header")) {
					item.setExpanded(true);
				}
				if (d == 0 && (f.name().equals("SK") || f.name().equals("SKF"))) {
					encrypted = item;
				}
			}
			if (parent != null) {
				parent.setExpanded(d == 0);
			}
		}
		if (!message.innerFields().isEmpty()) {
			TreeItem under = encrypted;
			if (n > 1) {
				under = item(null, "Decrypted payloads", message.plaintext().length() + " octets, reassembled from " + n
						+ " fragments", new Field(Field.PLAINTEXT, 0, message.plaintext().length()));
			}
			for (WireField f : message.innerFields()) {
				add(under, f, Field.PLAINTEXT, "decrypted ");
			}
			if (under != null) {
				under.setExpanded(true);
			}
		}
		hex.setText(HexDump.dump(message.datagrams().get(0).bytes().toByteArray()));
		showKeys(arrow, model);
	}

	/** A row for the field and rows for the fields inside it. */
	private TreeItem add(TreeItem parent, WireField f, int datagram, String prefix) {
		TreeItem item = item(parent, prefix + f.name(), f.value(), new Field(datagram, f.start(), f.end()));
		for (WireField c : f.children()) {
			add(item, c, datagram, "");
		}
		return item;
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
		if (message == null) {
			return;
		}
		byte[] bytes = f.inner() ? message.plaintext().toByteArray() : message.datagrams().get(f.datagram()).bytes().toByteArray();
		String text = HexDump.dump(bytes);
		if (f.inner()) {
			text = "decrypted inner payloads (" + bytes.length + " octets):\n" + text;
		} else if (message.datagrams().size() > 1) {
			text = "datagram " + (f.datagram() + 1) + " of " + message.datagrams().size() + " (" + bytes.length + " octets):\n" + text;
		}
		hex.setText(text);
		int offset = text.startsWith("0000") ? 0 : text.indexOf('\n') + 1;
		if (f.end() > f.start() && f.end() <= bytes.length) {
			int start = offset + HexDump.charAt(f.start());
			int end = offset + HexDump.charAt(f.end() - 1) + 2;
			StyleRange style = new StyleRange(start, end - start, null, hex.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
			hex.setStyleRange(style);
			hex.setTopIndex(Math.max(0, f.start() / 16 - 1 + (offset > 0 ? 1 : 0)));
		}
	}

	private TreeItem item(TreeItem parent, String field, String value, Field range) {
		TreeItem item = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
		item.setText(new String[] { field, value });
		item.setData(range);
		return item;
	}
}
