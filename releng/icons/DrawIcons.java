import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

/**
 * Draws the workbench's icons (16×16 and @2x) from code, so that they can be changed and redrawn
 * without an image editor: {@code java releng/icons/DrawIcons.java} from the repository root.
 * Each icon is drawn on a 16-unit grid and scaled; colours follow Eclipse's own icon palette.
 */
public class DrawIcons {

	static final Color BLUE = new Color(0x2f6fb5);
	static final Color DARK = new Color(0x3c4650);
	static final Color GREEN = new Color(0x3f9a4a);
	static final Color ORANGE = new Color(0xd9822b);
	static final Color PAPER = new Color(0xfafafa);
	static final Color EDGE = new Color(0x8a939c);

	public static void main(String[] args) throws IOException {
		Path ui = Path.of("bundles/org.ikewb.ui/icons");
		Path dsl = Path.of("bundles/org.ikewb.dsl.ui/icons");
		draw(ui.resolve("exchange"), DrawIcons::exchange);
		draw(ui.resolve("sequence_view"), DrawIcons::sequenceView);
		draw(ui.resolve("perspective"), DrawIcons::perspective);
		draw(ui.resolve("export"), DrawIcons::export);
		draw(ui.resolve("keys"), DrawIcons::keys);
		draw(dsl.resolve("policy_file"), DrawIcons::policyFile);
		draw(dsl.resolve("policy"), DrawIcons::policy);
		draw(dsl.resolve("peer"), DrawIcons::peer);
		draw(dsl.resolve("proposal"), DrawIcons::proposal);
		draw(dsl.resolve("transform"), DrawIcons::transform);
		draw(dsl.resolve("child"), DrawIcons::child);
		draw(dsl.resolve("import"), DrawIcons::importIcon);
	}

	static void draw(Path base, Consumer<Graphics2D> painter) throws IOException {
		Files.createDirectories(base.getParent());
		for (int scale : new int[] { 1, 2 }) {
			BufferedImage img = new BufferedImage(16 * scale, 16 * scale, BufferedImage.TYPE_INT_ARGB);
			Graphics2D g = img.createGraphics();
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
			g.scale(scale, scale);
			painter.accept(g);
			g.dispose();
			ImageIO.write(img, "png", Path.of(base + (scale == 1 ? "" : "@2x") + ".png").toFile());
		}
	}

	/** Two lifelines and a request and response between them: an exchange (launch type, shortcut). */
	static void exchange(Graphics2D g) {
		g.setStroke(new BasicStroke(1.2f));
		g.setColor(EDGE);
		g.draw(new java.awt.geom.Line2D.Float(2.5f, 1.5f, 2.5f, 14.5f));
		g.draw(new java.awt.geom.Line2D.Float(13.5f, 1.5f, 13.5f, 14.5f));
		g.setStroke(new BasicStroke(1.6f));
		g.setColor(BLUE);
		arrow(g, 3.5f, 5f, 12.5f, 5f);
		g.setColor(GREEN);
		arrow(g, 12.5f, 11f, 3.5f, 11f);
	}

	/** The view: lifelines with a header and three arrows. */
	static void sequenceView(Graphics2D g) {
		g.setColor(DARK);
		g.fill(new RoundRectangle2D.Float(0.5f, 0.5f, 5f, 3f, 1f, 1f));
		g.fill(new RoundRectangle2D.Float(10.5f, 0.5f, 5f, 3f, 1f, 1f));
		g.setStroke(new BasicStroke(1f));
		g.setColor(EDGE);
		g.draw(new java.awt.geom.Line2D.Float(3f, 4f, 3f, 15.5f));
		g.draw(new java.awt.geom.Line2D.Float(13f, 4f, 13f, 15.5f));
		g.setStroke(new BasicStroke(1.4f));
		g.setColor(BLUE);
		arrow(g, 3.5f, 6.5f, 12.5f, 6.5f);
		g.setColor(GREEN);
		arrow(g, 12.5f, 10f, 3.5f, 10f);
		g.setColor(BLUE);
		arrow(g, 3.5f, 13.5f, 12.5f, 13.5f);
	}

	/** The perspective: the exchange with a padlock. */
	static void perspective(Graphics2D g) {
		exchange(g);
		lock(g, 5f, 5.5f);
	}

	static void export(Graphics2D g) {
		page(g);
		g.setStroke(new BasicStroke(1.6f));
		g.setColor(BLUE);
		arrow(g, 5f, 10f, 13.5f, 10f);
	}

	static void keys(Graphics2D g) {
		key(g, 1.5f, 4f, ORANGE);
	}

	/** A policy file: a page with a padlock. */
	static void policyFile(Graphics2D g) {
		page(g);
		lock(g, 5f, 6f);
	}

	/** A policy: a shield. */
	static void policy(Graphics2D g) {
		Path2D s = new Path2D.Float();
		s.moveTo(8, 1);
		s.lineTo(14, 3);
		s.curveTo(14, 9, 12, 12.5f, 8, 15);
		s.curveTo(4, 12.5f, 2, 9, 2, 3);
		s.closePath();
		g.setColor(BLUE);
		g.fill(s);
		g.setColor(Color.WHITE);
		g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
		Path2D tick = new Path2D.Float();
		tick.moveTo(5, 8);
		tick.lineTo(7.3f, 10.5f);
		tick.lineTo(11, 5.5f);
		g.draw(tick);
	}

