package org.ikewb.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Event-loop helpers for tests that run on the workbench's UI thread, and screenshots as evidence. */
final class UiTestSupport {

	private UiTestSupport() {
	}

	/** Runs the event loop until the condition holds; fails naming what did not happen. */
	static void waitUntil(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
		Display display = Display.getCurrent();
		long end = System.currentTimeMillis() + timeoutMs;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > end) {
				fail("timed out after " + timeoutMs + " ms waiting for " + what);
			}
			if (!display.readAndDispatch()) {
				Thread.sleep(20);
			}
		}
	}

	/** Runs the event loop for a while (delayed jobs, repaints). */
	static void spin(long ms) throws InterruptedException {
		Display display = Display.getCurrent();
		long end = System.currentTimeMillis() + ms;
		while (System.currentTimeMillis() < end) {
			if (!display.readAndDispatch()) {
				Thread.sleep(20);
			}
		}
	}

	/** Saves the active shell as target/screenshots/NAME.png and returns the file. */
	static File screenshot(String name) {
		Display display = Display.getCurrent();
		Rectangle b = display.getActiveShell() != null ? display.getActiveShell().getBounds() : display.getBounds();
		File dir = new File("target/screenshots");
		dir.mkdirs();
		File file = new File(dir, name + ".png");
		GC gc = new GC(display);
		Image image = new Image(display, b.width, b.height);
		try {
			gc.copyArea(image, b.x, b.y);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file.getPath(), SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			image.dispose();
		}
		return file;
	}
}
