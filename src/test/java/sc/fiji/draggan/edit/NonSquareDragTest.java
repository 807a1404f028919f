package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.StyleGan2Generator;

/**
 * Dragging a non-square (StyleGAN-Human) generator, 32 high and 16 wide: points, masks and results in
 * the picture's pixels, the official square frame only inside; tracking stays on the picture.
 */
public class NonSquareDragTest {

	private static NDManager root;
	private static StyleGan2Generator generator;
	private static float[] w0;

	@BeforeClass
	public static void load() {
		System.setProperty("ai.djl.offline", "true");
		root = NDManager.newBaseManager(Device.cpu());
		final GeneratorConfig c = TestGenerators.tinyConfig();
		c.family = GeneratorConfig.FAMILY_STYLEGAN_HUMAN;
		c.square = false;
		generator = new StyleGan2Generator(c, RandomWeights.create(c, 3), root, Device.cpu());
		w0 = TestGenerators.ws(generator, 0);
	}

	@AfterClass
	public static void close() {
		generator.close();
		root.close();
	}

	private static DragParameters params() {
		final DragParameters p = new DragParameters();
		p.learningRate = 0.01;
		return p;
	}

	@Test
	public void paddingCentresThePictureInTheFrame() {
		final SquarePadding p = new SquarePadding(generator.config());
		assertEquals(8, p.offset);
		assertEquals(10.5, p.toFrame(2.5), 0);
		assertEquals(-1, p.toPicture(7));
		final float[] fixed = new float[32 * 16]; // all free
		final float[] frame = p.mask(fixed);
		for (int r = 0; r < 32; r++)
			for (int c = 0; c < 32; c++) assertEquals(c >= 8 && c < 24 ? 0f : 1f, frame[r * 32 + c], 0f);
		try (NDManager m = root.newSubManager()) {
			final NDArray feat = m.ones(new Shape(1, 3, 8, 4));
			final NDArray padded = p.features(feat);
			assertArrayEquals(new long[] { 1, 3, 8, 8 }, padded.getShape().getShape());
			assertEquals(3 * 8 * 4, padded.sum().getFloat(), 0f);
			assertEquals(1f, padded.getFloat(0, 0, 0, 2), 0f);
			assertEquals(0f, padded.getFloat(0, 0, 0, 1), 0f);
			assertEquals(0f, padded.getFloat(0, 0, 0, 6), 0f);
		}
	}

	@Test
	public void pointsAndMasksAreInPicturePixels() {
		try (DragSession s = new DragSession(generator, w0, params())) {
			try {
				s.setPoints(PointPair.parseList("20,10>5,10"));
				fail("x = 20 lies outside a 16 px wide picture");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("outside the 16x32 image"));
			}
			try {
				s.setMask(new EditRegion(32, 32, new boolean[32 * 32]));
				fail("a frame-sized mask is not the picture's");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("16x32 (width x height)"));
			}
			final float[] all = new float[32 * 16];
			java.util.Arrays.fill(all, 1);
			s.setMask(EditRegion.nonzero(16, 32, all));
			assertFalse("a mask freeing the whole picture adds no term", s.hasMaskTerm());
			all[0] = 0;
			s.setMask(EditRegion.nonzero(16, 32, all));
			assertTrue(s.hasMaskTerm());
			s.setPoints(PointPair.parseList("3,10>9,14"));
			assertEquals("3,10>9,14", s.points().get(0).toString());
			final StepResult r = s.step(true);
			assertEquals(16, r.image.width);
			assertEquals(32, r.image.height);
			assertEquals(3, r.points.get(0)[0], 0);
			assertEquals(16, s.render().width);
		}
	}

	@Test
	public void trackingStaysOnThePicture() {
		final DragParameters p = params();
		p.r2 = 12;
		p.learningRate = 0.05;
		try (DragSession s = new DragSession(generator, w0, p)) {
			s.setPoints(PointPair.parseList("0,16>15,16;15,5>0,20"));
			for (int k = 0; k < 8; k++) {
				final StepResult r = s.step(false);
				for (final double[] pt : r.points) assertTrue("x " + pt[0] + " at step " + k, pt[0] >= 0 && pt[0] <= 15);
			}
		}
	}
}
