package sc.fiji.draggan.ij;

import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;


import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.cli.DemoCommand;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.io.AtomicFiles;
import sc.fiji.draggan.plugin.DragGanTool;

/**
 * The README's tool picture (docs/engineering.md, "README pictures and numbers"): real ImageJ 1.x on a
 * display opens the demo's picture and makes the demo's edit with the Drag GAN Tool at its defaults,
 * through real mouse clicks, as the README's "Your first drag" tells a user (the picture has no latent, so
 * the tool inverts it first, with the real-picture defaults and the automatic region), waits for the drag
 * and writes a screenshot of ImageJ and the image window atomically.
 * <p>
 * Argument: the PNG to write (docs/images/tool-drag.png). Prints {@code tool.*} lines; exit status 0
 * when the tracked handle and the content ended within 3 px of the target (the outcome in the image's
 * {@code DragGAN.trace}), else 3, the screenshot then going to
 * target/readme-images/tool-drag-failed.png. Run by scripts/make-readme-images.sh.
 */
public final class ReadmeToolImage {

	public static void main(final String[] args) throws Exception {
		int status = 1;
		try {
			status = run(Paths.get(args.length > 0 ? args[0] : "docs/images/tool-drag.png")) ? 0 : 3;
		}
		catch (final Throwable t) {
			t.printStackTrace(System.out);
		}
		System.out.flush();
		System.exit(status);
	}

	static boolean run(final Path png) throws Exception {
		final ImageJ ij = new ImageJ();
		ij.setLocation(0, 0);
		final ImagePlus imp = IJ.openImage(DemoCommand.defaultImage().toString());
		imp.show();
		IJ.wait(500);
		IJ.run(imp, "Set... ", "zoom=600 x=32 y=32");
		final Frame win = imp.getWindow();
		win.setLocation(0, ij.getHeight() + 10);

		final double hx = DemoCommand.HANDLE_X, hy = DemoCommand.HANDLE_Y, tx = DemoCommand.TARGET_X, ty = DemoCommand.TARGET_Y;
		IJ.run("Drag GAN Tool");
		IJ.wait(300);
		// the tool's own defaults (README, "Your first drag"): bundled model, real-picture defaults, automatic region
		final DragGanTool.Options o = DragGanTool.options();
		o.model = DragOptions.MODEL.defaultValue;
		o.steps = DragOptions.N_STEPS.defaultValue;
		o.lr = DragOptions.LR.defaultValue;
		o.lambdaMask = DragOptions.LAMBDA_MASK.defaultValue;
		o.device = DragOptions.DEVICE.defaultValue;
		o.roiManagerMask = true;
		o.invertSteps = DragOptions.INVERT_STEPS.defaultValue;
		CpuThreads.request(1); // as the demo: the same floating-point order on any core count

		final Robot robot = new Robot();
		robot.setAutoDelay(40);
		final ImageCanvas canvas = imp.getCanvas();
		GuiDriver.click(robot, canvas, (int) hx, (int) hy, 1);
		GuiDriver.click(robot, canvas, (int) tx, (int) ty, 1);
		GuiDriver.waitFor(() -> DragGanTool.pairs(imp).size() == 1, 5000);
		System.out.println("tool.pairs=" + DragPoints.format(DragGanTool.pairs(imp)));
		GuiDriver.click(robot, canvas, 10, 54, 2);
		GuiDriver.waitFor(() -> DragGanTool.isRunning(imp), 10000);
		final long t0 = System.currentTimeMillis();
		while (DragGanTool.isRunning(imp) && System.currentTimeMillis() - t0 < 1_800_000) IJ.wait(200);
		IJ.wait(1000);
		final Rectangle area = GuiDriver.union(ij, win);
		final BufferedImage shot = robot.createScreenCapture(area);
		System.out.println("tool.pairsAfter=" + DragPoints.format(DragGanTool.pairs(imp)));
		// the outcome the tool stores on the image: tracked and content distances of the pair
		final String trace = imp.getProp(DragOperation.TRACE_KEY);
		final JsonObject t = trace == null ? new JsonObject() : JsonParser.parseString(trace).getAsJsonObject();
		final double d = t.has("final_distance_px") ? t.get("final_distance_px").getAsDouble() : Double.NaN;
		final double c = t.has("content_distance_px") ? t.get("content_distance_px").getAsDouble() : Double.NaN;
		System.out.println("tool.distance=" + d);
		System.out.println("tool.content=" + c);
		final boolean ok = d <= 3 && c <= 3; // the demo's targets; a failed drag never replaces the README's picture
		final Path to = ok ? png : Paths.get("target", "readme-images", "tool-drag-failed.png");
		java.nio.file.Files.createDirectories(to.toAbsolutePath().getParent());
		AtomicFiles.write(to, (AtomicFiles.StreamContent) out -> ImageIO.write(shot, "png", out));
		System.out.println("tool.picture=" + to);
		return ok;
	}
}
