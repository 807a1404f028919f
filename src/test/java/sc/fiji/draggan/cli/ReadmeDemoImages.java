package sc.fiji.draggan.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import sc.fiji.draggan.io.AtomicFiles;

/**
 * Makes the README's demo pictures from a fresh {@code draggan demo} run (docs/engineering.md, "README
 * pictures and numbers"): {@code demo-before-after.png} (input | inversion | result, enlarged, with the
 * edit region and the handle → target arrow) and {@code demo.gif} (the drag frame by frame, enlarged), both
 * written atomically into the pictures folder, and the demo's JSON line into a file and on stdout.
 * <p>
 * Arguments: pictures folder (docs/images), the demo's output folder (out, as {@code draggan demo}, so
 * its JSON line reads the same), the JSON file (target/readme-images/demo.json). Run by
 * scripts/make-readme-images.sh.
 */
public final class ReadmeDemoImages {

	static final int SCALE = 4, GAP = 8, LABEL = 22;

	public static void main(final String[] args) throws Exception {
		final Path images = Paths.get(args.length > 0 ? args[0] : "docs/images");
		final Path work = Paths.get(args.length > 1 ? args[1] : "out");
		final Path jsonFile = Paths.get(args.length > 2 ? args[2] : "target/readme-images/demo.json");
		Files.createDirectories(images);
		Files.createDirectories(work);
		Files.createDirectories(jsonFile.toAbsolutePath().getParent());
		final ByteArrayOutputStream buf = new ByteArrayOutputStream();
		final Path input = DemoCommand.defaultImage();
		final int rc = new DemoCommand().run(Options.parse("--out-dir", work.toString()), new PrintStream(buf, true, "UTF-8"));
		if (rc != 0) throw new IllegalStateException("the demo failed: " + buf.toString("UTF-8"));
		final String text = buf.toString("UTF-8").trim();
		final String json = text.substring(text.lastIndexOf('\n') + 1);
		AtomicFiles.write(jsonFile, (json + "\n").getBytes(StandardCharsets.UTF_8));

		final ImagePlus stack = ImageFiles.open(work.resolve("demo.tif"));
		final ImageStack st = stack.getStack();
		final ImageProcessor in = ImageFiles.open(input).getProcessor();
		final ImageProcessor start = st.getProcessor(1), end = st.getProcessor(st.getSize());
		final double hx = DemoCommand.HANDLE_X, hy = DemoCommand.HANDLE_Y, tx = DemoCommand.TARGET_X, ty = DemoCommand.TARGET_Y;
		final double rx = (hx + tx) / 2, ry = (hy + ty) / 2, rr = DemoCommand.REGION_RADIUS;

		final int w = in.getWidth() * SCALE, h = in.getHeight() * SCALE;
		final BufferedImage out = new BufferedImage(3 * w + 2 * GAP, h + LABEL, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		final String[] labels = { "input (cell-demo.png)", "inverted into the model", "after the drag" };
		final ImageProcessor[] panels = { in, start, end };
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		for (int p = 0; p < 3; p++) {
			final int x0 = p * (w + GAP);
			g.setColor(Color.BLACK);
			g.drawString(labels[p], x0 + 2, 16);
			g.drawImage(enlarged(panels[p], w, h).getBufferedImage(), x0, LABEL, null);
			if (p == 0) continue;
			g.setColor(new Color(255, 220, 0));
			g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
			g.drawOval(x0 + sx(rx - rr), LABEL + sx(ry - rr), sx(2 * rr) - SCALE / 2, sx(2 * rr) - SCALE / 2);
			arrow(g, x0 + sx(hx + 0.5), LABEL + sx(hy + 0.5), x0 + sx(tx + 0.5), LABEL + sx(ty + 0.5));
		}
		g.dispose();
		final Path png = images.resolve("demo-before-after.png");
		AtomicFiles.write(png, (AtomicFiles.StreamContent) o -> ImageIO.write(out, "png", o));

		final ImageStack big = new ImageStack(w, h);
		for (int i = 1; i <= st.getSize(); i++) {
			big.addSlice(st.getSliceLabel(i), enlarged(st.getProcessor(i), w, h));
		}
		final ImagePlus gif = new ImagePlus("demo", big);
		gif.getCalibration().fps = 10;
		ImageFiles.save(gif, images.resolve("demo.gif"));
		System.out.println(json);
	}

	/** 8-bit, enlarged without interpolation (the model's pixels stay visible). */
	private static ImageProcessor enlarged(final ImageProcessor ip, final int w, final int h) {
		final ImageProcessor b = ip.convertToByte(true);
		b.setInterpolationMethod(ImageProcessor.NONE);
		return b.resize(w, h);
	}

	private static int sx(final double v) {
		return (int) Math.round(v * SCALE);
	}

	private static void arrow(final Graphics2D g, final int x0, final int y0, final int x1, final int y1) {
		g.setStroke(new BasicStroke(2.5f));
		g.setColor(Color.RED);
		g.fillOval(x0 - 5, y0 - 5, 10, 10);
		g.setColor(new Color(60, 140, 255));
		g.fillOval(x1 - 5, y1 - 5, 10, 10);
		g.setColor(Color.WHITE);
		g.drawLine(x0, y0, x1, y1);
		final double a = Math.atan2(y1 - y0, x1 - x0);
		for (final double d : new double[] { 2.6, -2.6 })
			g.drawLine(x1, y1, x1 + (int) Math.round(10 * Math.cos(a + d)), y1 + (int) Math.round(10 * Math.sin(a + d)));
	}
}