	/** A peer: a gateway box with two link lights. */
	static void peer(Graphics2D g) {
		g.setColor(DARK);
		g.fill(new RoundRectangle2D.Float(1f, 5f, 14f, 7f, 2f, 2f));
		g.setColor(GREEN);
		g.fill(new java.awt.geom.Ellipse2D.Float(3f, 7.5f, 2f, 2f));
		g.setColor(ORANGE);
		g.fill(new java.awt.geom.Ellipse2D.Float(6f, 7.5f, 2f, 2f));
		g.setColor(EDGE);
		g.setStroke(new BasicStroke(1f));
		g.draw(new java.awt.geom.Line2D.Float(10f, 8.5f, 13f, 8.5f));
		g.draw(new java.awt.geom.Line2D.Float(5f, 12f, 5f, 14.5f));
		g.draw(new java.awt.geom.Line2D.Float(11f, 12f, 11f, 14.5f));
	}

	/** A proposal: transforms stacked, one per type. */
	static void proposal(Graphics2D g) {
		Color[] colors = { BLUE, GREEN, ORANGE, DARK };
		for (int i = 0; i < 4; i++) {
			g.setColor(colors[i]);
			g.fill(new RoundRectangle2D.Float(2f, 1.5f + i * 3.5f, 12f - (i % 2) * 3f, 2.5f, 1f, 1f));
		}
	}

	/** One transform line. */
	static void transform(Graphics2D g) {
		g.setColor(GREEN);
		g.fill(new RoundRectangle2D.Float(2f, 6.5f, 12f, 3f, 1f, 1f));
	}

	/** A Child SA: a tunnel (two parallel lines) with traffic through it. */
	static void child(Graphics2D g) {
		g.setColor(EDGE);
		g.setStroke(new BasicStroke(1.4f));
		g.draw(new java.awt.geom.Line2D.Float(1f, 4.5f, 15f, 4.5f));
		g.draw(new java.awt.geom.Line2D.Float(1f, 11.5f, 15f, 11.5f));
		g.setColor(GREEN);
		g.setStroke(new BasicStroke(1.6f));
		arrow(g, 2f, 8f, 14f, 8f);
	}

	static void importIcon(Graphics2D g) {
		page(g);
		g.setStroke(new BasicStroke(1.6f));
		g.setColor(GREEN);
		arrow(g, 0.5f, 9f, 8.5f, 9f);
	}

	static void page(Graphics2D g) {
		Path2D p = new Path2D.Float();
		p.moveTo(3.5f, 0.5f);
		p.lineTo(10f, 0.5f);
		p.lineTo(13.5f, 4f);
		p.lineTo(13.5f, 15.5f);
		p.lineTo(3.5f, 15.5f);
		p.closePath();
		g.setColor(PAPER);
		g.fill(p);
		g.setColor(EDGE);
		g.setStroke(new BasicStroke(1f));
		g.draw(p);
		Path2D fold = new Path2D.Float();
		fold.moveTo(10f, 0.5f);
		fold.lineTo(10f, 4f);
		fold.lineTo(13.5f, 4f);
		g.draw(fold);
	}

	static void lock(Graphics2D g, float x, float y) {
		g.setColor(ORANGE);
		g.setStroke(new BasicStroke(1.4f));
		g.draw(new java.awt.geom.Arc2D.Float(x + 1.2f, y, 3.6f, 5f, 0, 180, java.awt.geom.Arc2D.OPEN));
		g.draw(new java.awt.geom.Line2D.Float(x + 1.2f, y + 2.5f, x + 1.2f, y + 3.5f));
		g.draw(new java.awt.geom.Line2D.Float(x + 4.8f, y + 2.5f, x + 4.8f, y + 3.5f));
		g.fill(new RoundRectangle2D.Float(x, y + 3.5f, 6f, 5f, 1f, 1f));
		g.setColor(Color.WHITE);
		g.fill(new java.awt.geom.Rectangle2D.Float(x + 2.6f, y + 5f, 0.9f, 2f));
	}

	static void key(Graphics2D g, float x, float y, Color c) {
		g.setColor(c);
		g.setStroke(new BasicStroke(2f));
		g.draw(new java.awt.geom.Ellipse2D.Float(x, y, 6f, 6f));
		g.draw(new java.awt.geom.Line2D.Float(x + 6f, y + 3f, x + 13f, y + 3f));
		g.draw(new java.awt.geom.Line2D.Float(x + 11f, y + 3f, x + 11f, y + 6.5f));
		g.draw(new java.awt.geom.Line2D.Float(x + 13f, y + 3f, x + 13f, y + 6f));
	}

	static void arrow(Graphics2D g, float x1, float y1, float x2, float y2) {
		g.draw(new java.awt.geom.Line2D.Float(x1, y1, x2 - Math.signum(x2 - x1) * 1.5f, y2));
		float d = Math.signum(x2 - x1);
		Path2D head = new Path2D.Float();
		head.moveTo(x2, y2);
		head.lineTo(x2 - d * 4f, y2 - 3f);
		head.lineTo(x2 - d * 4f, y2 + 3f);
		head.closePath();
		g.fill(head);
	}
}
