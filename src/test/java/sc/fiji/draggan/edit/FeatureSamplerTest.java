package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** The sparse resize + grid_sample composition against the straightforward full-resolution maths. */
public class FeatureSamplerTest {

	private static NDManager base;

	@BeforeClass
	public static void engine() {
		System.setProperty("ai.djl.offline", "true");
		base = NDManager.newBaseManager();
	}

	@AfterClass
	public static void close() {
		base.close();
	}

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] f = new float[n];
		for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
		return f;
	}

	@Test
	public void djlInterpolationIsPyTorchBilinearAlignCornersFalse() {
		final int c = 3, h = 8, w = 8, hh = 32, ww = 32;
		final float[] f = random(c * h * w, 1);
		try (NDManager m = base.newSubManager()) {
			final NDArray feat = m.create(f, new Shape(1, c, h, w));
			final float[] up = feat.getNDArrayInternal().interpolation(new long[] { hh, ww }, 1, false).toFloatArray();
			final double[] ref = Reference.resize(Reference.toDouble(f), c, h, w, hh, ww);
			for (int i = 0; i < ref.length; i++) assertEquals(ref[i], up[i], 1e-5);
		}
	}

	@Test
	public void samplesEqualGridSampleOfResizedMap() {
		final int c = 5, h = 16, w = 16, hh = 64, ww = 64;
		final float[] f = random(c * h * w, 2);
		final double[] full = Reference.resize(Reference.toDouble(f), c, h, w, hh, ww);
		final Random r = new Random(3);
		final int s = 40;
		final double[] ys = new double[s], xs = new double[s];
		for (int k = 0; k < s; k++) {
			// include positions just outside the image (zero padding) and on the border
			ys[k] = -1.5 + r.nextDouble() * (hh + 2);
			xs[k] = -1.5 + r.nextDouble() * (ww + 2);
		}
		ys[0] = 0;
		xs[0] = 0;
		ys[1] = hh - 1;
		xs[1] = ww - 1;
		ys[2] = 10;
		xs[2] = 20.5;
		try (NDManager m = base.newSubManager()) {
			final NDArray feat = m.create(f, new Shape(1, c, h, w));
			final float[] got = new FeatureSampler(h, w, hh, ww).sample(feat, ys, xs).toFloatArray(); // [C, S]
			for (int k = 0; k < s; k++) {
				final double[] ref = Reference.gridSample(full, c, hh, ww, ys[k], xs[k]);
				for (int ch = 0; ch < c; ch++) assertEquals("sample " + k, ref[ch], got[ch * s + k], 1e-5);
			}
		}
	}

	@Test
	public void windowEqualsResizedPixels() {
		final int c = 4, h = 8, w = 16, hh = 32, ww = 64;
		final float[] f = random(c * h * w, 4);
		final double[] full = Reference.resize(Reference.toDouble(f), c, h, w, hh, ww);
		try (NDManager m = base.newSubManager()) {
			final NDArray feat = m.create(f, new Shape(1, c, h, w));
			final int r0 = 20, r1 = 32, c0 = 0, c1 = 9;
			final NDArray win = new FeatureSampler(h, w, hh, ww).window(feat, r0, r1, c0, c1);
			assertEquals(new Shape(c, r1 - r0, c1 - c0), win.getShape());
			final float[] got = win.toFloatArray();
			for (int k = 0; k < c; k++)
				for (int i = r0; i < r1; i++)
					for (int j = c0; j < c1; j++)
						assertEquals(full[(k * hh + i) * ww + j], got[(k * (r1 - r0) + i - r0) * (c1 - c0) + j - c0], 1e-5);
		}
	}

	@Test
	public void gradientIsTheAdjointOfTheSampling() {
		final int c = 3, h = 8, w = 8, hh = 32, ww = 32;
		final float[] f = random(c * h * w, 5);
		final double[] ys = { 5.3, 17.9, 31.2, 0.4 }, xs = { 6.7, 2.1, 30.8, 12 };
		final float[] coef = random(c * ys.length, 6);
		try (NDManager m = base.newSubManager()) {
			final NDArray feat = m.create(f, new Shape(1, c, h, w));
			feat.setRequiresGradient(true);
			final float[] grad;
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray s = new FeatureSampler(h, w, hh, ww).sample(feat, ys, xs);
				gc.backward(s.mul(m.create(coef, new Shape(c, ys.length))).sum());
				grad = feat.getGradient().toFloatArray();
			}
			// reference: d/dfeat of Σ coef·sample, by pushing unit inputs through the reference maths
			final float[] ref = new float[f.length];
			for (int i = 0; i < f.length; i++) {
				final double[] e = new double[f.length];
				e[i] = 1;
				final double[] full = Reference.resize(e, c, h, w, hh, ww);
				double acc = 0;
				for (int k = 0; k < ys.length; k++) {
					final double[] v = Reference.gridSample(full, c, hh, ww, ys[k], xs[k]);
					for (int ch = 0; ch < c; ch++) acc += coef[ch * ys.length + k] * v[ch];
				}
				ref[i] = (float) acc;
			}
			assertArrayEquals(ref, grad, 1e-5f);
		}
	}
}
