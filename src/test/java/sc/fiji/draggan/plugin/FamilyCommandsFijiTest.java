package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;

import org.junit.ClassRule;
import org.junit.Test;

import ij.ImagePlus;
import ij.gui.Roi;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.ij.Latent;

/**
 * The Fiji commands on the other checkpoint families: the TensorFlow-era pickle and the 64×32
 * StyleGAN-Human generator, whose images stay 32 wide and 64 high (points and selections in them).
 */
public class FamilyCommandsFijiTest {

	@ClassRule
	public static final HeadlessCommands commands = new HeadlessCommands();

	private static File human() {
		return Fixtures.dir("stylegan_human/h64").resolve("stylegan_human-64x32.pkl").toFile();
	}

	private static ImagePlus generate(final File model, final long seed) throws Exception {
		return (ImagePlus) commands.run(DragGanGenerateCommand.class, true, "model", model, "seed", seed, "psi", 0.7, "device", "cpu").get()
			.getOutput("result");
	}

	@Test
	public void tensorFlowPickleGenerates() throws Exception {
		final ImagePlus imp = generate(Fixtures.dir("tf/f32").resolve("stylegan2-tfsynth-config-f-32x32.pkl").toFile(), 1);
		assertEquals(32, imp.getWidth());
		assertEquals(32, imp.getHeight());
		assertNotNull(Latent.of(imp));
	}

	@Test
	public void anyPictureIsInvertedIntoTheHumanModelAndDragged() throws Exception {
		// a 48x48 picture: the model's own 32x64 picture scaled into the middle, white around it
		final ImagePlus own = generate(human(), 1);
		final ij.process.ImageProcessor canvas = new ij.process.ColorProcessor(48, 48);
		canvas.setColor(java.awt.Color.WHITE);
		canvas.fill();
		own.getProcessor().setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
		canvas.insert(own.getProcessor().resize(24, 48), 12, 0);
		final ImagePlus picture = new ImagePlus("picture", canvas);
		final ImagePlus recon = (ImagePlus) commands.run(DragGanInvertCommand.class, true, "imp", picture, "model", human(), "steps", 6,
			"pti_steps", 2, "fit", "pad", "device", "cpu").get().getOutput("result");
		// the reconstruction is the model's portrait; the picture keeps its latent and how it was fitted
		assertEquals(32, recon.getWidth());
		assertEquals(64, recon.getHeight());
		assertNotNull(Latent.of(picture));
		assertEquals("pad", picture.getProp(sc.fiji.draggan.ij.InvertOperation.FIT_KEY));
		final String info = (String) recon.getProperty("Info");
		assertTrue(info, info.contains("fit: 48x48 -> pad 48x96 at (0, -24) -> 32x64"));
		// dragging the picture starts from that latent, in the picture's pixels; the result is put back in place
		final ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", picture, "model", human(), "points", "24,20>27,26",
			"n_steps", 1, "every", 1, "device", "cpu").get().getOutput("result");
		assertEquals(48, r.getWidth());
		assertEquals(48, r.getHeight());
		final String dragInfo = (String) r.getProperty("Info");
		assertTrue(dragInfo, dragInfo.contains("48x48 -> pad 48x96 at (0, -24) -> 32x64"));
	}

	@Test
	public void humanImagesAreDraggedInTheirOwnPixels() throws Exception {
		final ImagePlus start = generate(human(), 0);
		assertEquals(32, start.getWidth());
		assertEquals(64, start.getHeight());
		start.setRoi(new Roi(4, 20, 20, 30));
		final ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", start, "model", human(), "points", "14,28>20,40",
			"n_steps", 2, "every", 1, "lr", 0.02, "device", "cpu").get().getOutput("result");
		assertEquals(32, r.getWidth());
		assertEquals(64, r.getHeight());
		assertEquals(3, r.getStackSize());
		final String info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("stylegan-human, 32x64x3") && info.contains("mask: the image's selection (600 px)"));
	}
}
