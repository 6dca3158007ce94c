package org.ikewb.ui;

import java.util.List;
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
 * Draws a {@link SequenceModel} with plain SWT (no draw2d on Maven Central): two lifelines, one
 * arrow per message labelled with exchange, message ID and payloads, key bands across both
 * lifelines, the step point in amber, errors in red. A click selects a message.
 */
final class SequenceCanvas {

	static final int ROW = 26;
	static final int TOP = 40;
	static final int LEFT = 180;
	static final int WIDTH = 560;

	private final ScrolledComposite scroll;
	private final Canvas canvas;
	private SequenceModel model = new SequenceModel();
	private int selected = -1;
	private IntConsumer onSelect = i -> {
	};

	SequenceCanvas(Composite parent) {
		scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
		canvas = new Canvas(scroll, SWT.DOUBLE_BUFFERED);
		scroll.setContent(canvas);
		canvas.addPaintListener(e -> paint(e.gc, model, selected));
		canvas.addListener(SWT.MouseDown, e -> select(rowAt(e.y)));
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

	/** The row under a y coordinate of the canvas, or -1. */
	int rowAt(int y) {
		int row = (y - TOP) / ROW;
		return y >= TOP && row < model.rows().size() ? row : -1;
	}

	/** Selects a row (as a click does) and tells the listener. */
	void select(int row) {
		selected = row;
		canvas.redraw();
		if (row >= 0) {
			int visible = scroll.getClientArea().height;
			int y = TOP + ROW * row;
			int origin = scroll.getOrigin().y;
			if (y < origin || y + ROW > origin + visible) {
				scroll.setOrigin(scroll.getOrigin().x, Math.max(0, y - visible / 3));
			}
		}
		onSelect.accept(row);
	}

	int selected() {
		return selected;
	}

	void refresh() {
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
		canvas.setSize(size(model));
	}

	static Point size(SequenceModel model) {
		return new Point(LEFT + WIDTH + 420, TOP + ROW * (model.rows().size() + 2));
	}

	/** The whole diagram as a PNG, whatever part is scrolled into view. */
	static void writePng(Display display, SequenceModel model, String file) {
		Point size = size(model);
		Image image = new Image(display, size.x, size.y);
		GC gc = new GC(image);
		try {
			gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
			gc.fillRectangle(0, 0, size.x, size.y);
			paint(gc, model, -1);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file, SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	private static void paint(GC gc, SequenceModel model, int selected) {
		Display display = gc.getDevice() instanceof Display d ? d : Display.getCurrent();
		Color black = display.getSystemColor(SWT.COLOR_BLACK);
		Color red = display.getSystemColor(SWT.COLOR_RED);
		Color grey = display.getSystemColor(SWT.COLOR_DARK_GRAY);
		Color band = new Color(display, 225, 235, 250);
		Color selection = new Color(display, 255, 244, 200);
		Color amber = new Color(display, 176, 96, 0);
		try {
			int left = LEFT;
			int right = LEFT + WIDTH;
			gc.setForeground(black);
			gc.drawText(model.initiator(), left - 80, 8, true);
			gc.drawText(model.responder(), right - 120, 8, true);
			List<SequenceModel.Row> rows = model.rows();
			int bottom = TOP + ROW * (rows.size() + 1);
			gc.setForeground(grey);
			gc.setLineStyle(SWT.LINE_DASH);
			gc.drawLine(left, TOP - 10, left, bottom);
			gc.drawLine(right, TOP - 10, right, bottom);
			gc.setLineStyle(SWT.LINE_SOLID);
			int y = TOP;
			for (int i = 0; i < rows.size(); i++) {
				SequenceModel.Row row = rows.get(i);
				if (i == selected) {
					gc.setBackground(selection);
					gc.fillRectangle(0, y, right + 420, ROW);
				}
				if (row instanceof SequenceModel.Arrow a) {
					gc.setForeground(a.retransmission() ? grey : black);
					int from = a.toResponder() ? left : right;
					int to = a.toResponder() ? right : left;
					gc.drawLine(from, y + 14, to, y + 14);
					int head = a.toResponder() ? -8 : 8;
					gc.drawLine(to, y + 14, to + head, y + 10);
					gc.drawLine(to, y + 14, to + head, y + 18);
					// exchange and message ID in the margin, the payloads on the arrow
					gc.drawText(a.exchange(), 8, y + 6, true);
					gc.drawText(a.payloads() + (a.fragments() > 1 ? "   [" + a.fragments() + " fragments]" : "")
							+ (a.retransmission() ? "   (retransmission)" : ""), left + 12, y, true);
				} else if (row instanceof SequenceModel.KeyBand k) {
					gc.setBackground(band);
					gc.fillRectangle(left - 40, y + 4, WIDTH + 80, ROW - 8);
					gc.setForeground(black);
					gc.drawText(k.label(), left + 12, y + 5, true);
				} else if (row instanceof SequenceModel.ErrorRow e) {
					gc.setForeground(red);
					gc.drawText("!! " + e.reason(), left + 12, y + 5, true);
				} else if (row instanceof SequenceModel.StepRow s) {
					gc.setForeground(amber);
					gc.setLineWidth(2);
					gc.drawRectangle(left - 40, y + 3, WIDTH + 80, ROW - 6);
					gc.setLineWidth(1);
					gc.drawText("▶ paused " + s.pause() + "   (Step / Continue / Terminate)", left + 12, y + 5, true);
				}
				y += ROW;
			}
		} finally {
			band.dispose();
			selection.dispose();
			amber.dispose();
		}
	}
}
