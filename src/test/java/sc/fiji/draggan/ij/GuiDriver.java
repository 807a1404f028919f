package sc.fiji.draggan.ij;
import sc.fiji.draggan.plugin.DragGanTool;


import java.awt.Component;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Toolbar;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.StackConverter;

/**
 * Drives real ImageJ 1.x with its GUI (run by {@link ToolGuiTest} in its own JVM under a display):
 * generates an image, selects the Drag GAN Tool from the menu, places a handle and a target with
 * real mouse clicks, double-clicks to start, records the window while it updates, takes a screenshot,
 * undoes the drag, and prints what happened as {@code key=value} lines.
 * <p>
 * Arguments: model file, output folder.
 */
public final class GuiDriver {

	public static void main(final String[] args) throws Exception {
		final String model = args[0];
		final File out = new File(args[1]);
		out.mkdirs();
		int status = 1;
		try {
			run(model, out);
			status = 0;
		}
		catch (final Throwable t) {
			t.printStackTrace(System.out);
		}
		System.out.flush();
		System.exit(status);
	}

	static void run(final String model, final File out) throws Exception {
		final ImageJ ij = new ImageJ();
		ij.setLocation(0, 0);
		IJ.run("Drag GAN Generate...", "model=[" + model + "] seed=0 psi=0.7 device=cpu");
		final ImagePlus imp = WindowManager.getCurrentImage();
		say("image", imp.getTitle());
		IJ.run(imp, "Set... ", "zoom=600 x=32 y=32");
		final Frame win = imp.getWindow();
		win.setLocation(0, ij.getHeight() + 10);
		IJ.wait(500);

		IJ.run("Drag GAN Tool");
		IJ.wait(300);
		say("tool", Toolbar.getToolName());
		DragGanTool.options().model = model;
		DragGanTool.options().steps = 12;
		DragGanTool.options().lr = 0.02;
		DragGanTool.options().device = "cpu";
		DragGanTool.options().roiManagerMask = false;

		final Robot robot = new Robot();
		robot.setAutoDelay(40);
		final ImageCanvas canvas = imp.getCanvas();
		final int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
		final float[] latentBefore = Latent.of(imp).ws.clone();
		click(robot, canvas, 30, 24, 1);
		click(robot, canvas, 40, 34, 1);
		waitFor(() -> DragGanTool.pairs(imp).size() == 1, 5000);
		say("pairs", DragPoints.format(DragGanTool.pairs(imp)));
		say("overlay", imp.getOverlay() == null ? 0 : imp.getOverlay().size());

		// double-click to start; record the window at every change until the drag ends
		click(robot, canvas, 10, 54, 2);
		waitFor(() -> DragGanTool.isRunning(imp), 10000);
		say("started", DragGanTool.isRunning(imp));
		final Rectangle area = union(ij, win);
		final ImageStack frames = new ImageStack(area.width, area.height);
		int last = Arrays.hashCode((int[]) imp.getProcessor().getPixels());
		final long t0 = System.currentTimeMillis();
		while (DragGanTool.isRunning(imp) && System.currentTimeMillis() - t0 < 600_000) {
			final int h = Arrays.hashCode((int[]) imp.getProcessor().getPixels());
			if (h != last) {
				last = h;
				IJ.wait(150); // let the window repaint
				frames.addSlice(new ColorProcessor(robot.createScreenCapture(area)));
			}
			IJ.wait(50);
		}
		IJ.wait(500);
		say("finished", !DragGanTool.isRunning(imp));
		final BufferedImage shot = robot.createScreenCapture(area);
		ImageIO.write(shot, "png", new File(out, "tool-screenshot.png"));
		frames.addSlice(new ColorProcessor(shot));
		say("status", IJ.getInstance() != null ? statusText(ij) : "");
		say("frames", frames.getSize());
		say("pixelsChanged", !Arrays.equals(before, (int[]) imp.getProcessor().getPixels()));
		say("latentChanged", !Arrays.equals(latentBefore, Latent.of(imp).ws));
		say("pairsAfter", DragPoints.format(DragGanTool.pairs(imp)));
		say("info", String.valueOf(imp.getProperty("Info")).contains("AI-edited (Drag GAN)"));
		if (frames.getSize() > 1) {
			final ImagePlus movie = new ImagePlus("drag", frames);
			new StackConverter(movie).convertToIndexedColor(256);
			movie.getCalibration().fps = 4;
			new FileSaver(movie).saveAsGif(new File(out, "tool-drag.gif").getPath());
		}

		final boolean undone = DragGanTool.undo(imp);
		say("undo", undone);
		say("undoRestoredPixels", Arrays.equals(before, (int[]) imp.getProcessor().getPixels()));
		say("undoRestoredLatent", Arrays.equals(latentBefore, Latent.of(imp).ws));

		// the menu command in the GUI: the result window opens with the first frame and follows the steps
		IJ.setTool("rectangle");
		IJ.run(imp, "Drag GAN...", "model=[" + model + "] points=[30,24>40,34] n_steps=4 every=1 lr=0.02 device=cpu");
		final ImagePlus result = WindowManager.getCurrentImage();
		say("commandResult", result.getTitle());
		say("commandFrames", result.getStackSize());
		say("commandWindow", result.getWindow() != null && result.getWindow().isShowing());
		say("commandLatent", Latent.of(result) != null);
		// an error in the GUI: a dialog (closed here by the test), never silence
		final Thread bad = new Thread(() -> IJ.run(imp, "Drag GAN...", "model=[" + model + "] points=[1,1>2] n_steps=1"));
		bad.start();
		final long t1 = System.currentTimeMillis();
		java.awt.Window dialog = null;
		while (dialog == null && System.currentTimeMillis() - t1 < 20000) {
			for (final java.awt.Window w : java.awt.Window.getWindows()) {
				if (w.isShowing() && w instanceof java.awt.Dialog && "Drag GAN".equals(((java.awt.Dialog) w).getTitle())) dialog = w;
			}
			IJ.wait(100);
		}
		say("errorDialog", dialog != null);
		if (dialog != null) {
			ImageIO.write(robot.createScreenCapture(dialog.getBounds()), "png", new File(out, "error-dialog.png"));
			dialog.dispose();
		}
		bad.join(10000);
	}

