package org.ikewb.ui;

import java.util.List;

/**
 * The diagram as text: Mermaid (renders in common code-hosting markdown) and SVG. Same rows as on
 * screen; payloads of encrypted messages inside SK{...}.
 */
public final class SequenceExport {

	private SequenceExport() {
	}

	public static String mermaid(SequenceModel model) {
		StringBuilder b = new StringBuilder("sequenceDiagram\n");
		b.append("    participant I as ").append(clean(model.initiator())).append('\n');
		b.append("    participant R as ").append(clean(model.responder())).append('\n');
		for (SequenceModel.Row row : model.rows()) {
			if (row instanceof SequenceModel.Arrow a) {
				b.append("    ").append(a.toResponder() ? "I->>R: " : "R->>I: ").append(clean(a.exchange())).append(' ')
						.append(clean(a.payloads())).append(a.fragments() > 1 ? " [" + a.fragments() + " fragments]" : "")
						.append(a.retransmission() ? " (retransmission)" : "").append('\n');
			} else if (row instanceof SequenceModel.KeyBand k) {
				b.append("    Note over I,R: ").append(clean(k.label())).append('\n');
			} else if (row instanceof SequenceModel.ErrorRow e) {
				b.append("    Note over I,R: ERROR ").append(clean(e.reason())).append('\n');
			} else if (row instanceof SequenceModel.StepRow s) {
				b.append("    Note over I,R: paused ").append(clean(s.pause().toString())).append('\n');
			}
		}
		return b.toString();
	}

	/** Mermaid treats ';' and '#' specially in messages; keep the text readable and safe. */
	private static String clean(String s) {
		return s.replace(";", ",").replace("#", "no. ").replace("\n", " ");
	}

	public static String svg(SequenceModel model) {
		List<SequenceModel.Row> rows = model.rows();
		int left = SequenceCanvas.LEFT;
		int right = SequenceCanvas.LEFT + SequenceCanvas.WIDTH;
		int height = SequenceCanvas.TOP + SequenceCanvas.ROW * (rows.size() + 2);
		int width = right + 420;
		StringBuilder b = new StringBuilder();
		b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
				.append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
		b.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		text(b, left - 80, 20, model.initiator(), "black");
		text(b, right - 120, 20, model.responder(), "black");
		int bottom = SequenceCanvas.TOP + SequenceCanvas.ROW * (rows.size() + 1);
		b.append("  <line x1=\"").append(left).append("\" y1=\"30\" x2=\"").append(left).append("\" y2=\"").append(bottom)
				.append("\" stroke=\"gray\" stroke-dasharray=\"4\"/>\n");
		b.append("  <line x1=\"").append(right).append("\" y1=\"30\" x2=\"").append(right).append("\" y2=\"").append(bottom)
				.append("\" stroke=\"gray\" stroke-dasharray=\"4\"/>\n");
		int y = SequenceCanvas.TOP;
		for (SequenceModel.Row row : rows) {
			if (row instanceof SequenceModel.Arrow a) {
				int from = a.toResponder() ? left : right;
				int to = a.toResponder() ? right : left;
				int head = a.toResponder() ? -8 : 8;
				String color = a.retransmission() ? "gray" : "black";
				b.append("  <line x1=\"").append(from).append("\" y1=\"").append(y + 14).append("\" x2=\"").append(to)
						.append("\" y2=\"").append(y + 14).append("\" stroke=\"").append(color).append("\"/>\n");
				b.append("  <polyline points=\"").append(to + head).append(',').append(y + 10).append(' ').append(to).append(',')
						.append(y + 14).append(' ').append(to + head).append(',').append(y + 18).append("\" fill=\"none\" stroke=\"")
						.append(color).append("\"/>\n");
				text(b, 8, y + 18, a.exchange(), color);
				text(b, left + 12, y + 10, a.payloads() + (a.fragments() > 1 ? "   [" + a.fragments() + " fragments]" : "")
						+ (a.retransmission() ? "   (retransmission)" : ""), color);
			} else if (row instanceof SequenceModel.KeyBand k) {
				b.append("  <rect x=\"").append(left - 40).append("\" y=\"").append(y + 4).append("\" width=\"")
						.append(SequenceCanvas.WIDTH + 80).append("\" height=\"").append(SequenceCanvas.ROW - 8)
						.append("\" fill=\"#e1ebfa\"/>\n");
				text(b, left + 12, y + 18, k.label(), "black");
			} else if (row instanceof SequenceModel.ErrorRow e) {
				text(b, left + 12, y + 18, "!! " + e.reason(), "red");
			} else if (row instanceof SequenceModel.StepRow s) {
				text(b, left + 12, y + 18, "paused " + s.pause(), "#b06000");
			}
			y += SequenceCanvas.ROW;
		}
		return b.append("</svg>\n").toString();
	}

	private static void text(StringBuilder b, int x, int y, String text, String color) {
		b.append("  <text x=\"").append(x).append("\" y=\"").append(y).append("\" fill=\"").append(color).append("\">")
				.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</text>\n");
	}
}
