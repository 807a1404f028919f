package sc.fiji.draggan.plugin;
import sc.fiji.draggan.ij.ExternalImageJ;
import sc.fiji.draggan.ij.GuiDriver;

import sc.fiji.draggan.ij.ExternalImageJTestBase;


import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import javax.imageio.ImageIO;

import org.junit.Test;

import sc.fiji.draggan.Fixtures;

/**
 * The Drag GAN Tool in real ImageJ 1.x with its GUI, in its own JVM on a display (Xvfb when there is
 * none; skipped without Xvfb): {@link GuiDriver} opens ImageJ, picks the tool from the menu, places a
 * pair with real mouse clicks, double-clicks to start, waits for the live drag, screenshots it and
 * undoes it. The screenshot and a GIF of the window land in {@code target/gui-test/}.
 */
public class ToolGuiTest extends ExternalImageJTestBase {

	@Test
	public void placeAPairDragLiveScreenshotAndUndo() throws Exception {
		final Path model = Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl");
		final Path home = imagejHome();
		final Path out = home.resolve("out");
		final ExternalImageJ.Result r = ExternalImageJ.run(home, GuiDriver.class.getName(), 900, model.toString(), out.toString());
		final String o = r.output;
		assertFalse(r.toString(), r.timedOut);
		assertTrue(o, r.exitCode == 0);
		assertTrue(o, o.contains("gui.tool=Drag GAN Tool"));
		assertTrue(o, o.contains("gui.pairs=30,24>40,34"));
		assertTrue(o, o.contains("gui.started=true"));
		assertTrue(o, o.contains("gui.finished=true"));
		assertTrue(o, o.contains("gui.pixelsChanged=true"));
		assertTrue(o, o.contains("gui.latentChanged=true"));
		assertTrue(o, o.contains("gui.info=true"));
		assertTrue(o, o.contains("gui.undo=true"));
		assertTrue(o, o.contains("gui.undoRestoredPixels=true"));
		assertTrue(o, o.contains("gui.undoRestoredLatent=true"));
		assertFalse(o, o.contains("gui.pairsAfter=30,24>40,34")); // the handle moved
		assertTrue(o, o.contains("gui.commandResult=stylegan2-small-64x64 seed 0 (Drag GAN)"));
		assertTrue(o, o.contains("gui.commandFrames=5"));
		assertTrue(o, o.contains("gui.commandWindow=true"));
		assertTrue(o, o.contains("gui.commandLatent=true"));
		assertTrue(o, o.contains("gui.errorDialog=true"));
		final File shot = out.resolve("tool-screenshot.png").toFile();
		final BufferedImage img = ImageIO.read(shot);
		assertTrue("screenshot too small", img.getWidth() > 300 && img.getHeight() > 300);
		final Path keep = Files.createDirectories(Paths.get("target", "gui-test"));
		Files.copy(shot.toPath(), keep.resolve("tool-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
		final File gif = out.resolve("tool-drag.gif").toFile();
		if (gif.exists()) Files.copy(gif.toPath(), keep.resolve("tool-drag.gif"), StandardCopyOption.REPLACE_EXISTING);
		final File dialog = out.resolve("error-dialog.png").toFile();
		if (dialog.exists()) Files.copy(dialog.toPath(), keep.resolve("error-dialog.png"), StandardCopyOption.REPLACE_EXISTING);
	}
}
