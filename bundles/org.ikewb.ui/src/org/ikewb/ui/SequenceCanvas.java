package org.ikewb.ui;

import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;

/**
 * Paints a {@link SequenceLayout} with plain SWT (no draw2d on Maven Central). The lifeline header
 * stays at the top while the diagram scrolls; hovering a row shows its full text (labels are cut to
 * stay between the lifelines); a click selects a message. The PNG export paints the same layout.
 */
final class SequenceCanvas {

	private final ScrolledComposite scroll;
	private final Canvas canvas;
	private SequenceModel model = new SequenceModel();
	private SequenceLayout layout = SequenceLayout.of(model);
	private int selected = -1;
	private IntConsumer onSelect = i -> {
	};

	SequenceCanvas(Composite parent) {
		scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
		canvas = new Canvas(scroll, SWT.DOUBLE_BUFFERED);
		scroll.setContent(canvas);
		canvas.addPaintListener(e -> paint(e.gc, layout, selected, scroll.getOrigin().y));
		canvas.addListener(SWT.MouseDown, e -> select(rowAt(e.y)));
		canvas.addListener(SWT.MouseHover, e -> {
			int row = rowAt(e.y);
			canvas.setToolTipText(row >= 0 ? layout.lanes().get(row).text() : null);
		});
		canvas.addListener(SWT.MouseMove, e -> {
			if (rowAt(e.y) < 0) {
				canvas.setToolTipText(null);
			}
		});
		// the header is painted at the scroll origin: repaint it where the view now starts
		scroll.getVerticalBar().addListener(SWT.Selection, e -> canvas.redraw());
		resize();
	}

	Composite control() {
		return scroll;
	}

	void setModel(SequenceModel model) {
		this.model = model;
		refresh();
	}

	void onSelect(IntConsumer listener) {
		this.onSelect = listener;
	}

	/** The row under a y coordinate of the canvas, or -1 (also under the header that covers the top). */
	int rowAt(int y) {
		if (y - scroll.getOrigin().y < SequenceLayout.HEADER) {
			return -1;
		}
		return layout.rowAt(y);
	}

	/** Selects a row (as a click does) and tells the listener. */
	void select(int row) {
		selected = row;
		canvas.redraw();
		if (row >= 0) {
			int visible = scroll.getClientArea().height;
			int y = SequenceLayout.HEADER + SequenceLayout.ROW * row;
			int origin = scroll.getOrigin().y;
			if (y - SequenceLayout.HEADER < origin || y + SequenceLayout.ROW > origin + visible) {
				scroll.setOrigin(scroll.getOrigin().x, Math.max(0, y - visible / 3));
			}
		}
		onSelect.accept(row);
	}

	int selected() {
		return selected;
	}

	/** The layout on screen now (tests: what is drawn where). */
	SequenceLayout layout() {
		return layout;
	}

	void refresh() {
		layout = SequenceLayout.of(model);
		resize();
		canvas.redraw();
		// follow a live exchange: keep the newest row in sight
		int height = canvas.getSize().y;
		int visible = scroll.getClientArea().height;
		if (height > visible) {
			scroll.setOrigin(scroll.getOrigin().x, height - visible);
		}
	}

	private void resize() {
		canvas.setSize(new Point(layout.width(), layout.height()));
	}

