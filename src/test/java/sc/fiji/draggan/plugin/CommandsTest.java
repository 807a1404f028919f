package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import org.junit.ClassRule;
import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import net.imglib2.img.array.ArrayImgs;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.TunedWeights;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * The SciJava commands through {@code CommandService.run(…, true, …)} with explicit inputs, as
 * scripts and headless callers use them, on the official-code fixture generator (64 px).
 */
public class CommandsTest {

	@ClassRule
	public static final HeadlessCommands commands = new HeadlessCommands();

	static File smallModel() {
		return Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl").toFile();
	}

	static ImagePlus generate(final long seed) throws Exception {
		return (ImagePlus) commands.run(DragGanGenerateCommand.class, true, "model", smallModel(), "seed", seed, "psi", 0.7, "device", "cpu").get()
			.getOutput("result");
	}

	@Test
	public void generateGivesTheOfficialImageWithItsLatent() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/small");
		final ImagePlus imp = generate(1);
		assertEquals("stylegan2-small-64x64 seed 1", imp.getTitle());
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertEquals(64, imp.getWidth());
		// pixels: the official float image of seed 1, converted as the official tools do (±1 for 1e-4 float differences)
		final Npy.Array ref = Npy.read(dir.resolve("img_const_psi0.7.npy"));
		final float[] all = ref.toFloats();
		final int n = 3 * 64 * 64;
		final float[] seed1 = new float[n];
		System.arraycopy(all, n, seed1, 0, n);
		final byte[] u8 = new GeneratorImage(3, 64, 64, seed1).toUint8();
		final int[] rgb = (int[]) imp.getProcessor().getPixels();
		int maxDiff = 0;
		for (int i = 0; i < 64 * 64; i++) {
			maxDiff = Math.max(maxDiff, Math.abs((rgb[i] >> 16 & 0xff) - (u8[i] & 0xff)));
			maxDiff = Math.max(maxDiff, Math.abs((rgb[i] >> 8 & 0xff) - (u8[4096 + i] & 0xff)));
			maxDiff = Math.max(maxDiff, Math.abs((rgb[i] & 0xff) - (u8[8192 + i] & 0xff)));
		}
		assertTrue("max 8-bit difference " + maxDiff, maxDiff <= 1);
		// latent: the official ws of seed 1 with psi 0.7
		final Latent l = Latent.of(imp);
		assertNotNull(l);
		assertEquals(10, l.numWs);
		assertEquals(128, l.wDim);
		final float[] ws = Npy.read(dir.resolve("ws_psi0.7.npy")).toFloats();
		final float[] ws1 = new float[10 * 128];
		System.arraycopy(ws, 10 * 128, ws1, 0, ws1.length);
		assertArrayEquals(ws1, l.ws, 1e-4f);
		assertEquals("27e94b28c1bcf8edc54b64287e65688ea2f466f92ac823cdcf42d773e9c8af56", l.modelSha256);
		final String info = (String) imp.getProperty("Info");
		assertTrue(info, info.contains("AI-generated (Drag GAN)") && info.contains("seed: 1") && info.contains(l.modelSha256));
	}

	@Test
	public void dragMakesALabelledStackAndASecondDragContinues() throws Exception {
		final ImagePlus start = generate(0);
		final CommandModule m = commands.run(DragGanCommand.class, true, "imp", start, "model", smallModel(), "points", "30,24>40,34", "n_steps", 3,
			"every", 1, "lr", 0.02, "device", "cpu").get();
		final ImagePlus r = (ImagePlus) m.getOutput("result");
		assertEquals("stylegan2-small-64x64 seed 0 (Drag GAN)", r.getTitle());
		// steps 0, 1, 2 recorded, then the image of the final latent (step 3)
		assertEquals(4, r.getStackSize());
		assertEquals("step 0: d=14.14", r.getStack().getSliceLabel(1));
		for (int i = 1; i <= 4; i++) assertTrue(r.getStack().getSliceLabel(i), r.getStack().getSliceLabel(i).startsWith("step " + (i - 1) + ": d="));
		assertTrue(r.getOverlay() != null && r.getOverlay().size() >= 4 * 3);
		final Latent end = Latent.of(r);
		assertNotNull(end);
		assertFalse("the drag changed the latent", java.util.Arrays.equals(end.ws, Latent.of(start).ws));
		final String info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("AI-edited (Drag GAN)") && info.contains("points: 30,24>40,34") && info.contains(end.modelSha256) &&
			info.contains("n_steps=3") && info.contains(smallModel().getName()));
		final String finalPoints = (String) m.getOutput("final_points");
		assertTrue(finalPoints, finalPoints.endsWith(">40,34"));
		// a second drag starts where the first stopped: its first frame is the first result's last frame
		r.setSlice(r.getStackSize());
		final CommandModule m2 = commands.run(DragGanCommand.class, true, "imp", r, "model", smallModel(), "points", finalPoints, "n_steps", 1, "lr",
			0.02, "device", "cpu", "show_arrows", false).get();
		final ImagePlus r2 = (ImagePlus) m2.getOutput("result");
		assertEquals(2, r2.getStackSize());
		assertArrayEquals((int[]) r.getStack().getPixels(4), (int[]) r2.getStack().getPixels(1));
		assertTrue(r2.getOverlay() == null || r2.getOverlay().size() == 0);
	}

	@Test
	public void pointSelectionAndAreaSelectionAreUsed() throws Exception {
		final ImagePlus start = generate(2);
		start.setRoi(new PointRoi(new float[] { 30, 40 }, new float[] { 24, 34 }, 2));
		ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", start, "model", smallModel(), "n_steps", 1, "device", "cpu").get()
			.getOutput("result");
		String info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("points: 30,24>40,34") && info.contains("mask: none"));
		start.setRoi(new Roi(20, 14, 30, 30));
		r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", start, "model", smallModel(), "points", "30,24>40,34", "n_steps", 1, "device",
			"cpu").get().getOutput("result");
		info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("mask: the image's selection (900 px)"));
	}

	@Test
	public void imagesWithoutLatentAreInvertedFirst() throws Exception {
		final ImagePlus plain = generate(0).duplicate();
		Latent.detach(plain);
		plain.setTitle("photo");
		assertEquals(null, Latent.of(plain));
		final ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", plain, "model", smallModel(), "points", "30,24>40,34", "n_steps",
			2, "invert_steps", 20, "lr", 0.02, "device", "cpu").get().getOutput("result");
		assertEquals("photo-drag-1", r.getTitle());
		assertEquals(3, r.getStackSize());
		assertNotNull(Latent.of(r));
		final String info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("start latent: inverted from 'photo' (64x64 -> crop 64x64 at (0, 0) -> 64x64; 20 steps, w+; PSNR"));
	}

	@Test
	public void invertAttachesTheLatentAndTheTunedWeightsThatTheNextDragUses() throws Exception {
		final ImagePlus photo = generate(3).duplicate();
		Latent.detach(photo);
		photo.setTitle("photo");
		final CommandModule m = commands.run(DragGanInvertCommand.class, true, "imp", photo, "model", smallModel(), "steps", 10, "pti_steps", 10,
			"seed", 0L, "device", "cpu").get();
		final ImagePlus recon = (ImagePlus) m.getOutput("result");
		assertEquals("photo (Drag GAN inversion)", recon.getTitle());
		assertEquals(64, recon.getWidth());
		final double psnr = (Double) m.getOutput("psnr");
		assertTrue("PSNR " + psnr, psnr > 10 && psnr < 60);
		final String info = (String) recon.getProperty("Info");
		assertTrue(info, info.contains("Drag GAN Invert") && info.contains("psnr after pti:") && info.contains("steps=10 space=w+ pti_steps=10"));
		// the image and its reconstruction carry the same latent and the tuned copy's path; the model file is untouched
		final Latent l = Latent.of(photo);
		assertNotNull(l);
		assertArrayEquals(l.ws, Latent.of(recon).ws, 0f);
		final Path tuned = TunedWeights.of(photo);
		assertNotNull(tuned);
		assertTrue(tuned + " exists", java.nio.file.Files.isRegularFile(tuned));
		assertEquals(tuned, TunedWeights.of(recon));
		assertEquals("27e94b28c1bcf8edc54b64287e65688ea2f466f92ac823cdcf42d773e9c8af56", sc.fiji.draggan.app.ModelRegistry.sha256(smallModel().toPath()));
		// a drag of the image starts from the tuned generator's picture of the latent: the reconstruction
		final ImagePlus dragged = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", photo, "model", smallModel(), "points", "30,24>34,24",
			"n_steps", 1, "device", "cpu").get().getOutput("result");
		assertTrue((String) dragged.getProperty("Info"), ((String) dragged.getProperty("Info")).contains("tuned weights " + tuned));
		assertEquals(tuned, TunedWeights.of(dragged));
		final int withTuned = maxDifference((int[]) dragged.getStack().getPixels(1), (int[]) recon.getProcessor().getPixels());
		assertTrue("first frame vs reconstruction: " + withTuned, withTuned <= 1);
		// without the tuned weights the same latent renders another picture
		final ImagePlus untuned = photo.duplicate();
		untuned.setProperty(Latent.OBJECT_KEY, l);
		untuned.setProp(TunedWeights.KEY, (String) null);
		final ImagePlus plain = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", untuned, "model", smallModel(), "points", "30,24>34,24",
			"n_steps", 1, "device", "cpu").get().getOutput("result");
		assertEquals(null, TunedWeights.of(plain));
		final int withoutTuned = maxDifference((int[]) plain.getStack().getPixels(1), (int[]) recon.getProcessor().getPixels());
		assertTrue("the original model renders the latent differently: " + withoutTuned, withoutTuned > 2);
	}

	@Test
	public void invertWithoutTuningOnANonSquareImageAndDragItInItsOwnPixels() throws Exception {
		final float[] px = new float[96 * 80];
		for (int i = 0; i < px.length; i++) px[i] = (i * 7) % 256;
		final ImagePlus wide = new ImagePlus("wide", new ij.process.FloatProcessor(96, 80, px));
		final CommandModule m = commands.run(DragGanInvertCommand.class, true, "imp", wide, "model", smallModel(), "steps", 5, "pti_steps", 0,
			"device", "cpu").get();
		assertEquals(null, TunedWeights.of(wide));
		assertNotNull(Latent.of(wide));
		assertEquals(ij.process.FloatProcessor.class, ((ImagePlus) m.getOutput("result")).getProcessor().getClass());
		// the latent stays usable on the 96x80 original: points follow the crop to the model
		final ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", wide, "model", smallModel(), "points", "47.5,39.5>57.5,49.5",
			"n_steps", 1, "device", "cpu").get().getOutput("result");
		final String info = (String) r.getProperty("Info");
		// the result is in the picture's pixels (put back where the crop came from), and so are its points
		assertEquals(96, r.getWidth());
		assertEquals(80, r.getHeight());
		assertTrue(info, info.contains("points: 47.5,39.5>57.5,49.5") && info.contains("model points: 31.5,31.5>39.5,39.5") && info.contains(
			"start latent: attached to 'wide' (96x80 -> crop 80x80"));
		assertFails("no image", DragGanInvertCommand.class, "model", smallModel(), "device", "cpu");
		assertFails("space must be w or w+", DragGanInvertCommand.class, "imp", wide, "model", smallModel(), "space", "z", "device", "cpu");
	}

	private static int maxDifference(final int[] a, final int[] b) {
		int d = 0;
		for (int i = 0; i < a.length; i++) {
			for (int s = 0; s < 24; s += 8) d = Math.max(d, Math.abs((a[i] >> s & 0xff) - (b[i] >> s & 0xff)));
		}
		return d;
	}

	@Test
	public void otherSizesAreFittedAndPointsFollow() throws Exception {
		// an imglib2 image, 96 wide and 80 high: the central 80x80 square is resized to 64x64
		final float[] px = new float[96 * 80];
		for (int i = 0; i < px.length; i++) px[i] = (i * 7) % 256;
		final ImagePlus r = (ImagePlus) commands.run(DragGanCommand.class, true, "image", ArrayImgs.floats(px, 96, 80), "model", smallModel(), "points",
			"47.5,39.5>57.5,49.5", "n_steps", 1, "invert_steps", 5, "device", "cpu").get().getOutput("result");
		assertEquals(96, r.getWidth()); // the result in place, at the picture's size
		assertEquals(80, r.getHeight());
		final String info = (String) r.getProperty("Info");
		// pixel index x has its centre at x + 0.5: model x' = (x + 0.5 - 8) * 0.8 - 0.5, so 47.5 -> 31.5
		assertTrue(info, info.contains("model points: 31.5,31.5>39.5,39.5"));
		assertTrue(info, info.contains("96x80 -> crop 80x80 at (8, 0) -> 64x64"));
		assertFails("after fitting the image to the model", DragGanCommand.class, "image", ArrayImgs.floats(px, 96, 80), "model", smallModel(),
			"points", "2,40>30,40", "n_steps", 1, "invert_steps", 5, "device", "cpu");
	}

	@Test
	public void badInputsGiveOneLineReasons() throws Exception {
		final ImagePlus start = generate(0);
		assertFails("lies outside the 64x64 image", DragGanCommand.class, "imp", start, "model", smallModel(), "points", "30,24>70,34", "device",
			"cpu");
		assertFails("model file not found", DragGanCommand.class, "imp", start, "model", new File("/nonexistent/m.pkl"), "points", "1,1>2,2");
		assertFails("the point selection has 3 points", DragGanCommand.class, "imp", withRoi(start, new PointRoi(new float[] { 1, 2, 3 },
			new float[] { 1, 2, 3 }, 3)), "model", smallModel(), "device", "cpu");
		assertFails("mask: no open image called 'nope'", DragGanCommand.class, "imp", start, "model", smallModel(), "points", "30,24>40,34",
			"mask", "nope", "device", "cpu");
	}

	@Test
	public void infoNamesEngineDeviceAndModel() throws Exception {
		final String info = (String) commands.run(DragGanInfoCommand.class, true, "model", smallModel(), "device", "cpu").get().getOutput("info");
		assertTrue(info, info.contains("engine: PyTorch"));
		assertTrue(info, info.contains("device=cpu uses: cpu"));
		assertTrue(info, info.contains("27e94b28c1bcf8edc54b64287e65688ea2f466f92ac823cdcf42d773e9c8af56"));
		assertTrue(info, info.contains("64x64, 3 channels"));
	}

	private static ImagePlus withRoi(final ImagePlus imp, final Roi roi) {
		final ImagePlus d = imp.duplicate();
		d.setProperty(Latent.OBJECT_KEY, Latent.of(imp));
		d.setRoi(roi);
		return d;
	}

	private static void assertFails(final String message, final Class<? extends org.scijava.command.Command> c, final Object... inputs) throws Exception {
		try {
			commands.run(c, true, inputs).get();
			fail("no failure, expected: " + message);
		}
		catch (final ExecutionException e) {
			Throwable t = e;
			while (t.getCause() != null && (t.getMessage() == null || !t.getMessage().contains(message))) t = t.getCause();
			assertTrue("expected '" + message + "' in: " + e, t.getMessage() != null && t.getMessage().contains(message));
		}
	}
}
