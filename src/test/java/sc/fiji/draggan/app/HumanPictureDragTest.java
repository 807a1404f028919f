package sc.fiji.draggan.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.edit.EditRegion;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.invert.AspectFit;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.progress.Monitor;

/**
 * A real picture dragged with the StyleGAN-Human fixture model (64 high, 32 wide) through the use
 * case: the square picture is padded to the model's 2:1 aspect, inverted (a few steps), dragged, and
 * the points come back in the picture's pixels; the drag then continues from the latent with the
 * same fit. Tiny step counts: this checks the path, not the quality.
 */
public class HumanPictureDragTest {

	private static final ModelRegistry REGISTRY = new ModelRegistry();

	@BeforeClass
	public static void offline() {
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
		System.setProperty("ai.djl.offline", "true");
	}

	@AfterClass
	public static void free() {
		REGISTRY.close();
	}

	private static Path human() {
		return Fixtures.dir("stylegan_human/h64").resolve("stylegan_human-64x32.pkl");
	}

	/** A 40x40 RGB picture: a bright disc on a graded background. */
	private static InputImage picture() {
		final int n = 40 * 40;
		final float[] r = new float[n], g = new float[n], b = new float[n];
		for (int y = 0; y < 40; y++) {
			for (int x = 0; x < 40; x++) {
				final boolean disc = Math.hypot(x - 20, y - 18) < 8;
				r[y * 40 + x] = disc ? 230 : 40 + 3 * x;
				g[y * 40 + x] = disc ? 200 : 60 + 2 * y;
				b[y * 40 + x] = disc ? 90 : 120;
			}
		}
		return InputImage.rgb(r, g, b, 40, 40);
	}

	@Test
	public void aSquarePictureIsPaddedToThePortraitInvertedAndDragged() throws Exception {
		final DragRequest q = new DragRequest();
		q.model = human();
		q.device = "cpu";
		q.image = picture();
		q.inversion.steps = 6;
		q.inversion.statsSamples = 50;
		q.inversion.fit = AspectFit.PAD;
		q.points = Collections.singletonList(new PointPair(20, 18, 24, 22));
		q.region = EditRegion.disc(40, 40, 20, 18, 12);
		q.maxSteps = 2;
		q.every = 1;
		final DragOutcome o = new DragUseCase(REGISTRY).run(q, Monitor.NONE, new DragUseCase.Listener() {});
		final GeneratorConfig c = o.config;
		assertEquals(GeneratorConfig.FAMILY_STYLEGAN_HUMAN, c.family);
		// the 40x40 picture in a 40x80 region, 20 rows of padding above and below, resized to 32x64
		assertEquals("40x40 -> pad 40x80 at (0, -20) -> 32x64", o.geometry.toString());
		assertNotNull(o.inversion);
		assertTrue(o.start, o.start.startsWith("inverted from the picture (40x40 -> pad 40x80"));
		assertTrue("PSNR " + o.inversion.psnr, Double.isFinite(o.inversion.psnr));
		// picture (20, 18) -> model: centres at +0.5, 1.25 picture pixels per model pixel, 20 rows down
		final PointPair m = o.modelPoints.get(0);
		assertEquals(20.5 / 1.25 - 0.5, m.handleX, 1e-9);
		assertEquals((18.5 + 20) / 1.25 - 0.5, m.handleY, 1e-9);
		assertEquals(24.5 / 1.25 - 0.5, m.targetX, 1e-9);
		assertEquals((22.5 + 20) / 1.25 - 0.5, m.targetY, 1e-9);
		// the frames are the model's 32x64 pictures
		assertEquals(2, o.steps());
		for (final GeneratorImage f : o.drag.frames) {
			assertEquals(32, f.width);
			assertEquals(64, f.height);
		}
		// the tracked handle comes back through the same fit, with the picture's own target
		final PointPair end = o.finalPoints.get(0), endModel = o.finalModelPoints().get(0);
		assertEquals((endModel.handleX + 0.5) * 1.25 - 0.5, end.handleX, 1e-9);
		assertEquals((endModel.handleY + 0.5) * 1.25 - 20 - 0.5, end.handleY, 1e-9);
		assertEquals(24, end.targetX, 0);
		assertEquals(22, end.targetY, 0);

		// the next drag starts from the final latent; the picture is still 40x40, fitted the same way
		final DragRequest next = new DragRequest();
		next.model = human();
		next.device = "cpu";
		next.latent = StartLatent.ws(o.finalWs());
		next.latentModelSha256 = o.modelSha256;
		next.pictureWidth = 40;
		next.pictureHeight = 40;
		next.fit = AspectFit.PAD;
		next.points = Arrays.asList(new PointPair(end.handleX, end.handleY, 24, 22));
		next.maxSteps = 1;
		final DragOutcome o2 = new DragUseCase(REGISTRY).run(next, Monitor.NONE, new DragUseCase.Listener() {});
		assertEquals(o.geometry.toString(), o2.geometry.toString());
		assertEquals(endModel.handleX, o2.modelPoints.get(0).handleX, 1e-9);
		assertEquals(endModel.handleY, o2.modelPoints.get(0).handleY, 1e-9);
		assertEquals(1, o2.steps());
	}

	@Test
	public void pointsOnThePaddingAreRefusedNamingTheFit() throws Exception {
		// a 40x40 picture cropped to the portrait keeps columns 10..29 only
		final DragRequest q = new DragRequest();
		q.model = human();
		q.device = "cpu";
		q.image = picture();
		q.inversion.steps = 2;
		q.inversion.statsSamples = 10;
		q.points = Collections.singletonList(new PointPair(3, 18, 24, 22));
		try {
			new DragUseCase(REGISTRY).run(q, Monitor.NONE, new DragUseCase.Listener() {});
			org.junit.Assert.fail("x = 3 is cropped away");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("after fitting the image to the model (40x40 -> crop 20x40 at (10, 0) -> 32x64)"));
		}
	}
}
