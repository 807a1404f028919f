package sc.fiji.draggan.invert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.optim.Adam;
import sc.fiji.draggan.engine.Djl;

public class ReconstructionLossTest {

	private static NDManager manager;

	@BeforeClass
	public static void setUp() {
		manager = Djl.newManager(Djl.device("cpu"));
	}

	@AfterClass
	public static void tearDown() {
		manager.close();
	}

	private static PreparedImage image(final int c, final int r, final long seed, final boolean padded) {
		return image(c, r, r, seed, padded);
	}

	/** A random picture {@code h} high and {@code w} wide; padded: the top quarter of the rows is padding. */
	private static PreparedImage image(final int c, final int h, final int w, final long seed, final boolean padded) {
		final Random rnd = new Random(seed);
		final float[] d = new float[c * h * w];
		for (int i = 0; i < d.length; i++) d[i] = (float) Math.tanh(rnd.nextGaussian());
		float[] mask = null;
		if (padded) {
			mask = new float[h * w];
			for (int i = 0; i < mask.length; i++) mask[i] = i / w < h / 4 ? 0f : 1f;
		}
		return new PreparedImage(c, w, h, d, mask, new IntensityMapping(0, 255, 8), new FitGeometry(w, h, AspectFit.CROP, w, h), ChannelConversion.SAME);
	}

	private static float[] noisy(final float[] a, final double sigma, final long seed) {
		final Random rnd = new Random(seed);
		final float[] b = new float[a.length];
		for (int i = 0; i < a.length; i++) b[i] = (float) Math.max(-1, Math.min(1, a[i] + sigma * rnd.nextGaussian()));
		return b;
	}