	static String statusText(final ImageJ ij) {
		// the status bar is a TextPanel/Label inside the ImageJ frame; read it through IJ when possible
		try {
			final java.lang.reflect.Method m = ImageJ.class.getMethod("getStatusBar");
			final Object bar = m.invoke(ij);
			if (bar instanceof java.awt.Container) return texts((java.awt.Container) bar);
		}
		catch (final ReflectiveOperationException e) {
			// fall through
		}
		return "";
	}

	private static String texts(final java.awt.Container c) {
		final StringBuilder s = new StringBuilder();
		for (final Component k : c.getComponents()) {
			if (k instanceof java.awt.Label) s.append(((java.awt.Label) k).getText());
			if (k instanceof java.awt.Container) s.append(texts((java.awt.Container) k));
		}
		return s.toString();
	}

	static Rectangle union(final Frame a, final Frame b) {
		final Rectangle r = new Rectangle(a.getLocationOnScreen(), a.getSize());
		r.add(new Rectangle(b.getLocationOnScreen(), b.getSize()));
		return r;
	}

	/** Clicks (or double-clicks) the centre of image pixel (x, y). */
	static void click(final Robot robot, final ImageCanvas c, final int x, final int y, final int times) {
		final Point p = c.getLocationOnScreen();
		robot.mouseMove(p.x + (int) Math.round(c.screenXD(x + 0.5)), p.y + (int) Math.round(c.screenYD(y + 0.5)));
		robot.waitForIdle();
		for (int i = 0; i < times; i++) {
			robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
			robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		}
		robot.waitForIdle();
		IJ.wait(200);
	}

	static void waitFor(final java.util.function.BooleanSupplier c, final long ms) {
		final long t0 = System.currentTimeMillis();
		while (!c.getAsBoolean() && System.currentTimeMillis() - t0 < ms) IJ.wait(50);
	}

	private static void say(final String key, final Object value) {
		System.out.println("gui." + key + "=" + value);
		System.out.flush();
	}
}