	/** The whole diagram as a PNG, whatever part is scrolled into view. */
	static void writePng(Display display, SequenceModel model, String file) {
		SequenceLayout layout = SequenceLayout.of(model);
		Image image = new Image(display, layout.width(), layout.height());
		GC gc = new GC(image);
		try {
			gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(0, 0, layout.width(), layout.height());
			paint(gc, layout, -1, 0);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file, SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	/** Paints the layout; the header at {@code headerY} (the scroll origin on screen, 0 in an image). */
	private static void paint(GC gc, SequenceLayout layout, int selected, int headerY) {
		Display display = gc.getDevice() instanceof Display d ? d : Display.getCurrent();
		Palette palette = new Palette(display);
		try {
			for (SequenceLayout.Shape s : layout.lifelines()) {
				draw(gc, palette, s, 0);
			}
			for (SequenceLayout.Lane lane : layout.lanes()) {
				if (lane.index() == selected) {
					gc.setBackground(palette.selection);
					gc.fillRectangle(0, lane.top(), layout.width(), SequenceLayout.ROW);
				}
				for (SequenceLayout.Shape s : lane.shapes()) {
					draw(gc, palette, s, 0);
				}
			}
			for (SequenceLayout.Shape s : layout.header()) {
				draw(gc, palette, s, headerY);
			}
		} finally {
			palette.dispose();
		}
	}

	private static void draw(GC gc, Palette palette, SequenceLayout.Shape shape, int dy) {
		switch (shape) {
		case SequenceLayout.Line l -> {
			gc.setForeground(palette.of(l.tone()));
			gc.setLineStyle(l.dashed() ? SWT.LINE_DASH : SWT.LINE_SOLID);
			gc.drawLine(l.x1(), l.y1() + dy, l.x2(), l.y2() + dy);
			gc.setLineStyle(SWT.LINE_SOLID);
		}
		case SequenceLayout.Box b -> {
			if (b.filled()) {
				gc.setBackground(palette.fill(b.tone()));
				gc.fillRectangle(b.x(), b.y() + dy, b.width(), b.height());
			} else {
				gc.setForeground(palette.of(b.tone()));
				gc.setLineWidth(2);
				gc.drawRectangle(b.x(), b.y() + dy, b.width(), b.height());
				gc.setLineWidth(1);
			}
		}
		case SequenceLayout.Label t -> {
			gc.setForeground(palette.of(t.tone()));
			gc.drawText(t.text(), t.x(), t.y() + dy, true);
		}
		case SequenceLayout.KeyTag k -> {
			Color c = palette.generation(k.generation());
			gc.setBackground(c);
			gc.fillRoundRectangle(k.x(), k.y() + dy, 22, 15, 6, 6);
			gc.setForeground(palette.white);
			gc.drawText(k.text(), k.x() + 3, k.y() + dy, true);
		}
		}
	}

	/** The colours of the tones; disposed after painting. */
	private static final class Palette {
		final Display display;
		final Color selection;
		final Color keys;
		final Color header;
		final Color amber;
		final Color muted;
		final Color white;
		final Color[] generations = new Color[6];

		Palette(Display display) {
			this.display = display;
			selection = new Color(display, 255, 244, 200);
			keys = new Color(display, 225, 235, 250);
			header = new Color(display, 246, 246, 246);
			amber = new Color(display, 176, 96, 0);
			muted = new Color(display, 120, 120, 120);
			white = display.getSystemColor(SWT.COLOR_WHITE);
			for (int g = 0; g < generations.length; g++) {
				int[] rgb = SequenceLayout.generationColour(g);
				generations[g] = new Color(display, rgb[0], rgb[1], rgb[2]);
			}
		}

		Color of(SequenceLayout.Tone tone) {
			return switch (tone) {
			case TEXT, HEADER, KEYS -> display.getSystemColor(SWT.COLOR_BLACK);
			case MUTED -> muted;
			case ERROR -> display.getSystemColor(SWT.COLOR_RED);
			case PAUSE -> amber;
			case LIFELINE -> display.getSystemColor(SWT.COLOR_DARK_GRAY);
			};
		}

		Color fill(SequenceLayout.Tone tone) {
			return switch (tone) {
			case KEYS -> keys;
			case HEADER -> header;
			default -> of(tone);
			};
		}

		Color generation(int g) {
			return generations[Math.floorMod(g, generations.length)];
		}

		void dispose() {
			selection.dispose();
			keys.dispose();
			header.dispose();
			amber.dispose();
			muted.dispose();
			for (Color c : generations) {
				c.dispose();
			}
		}
	}
}
