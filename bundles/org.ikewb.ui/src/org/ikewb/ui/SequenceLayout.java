package org.ikewb.ui;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * The geometry of the sequence diagram, computed once from a {@link SequenceModel}: what the canvas
 * paints, the PNG and SVG exports draw and the Mermaid export writes — so that they cannot disagree.
 * Plain Java (no SWT): a renderer maps {@link Tone}s to colours and draws the {@link Shape}s.
 * <p>
 * Columns: relative time, exchange and message ID, the two lifelines with the payloads between them
 * (cut to fit, the full text on hover), then per message the key generation that protects it, source
 * → destination address and port, octets and fragments. Retransmissions are dashed and muted, error
 * notifies red, key bands sit where new keys first protect a message.
 */
public final class SequenceLayout {

	/** Height of a row; the lifeline header above the first row (kept in view while scrolling). */
	public static final int ROW = 34;
	public static final int HEADER = 52;
	public static final int TIME_X = 8;
	public static final int EXCHANGE_X = 66;
	public static final int LEFT = 250;
	public static final int RIGHT = 730;
	public static final int DETAIL_X = RIGHT + 18;
	public static final int WIDTH = DETAIL_X + 400;
	/** Average width of a character of the 12-pixel UI font: text is cut to this budget, never measured. */
	public static final int CHAR = 7;
	/** Line height of the 12-pixel font, for a second line of text in a row. */
	public static final int LINE = 15;

	public enum Tone {
		TEXT, MUTED, ERROR, KEYS, PAUSE, LIFELINE, HEADER
	}

	public sealed interface Shape {
	}

	public record Line(int x1, int y1, int x2, int y2, Tone tone, boolean dashed) implements Shape {
	}

	/** A rectangle, filled or outlined. */
	public record Box(int x, int y, int width, int height, Tone tone, boolean filled) implements Shape {
	}

	/** Text whose top-left corner is (x, y). */
	public record Label(int x, int y, String text, Tone tone) implements Shape {
	}

	/** A small tag in the colour of a key generation ("g1"): which keys protect a message. */
	public record KeyTag(int x, int y, int generation) implements Shape {
		public String text() {
			return "g" + generation;
		}
	}

	/**
	 * One row of the diagram: its index in the model, its top, its shapes, the full text shown on
	 * hover and in the Mermaid export.
	 */
	public record Lane(int index, int top, SequenceModel.Row row, List<Shape> shapes, String text) {
		public Lane {
			shapes = List.copyOf(shapes);
		}
	}

	private final List<Shape> header;
	private final List<Shape> lifelines;
	private final List<Lane> lanes;
	private final int height;
	private final String initiator;
	private final String responder;

	private SequenceLayout(List<Shape> header, List<Shape> lifelines, List<Lane> lanes, int height, String initiator,
			String responder) {
		this.header = List.copyOf(header);
		this.lifelines = List.copyOf(lifelines);
		this.lanes = List.copyOf(lanes);
		this.height = height;
		this.initiator = initiator;
		this.responder = responder;
	}

