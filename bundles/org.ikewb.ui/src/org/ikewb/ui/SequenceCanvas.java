package org.ikewb.ui;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;

/**
 * Draws a {@link SequenceModel} with plain SWT (no draw2d on Maven Central): two lifelines, one
 * arrow per message labelled with exchange, message ID and payloads, key bands across both
 * lifelines, errors in red.
 */
final class SequenceCanvas {

	static final int ROW = 26;
	private static final int TOP = 40;
	private static final int LEFT = 180;
	private static final int WIDTH = 560;

	private final ScrolledComposite scroll;
	private final Canvas canvas;
	private SequenceModel model = new SequenceModel();

	SequenceCanvas(Composite parent) {
		scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
		canvas = new Canvas(scroll, SWT.DOUBLE_BUFFERED);
		scroll.setContent(canvas);
		canvas.addPaintListener(e -> paint(e.gc));
		resize();
	}

	Composite control() {
		return scroll;
	}

	void setModel(SequenceModel model) {
		this.model = model;
		refresh();
	}

	void refresh() {
		resize();
		canvas.redraw();
	}

	private void resize() {
		int height = TOP + ROW * (model.rows().size() + 2);
		canvas.setSize(new Point(LEFT + WIDTH + 420, height));
	}

	private void paint(GC gc) {
		Display display = canvas.getDisplay();
		Color black = display.getSystemColor(SWT.COLOR_BLACK);
		Color red = display.getSystemColor(SWT.COLOR_RED);
		Color grey = display.getSystemColor(SWT.COLOR_DARK_GRAY);
		Color band = new Color(display, 225, 235, 250);
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
			for (SequenceModel.Row row : rows) {
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
					gc.drawText("keys generation " + k.generation() + ": " + k.cause(), left + 12, y + 5, true);
				} else if (row instanceof SequenceModel.ErrorRow e) {
					gc.setForeground(red);
					gc.drawText("!! " + e.reason(), left + 12, y + 5, true);
				}
				y += ROW;
			}
		} finally {
			band.dispose();
		}
	}
}
