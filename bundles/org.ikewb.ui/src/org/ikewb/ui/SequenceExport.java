package org.ikewb.ui;

/**
 * The diagram as text, from the same {@link SequenceLayout} the canvas paints: SVG (each row's full
 * text as its hover title) and Mermaid (renders in common code-hosting markdown).
 */
public final class SequenceExport {

	private SequenceExport() {
	}

	public static String mermaid(SequenceModel model) {
		SequenceLayout layout = SequenceLayout.of(model);
		StringBuilder b = new StringBuilder("sequenceDiagram\n");
		b.append("    participant I as ").append(clean(layout.initiator())).append('\n');
		b.append("    participant R as ").append(clean(layout.responder())).append('\n');
		for (SequenceLayout.Lane lane : layout.lanes()) {
			if (lane.row() instanceof SequenceModel.Arrow a) {
				String text = lane.text();
				// "exchange → payloads | details": Mermaid draws the arrow, the text keeps the rest
				String rest = text.substring(text.indexOf(a.toResponder() ? '→' : '←') + 2);
				b.append("    ").append(a.toResponder() ? "I->>R: " : "R->>I: ").append(clean(a.exchange())).append(' ')
						.append(clean(rest)).append('\n');
			} else {
				b.append("    Note over I,R: ").append(clean(lane.text())).append('\n');
			}
		}
		return b.toString();
	}

	/** Mermaid treats ';' and '#' specially in messages; keep the text readable and safe. */
	private static String clean(String s) {
		return s.replace(";", ",").replace("#", "no. ").replace("\n", " ");
	}

	public static String svg(SequenceModel model) {
		SequenceLayout layout = SequenceLayout.of(model);
		StringBuilder b = new StringBuilder();
		b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(layout.width()).append("\" height=\"")
				.append(layout.height()).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
		b.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		for (SequenceLayout.Shape s : layout.lifelines()) {
			shape(b, s, "  ");
		}
		for (SequenceLayout.Lane lane : layout.lanes()) {
			b.append("  <g><title>").append(escape(lane.text())).append("</title>\n");
			for (SequenceLayout.Shape s : lane.shapes()) {
				shape(b, s, "    ");
			}
			b.append("  </g>\n");
		}
		for (SequenceLayout.Shape s : layout.header()) {
			shape(b, s, "  ");
		}
		return b.append("</svg>\n").toString();
	}

	private static void shape(StringBuilder b, SequenceLayout.Shape shape, String indent) {
		b.append(indent);
		switch (shape) {
		case SequenceLayout.Line l -> b.append("<line x1=\"").append(l.x1()).append("\" y1=\"").append(l.y1()).append("\" x2=\"")
				.append(l.x2()).append("\" y2=\"").append(l.y2()).append("\" stroke=\"").append(colour(l.tone())).append('"')
				.append(l.dashed() ? " stroke-dasharray=\"4\"" : "").append("/>\n");
		case SequenceLayout.Box x -> b.append("<rect x=\"").append(x.x()).append("\" y=\"").append(x.y()).append("\" width=\"")
				.append(x.width()).append("\" height=\"").append(x.height()).append('"')
				.append(x.filled() ? " fill=\"" + fill(x.tone()) + "\"" : " fill=\"none\" stroke-width=\"2\" stroke=\"" + colour(x.tone()) + "\"")
				.append("/>\n");
		case SequenceLayout.Label t -> b.append("<text x=\"").append(t.x()).append("\" y=\"").append(t.y() + 13).append("\" fill=\"")
				.append(colour(t.tone())).append("\">").append(escape(t.text())).append("</text>\n");
		case SequenceLayout.KeyTag k -> {
			int[] c = SequenceLayout.generationColour(k.generation());
			b.append("<rect x=\"").append(k.x()).append("\" y=\"").append(k.y()).append("\" width=\"22\" height=\"15\" rx=\"3\" fill=\"rgb(")
					.append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append(")\"/><text x=\"").append(k.x() + 3)
					.append("\" y=\"").append(k.y() + 12).append("\" fill=\"white\">").append(k.text()).append("</text>\n");
		}
		}
	}

	private static String colour(SequenceLayout.Tone tone) {
		return switch (tone) {
		case TEXT, HEADER, KEYS -> "black";
		case MUTED -> "#787878";
		case ERROR -> "red";
		case PAUSE -> "#b06000";
		case LIFELINE -> "gray";
		};
	}

	private static String fill(SequenceLayout.Tone tone) {
		return switch (tone) {
		case KEYS -> "#e1ebfa";
		case HEADER -> "#f6f6f6";
		default -> colour(tone);
		};
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