	@Test
	public void mseAndSsimAgreeWithTheHeapMetrics() {
		for (final boolean padded : new boolean[] { false, true }) {
			final PreparedImage t = image(3, 16, 1, padded);
			final float[] x = noisy(t.data, 0.2, 2);
			try (NDManager step = manager.newSubManager()) {
				final NDArray img = step.create(x, new Shape(1, 3, 16, 16));
				final ReconstructionLoss mse = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(1, 0, 0, 0), step);
				final double psnr = 10 * Math.log10(4 / mse.compute(img).getFloat());
				assertEquals(ImageMetrics.psnr(x, t.data, 3, 256, t.mask), psnr, 1e-3);
				// 16 px: one SSIM scale, so 1 - loss is plain SSIM
				final ReconstructionLoss ssim = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(0, 0, 0, 1), step);
				final double s = 1 - ssim.compute(img).getFloat();
				assertEquals(ImageMetrics.ssim(x, t.data, 3, 16, 16, t.mask), s, 1e-4);
				assertTrue(s < 0.95);
			}
		}
	}

	@Test
	public void nonSquarePicturesAgreeWithTheHeapMetrics() {
		// a StyleGAN-Human picture, 32 high and 16 wide, with and without padding rows
		for (final boolean padded : new boolean[] { false, true }) {
			final PreparedImage t = image(3, 32, 16, 7, padded);
			final float[] x = noisy(t.data, 0.2, 8);
			try (NDManager step = manager.newSubManager()) {
				final NDArray img = step.create(x, new Shape(1, 3, 32, 16));
				final ReconstructionLoss mse = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(1, 0, 0, 0), step);
				assertEquals(ImageMetrics.psnr(x, t.data, 3, 512, t.mask), 10 * Math.log10(4 / mse.compute(img).getFloat()), 1e-3);
				// 16 px wide: one SSIM scale
				final ReconstructionLoss ssim = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(0, 0, 0, 1), step);
				assertEquals(ImageMetrics.ssim(x, t.data, 3, 32, 16, t.mask), 1 - ssim.compute(img).getFloat(), 1e-4);
				// the Laplacian pyramid halves both sides: zero for the target, positive for another picture
				final ReconstructionLoss lap = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(0, 0, 1, 0), step);
				assertEquals(0, lap.compute(step.create(t.data, new Shape(1, 3, 32, 16))).getFloat(), 1e-6);
				assertTrue(lap.compute(img).getFloat() > 1e-3);
			}
		}
	}

	@Test
	public void everyTermIsZeroForThePerfectImageAndPositiveOtherwise() {
		final PreparedImage t = image(1, 32, 3, false);
		try (NDManager step = manager.newSubManager()) {
			final ReconstructionLoss all = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(1, 1, 1, 1), step);
			assertEquals(0, all.compute(step.create(t.data, new Shape(1, 1, 32, 32))).getFloat(), 1e-5);
			for (int term = 0; term < 4; term++) {
				final double[] wt = new double[4];
				wt[term] = 1;
				final ReconstructionLoss one = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(wt[0], wt[1], wt[2], wt[3]), step);
				assertTrue("term " + term, one.compute(step.create(noisy(t.data, 0.1, 4), new Shape(1, 1, 32, 32))).getFloat() > 1e-3);
			}
		}
	}

	@Test
	public void adamOnTheLossRecoversTheTargetWithoutLeaking() {
		final PreparedImage t = image(3, 32, 5, true);
		try (NDManager work = manager.newSubManager()) {
			final ReconstructionLoss loss = new ReconstructionLoss(t, new ReconstructionLoss.LossWeights(1, 0, 0.5, 0.5), work);
			final NDArray x = work.zeros(new Shape(1, 3, 32, 32));
			x.setRequiresGradient(true);
			final Adam adam = new Adam(java.util.Collections.singletonMap("x", x), work);
			final int before = work.getManagedArrays().size();
			double first = 0, last = 0;
			for (int i = 0; i < 200; i++) {
				try (NDManager step = work.newSubManager()) {
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						final NDArray l = loss.compute(step.zeros(x.getShape()).add(x));
						gc.backward(l);
						if (i == 0) first = l.getFloat();
						last = l.getFloat();
					}
					adam.step(0.05, step);
				}
			}
			assertEquals("no arrays left behind by the steps", before, work.getManagedArrays().size());
			assertTrue("loss " + first + " -> " + last, last < first * 0.05);
			// only the unmasked pixels are pulled to the target
			final float[] got = x.toFloatArray();
			assertTrue(ImageMetrics.psnr(got, t.data, 3, 1024, t.mask) > 25);
		}
	}

	@Test
	public void adamMatchesTheTorchFormula() {
		try (NDManager work = manager.newSubManager()) {
			final NDArray p = work.create(new float[] { 1f, -2f });
			p.setRequiresGradient(true);
			final Adam adam = new Adam(java.util.Collections.singletonMap("p", p), work);
			double p0 = 1, p1 = -2, m0 = 0, m1 = 0, v0 = 0, v1 = 0;
			for (int t = 1; t <= 3; t++) {
				try (NDManager step = work.newSubManager()) {
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						gc.backward(step.zeros(new Shape(2)).add(p).pow(3).sum()); // grad = 3 p²
					}
					adam.step(0.1, step);
				}
				final double g0 = 3 * p0 * p0, g1 = 3 * p1 * p1;
				m0 = 0.9 * m0 + 0.1 * g0;
				m1 = 0.9 * m1 + 0.1 * g1;
				v0 = 0.999 * v0 + 0.001 * g0 * g0;
				v1 = 0.999 * v1 + 0.001 * g1 * g1;
				final double bc1 = 1 - Math.pow(0.9, t), bc2 = 1 - Math.pow(0.999, t);
				p0 -= 0.1 / bc1 * m0 / (Math.sqrt(v0) / Math.sqrt(bc2) + 1e-8);
				p1 -= 0.1 / bc1 * m1 / (Math.sqrt(v1) / Math.sqrt(bc2) + 1e-8);
				assertEquals(p0, p.getFloat(0), 1e-5);
				assertEquals(p1, p.getFloat(1), 1e-5);
			}
		}
	}

	@Test
	public void scheduleWarmsUpAndDecays() {
		final LearningRateSchedule s = new LearningRateSchedule(0.1, 0.05, 0.25);
		assertTrue(s.at(0, 100) > 0 && s.at(0, 100) < 0.05);
		assertEquals(0.1, s.at(50, 100), 1e-12);
		assertTrue(s.at(90, 100) < s.at(80, 100));
		assertTrue(s.at(99, 100) < 0.001);
	}
}