	public static SequenceLayout of(SequenceModel model) {
		List<SequenceModel.Row> rows = model.rows();
		List<Shape> header = new ArrayList<>();
		header.add(new Box(0, 0, WIDTH, HEADER - 4, Tone.HEADER, true));
		header.add(new Label(Math.max(EXCHANGE_X, LEFT - model.initiator().length() * CHAR / 2), 6,
				cut(model.initiator(), (RIGHT - LEFT) / CHAR / 2 + 10), Tone.TEXT));
		header.add(new Label(Math.min(RIGHT - model.responder().length() * CHAR / 2, WIDTH - model.responder().length() * CHAR), 6,
				cut(model.responder(), (WIDTH - RIGHT) / CHAR), Tone.TEXT));
		header.add(new Label(TIME_X, 28, "time", Tone.MUTED));
		header.add(new Label(EXCHANGE_X, 28, "exchange", Tone.MUTED));
		header.add(new Label(DETAIL_X, 28, "keys · source → destination · size", Tone.MUTED));
		header.add(new Line(0, HEADER - 4, WIDTH, HEADER - 4, Tone.LIFELINE, false));
		int bottom = HEADER + ROW * (rows.size() + 1);
		List<Shape> lifelines = List.of(new Line(LEFT, HEADER - 4, LEFT, bottom, Tone.LIFELINE, true),
				new Line(RIGHT, HEADER - 4, RIGHT, bottom, Tone.LIFELINE, true));
		// a prediction has no times: its column stays empty rather than show made-up ones
		Instant start = model.predicted() ? null : rows.stream().filter(SequenceModel.Arrow.class::isInstance)
				.map(r -> ((SequenceModel.Arrow) r).event().time()).findFirst().orElse(null);
		List<Lane> lanes = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			lanes.add(lane(i, HEADER + ROW * i, rows.get(i), start));
		}
		return new SequenceLayout(header, lifelines, lanes, bottom + ROW, model.initiator(), model.responder());
	}

	private static Lane lane(int index, int top, SequenceModel.Row row, Instant start) {
		List<Shape> s = new ArrayList<>();
		String text;
		switch (row) {
		case SequenceModel.Arrow a -> {
			TraceEvent.Message m = a.event();
			boolean error = carriesError(m);
			Tone tone = error ? Tone.ERROR : a.retransmission() ? Tone.MUTED : Tone.TEXT;
			int from = a.toResponder() ? LEFT : RIGHT;
			int to = a.toResponder() ? RIGHT : LEFT;
			int y = top + 21;
			s.add(new Label(TIME_X, top + 11, relative(start, m.time()), Tone.MUTED));
			s.add(new Label(EXCHANGE_X, top + 11, cut(a.exchange(), (LEFT - EXCHANGE_X - 8) / CHAR), tone));
			s.add(new Label(LEFT + 10, top + 3, cut(a.payloads(), (RIGHT - LEFT - 20) / CHAR), tone));
			s.add(new Line(from, y, to, y, tone, a.retransmission()));
			int head = a.toResponder() ? -8 : 8;
			s.add(new Line(to, y, to + head, y - 4, tone, false));
			s.add(new Line(to, y, to + head, y + 4, tone, false));
			int x = DETAIL_X;
			if (a.keyGeneration() >= 0) {
				s.add(new KeyTag(x, top + 4, a.keyGeneration()));
			}
			String route = address(m.source()) + " → " + address(m.destination());
			String size = size(m);
			s.add(new Label(x + 26, top + 3, cut(route, (WIDTH - x - 30) / CHAR), Tone.MUTED));
			s.add(new Label(x + 26, top + 3 + LINE, size, tone == Tone.TEXT ? Tone.MUTED : tone));
			text = a.exchange() + " " + (a.toResponder() ? "→" : "←") + " " + a.payloads() + " | "
					+ (a.keyGeneration() >= 0 ? "keys g" + a.keyGeneration() + " | " : "") + route + " | " + size
					+ " | " + relative(start, m.time());
		}
		case SequenceModel.KeyBand k -> {
			s.add(new Box(LEFT - 40, top + 6, RIGHT - LEFT + 80, ROW - 12, Tone.KEYS, true));
			s.add(new KeyTag(LEFT - 34, top + 9, k.generation()));
			s.add(new Label(LEFT - 6, top + 9, cut(k.label(), (RIGHT - LEFT + 40) / CHAR), Tone.TEXT));
			text = k.label();
		}
		case SequenceModel.ErrorRow e -> {
			s.add(new Label(LEFT + 10, top + 9, cut("!! " + e.reason(), (WIDTH - LEFT - 20) / CHAR), Tone.ERROR));
			text = "ERROR " + e.reason();
		}
		case SequenceModel.StepRow p -> {
			s.add(new Box(LEFT - 40, top + 4, RIGHT - LEFT + 80, ROW - 8, Tone.PAUSE, false));
			String label = "▶ paused " + p.pause() + "   (Step / Continue / Terminate)";
			s.add(new Label(LEFT - 30, top + 9, cut(label, (RIGHT - LEFT + 60) / CHAR), Tone.PAUSE));
			text = "paused " + p.pause();
		}
		}
		return new Lane(index, top, row, s, text);
	}

	/** An error notify (types below 16384, RFC 7296 §3.10.1) outside or inside the SK payload. */
	static boolean carriesError(TraceEvent.Message m) {
		for (List<Payload> list : List.of(m.message().payloads(), m.inner())) {
			for (Payload p : list) {
				if (p instanceof Payload.Notify n && n.notifyType().value() < 16384) {
					return true;
				}
			}
		}
		return false;
	}

	/** "1,234 octets", "3,456 octets in 3 fragments", "(retransmission)" after it. */
	private static String size(TraceEvent.Message m) {
		int octets = m.datagrams().stream().mapToInt(Octets::length).sum();
		int n = m.datagrams().size();
		return String.format(Locale.ROOT, "%,d octets", octets) + (n > 1 ? " · SKF " + n + " fragments" : "")
				+ (m.retransmission() ? " · retransmission" : "");
	}

	private static String address(InetSocketAddress a) {
		if (a == null) {
			return "?";
		}
		String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
	}

	/** "+0.123 s" from the first message. */
	private static String relative(Instant start, Instant time) {
		if (start == null) {
			return "";
		}
		long micros = Duration.between(start, time).toNanos() / 1_000;
		return String.format(Locale.ROOT, "+%d.%03d", micros / 1_000_000, (micros / 1_000) % 1_000);
	}

	/** The text cut to {@code chars} characters, with "…" when cut. */
	static String cut(String text, int chars) {
		return text.length() <= chars ? text : text.substring(0, Math.max(0, chars - 1)) + "…";
	}

	public List<Shape> header() {
		return header;
	}

	public List<Shape> lifelines() {
		return lifelines;
	}

	public List<Lane> lanes() {
		return lanes;
	}

	public int width() {
		return WIDTH;
	}

	public int height() {
		return height;
	}

	public String initiator() {
		return initiator;
	}

	public String responder() {
		return responder;
	}

	/** The row under a y coordinate of the diagram, or -1. */
	public int rowAt(int y) {
		int row = Math.floorDiv(y - HEADER, ROW);
		return y >= HEADER && row < lanes.size() ? row : -1;
	}

	/** The colour of a key generation, as RGB: a band and the tags of the messages it protects share it. */
	public static int[] generationColour(int generation) {
		int[][] palette = { { 66, 133, 244 }, { 15, 157, 88 }, { 171, 71, 188 }, { 244, 160, 0 }, { 0, 172, 193 }, { 219, 68, 55 } };
		return palette[Math.floorMod(generation, palette.length)];
	}
}
