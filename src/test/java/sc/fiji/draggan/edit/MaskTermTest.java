package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** The sliced mask term against the official full-resolution formulation. */
public class MaskTermTest {

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

	private static float[] discMask(final int hh, final int ww) {
		final float[] m = new float[hh * ww];
		for (int y = 0; y < hh; y++)
			for (int x = 0; x < ww; x++)
				m[y * ww + x] = (y - 12) * (y - 12) + (x - 20) * (x - 20) < 81 ? 0 : 1; // free disc, rest fixed
		return m;
	}

	/** The adjoint without dense matrices (same size, ×2) gives the bits of the dense R_hᵀ·S·R_w, odd and tiny sizes too. */
	@Test
	public void fastAdjointEqualsTheDenseMatmulBitForBit() {
		final int[][] sizes = { { 16, 20, 8, 10 }, { 16, 20, 16, 20 }, { 10, 14, 5, 7 }, { 2, 2, 1, 1 }, { 12, 8, 6, 8 }, { 9, 12, 9, 6 } };
		final Random r = new Random(3);
		for (final int[] z : sizes) {
			final int hh = z[0], ww = z[1], fh = z[2], fw = z[3], n = 3;
			try (NDManager m = base.newSubManager()) {
				final float[] sv = new float[n * hh * ww];
				for (int i = 0; i < sv.length; i++) sv[i] = r.nextInt(3) - 1; // sign(masked): -1, 0, 1
				final NDArray sArr = m.create(sv, new Shape(n, hh, ww));
				final float[] ones = new float[hh * ww];
				java.util.Arrays.fill(ones, 1f);
				ones[0] = 0;
				final MaskTerm t = new MaskTerm(ones, hh, ww, m);
				final float[] fast = t.adjointResize(sArr, fh, fw).toFloatArray();
				final NDArray rh = m.create(MaskTerm.matrix(new ResizeAxis(fh, hh)), new Shape(hh, fh));
				final NDArray rw = m.create(MaskTerm.matrix(new ResizeAxis(fw, ww)), new Shape(ww, fw));
				final float[] dense = sArr.matMul(rw).transpose(0, 2, 1).matMul(rh).transpose(0, 2, 1).toFloatArray();
				assertArrayEquals(java.util.Arrays.toString(z), dense, fast, 0f);
				t.close();
			}
		}
	}

	@Test
	public void valueAndGradientMatchTheFullResolutionFormula() {
		final int c = 7, h = 8, w = 8, hh = 32, ww = 32;
		final float[] f = random(c * h * w, 1), f0 = random(c * h * w, 2);
		final float[] mask = discMask(hh, ww);
		try (NDManager m = base.newSubManager()) {
			final NDArray feat0 = m.create(f0, new Shape(1, c, h, w));
			// official: l1_loss(interp(feat)·m, interp(feat0)·m)
			final NDArray feat = m.create(f, new Shape(1, c, h, w));
			feat.setRequiresGradient(true);
			final double refLoss;
			final float[] refGrad;
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray mk = m.create(mask, new Shape(1, 1, hh, ww));
				final NDArray up = feat.getNDArrayInternal().interpolation(new long[] { hh, ww }, 1, false);
				final NDArray up0 = feat0.getNDArrayInternal().interpolation(new long[] { hh, ww }, 1, false);
				final NDArray loss = up.mul(mk).sub(up0.mul(mk)).abs().mean();
				refLoss = loss.getFloat();
				gc.backward(loss);
				refGrad = feat.getGradient().toFloatArray();
			}
			// ours, in slices of 2 channels (4 slices)
			final MaskTerm term = new MaskTerm(mask, hh, ww, m, 2L * hh * ww);
			final MaskTerm.Value v = term.evaluate(feat.stopGradient(), feat0, true);
			assertTrue(refLoss > 0.1);
			assertEquals(refLoss, v.loss, 1e-6 * refLoss);
			assertArrayEquals(refGrad, v.gradient.toFloatArray(), 1e-7f);
			// the libtorch slices (used on accelerators) give the same
			final MaskTerm.Value vs = term.evaluateSliced(feat.stopGradient(), feat0, true);
			assertEquals(refLoss, vs.loss, 1e-6 * refLoss);
			assertArrayEquals(refGrad, vs.gradient.toFloatArray(), 1e-7f);
			// value only
			final MaskTerm.Value v2 = term.evaluate(feat.stopGradient(), feat0, false);
			assertEquals(v.loss, v2.loss, 1e-9);
			assertNull(v2.gradient);
		}
	}

	/** The official formula by autograd: value and d/d feat of mean |(resize(feat) − resize(feat0))·m|. */
	private static Object[] autograd(final NDManager m, final float[] f, final float[] f0, final float[] mask, final int c,
		final int h, final int w, final int hh, final int ww)
	{
		final NDArray feat = m.create(f, new Shape(1, c, h, w)), feat0 = m.create(f0, new Shape(1, c, h, w));
		feat.setRequiresGradient(true);
		try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
			final NDArray mk = m.create(mask, new Shape(1, 1, hh, ww));
			final NDArray up = feat.getNDArrayInternal().interpolation(new long[] { hh, ww }, 1, false);
			final NDArray up0 = feat0.getNDArrayInternal().interpolation(new long[] { hh, ww }, 1, false);
			final NDArray loss = up.mul(mk).sub(up0.mul(mk)).abs().mean();
			final double value = loss.getFloat();
			gc.backward(loss);
			return new Object[] { value, feat.getGradient().toFloatArray() };
		}
	}

	private static float[] randomMask(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] m = new float[n];
		for (int i = 0; i < n; i++) m[i] = r.nextInt(3) == 0 ? 0 : 1;
		m[0] = 0;
		m[n - 1] = 1;
		return m;
	}

	/**
	 * The fused CPU pass against autograd on small shapes: ×2 and ×4, alone and mixed (N a power of two: the
	 * gradient to the bit; N not one: to rounding of 1/N), ×3 and ×8, non-integer factors both ways, 1:1, and a
	 * 1-wide axis.
	 */
	@Test
	public void fusedPassMatchesAutogradOnSmallShapes() {
		final int[][] shapes = { { 4, 8, 8, 16, 16 }, { 3, 5, 7, 10, 14 }, { 3, 6, 6, 13, 9 }, { 3, 8, 5, 8, 5 },
			{ 2, 4, 1, 8, 2 }, { 3, 3, 4, 16, 16 }, { 3, 4, 5, 16, 20 }, { 4, 8, 8, 32, 32 }, { 3, 8, 8, 32, 32 },
			{ 2, 4, 8, 16, 16 }, { 2, 8, 4, 16, 16 }, { 3, 5, 6, 15, 18 }, { 2, 4, 4, 32, 32 }, { 2, 6, 9, 24, 18 } };
		long seed = 10;
		for (final int[] z : shapes) {
			final int c = z[0], h = z[1], w = z[2], hh = z[3], ww = z[4];
			final float[] f = random(c * h * w, seed++), f0 = random(c * h * w, seed++), mask = randomMask(hh * ww, seed++);
			final boolean exact = Integer.bitCount(c * hh * ww) == 1 && binaryFactor(h, hh) && binaryFactor(w, ww);
			try (NDManager m = base.newSubManager()) {
				final Object[] ref = autograd(m, f, f0, mask, c, h, w, hh, ww);
				final double refLoss = (Double) ref[0];
				final float[] refGrad = (float[]) ref[1];
				final MaskTerm term = new MaskTerm(mask, hh, ww, m);
				final MaskTerm.Value v = term.evaluate(m.create(f, new Shape(1, c, h, w)), m.create(f0, new Shape(1, c, h, w)), true);
				final String what = java.util.Arrays.toString(z);
				assertTrue(what, refLoss > 0.1);
				assertEquals(what, refLoss, v.loss, 1e-6 * refLoss);
				assertArrayEquals(what, new long[] { 1, c, h, w }, v.gradient.getShape().getShape());
				final float[] g = v.gradient.toFloatArray();
				float max = 0;
				for (final float x : refGrad) max = Math.max(max, Math.abs(x));
				assertTrue(what, max > 0);
				assertArrayEquals(what, refGrad, g, exact ? 0f : 1e-6f * max);
				term.close();
			}
		}
	}

	/** Out = in·2^j, 0 ≤ j ≤ 5: weights multiples of 1/64, sums exact in float. */
	private static boolean binaryFactor(final int in, final int out) {
		return out % in == 0 && Integer.bitCount(out / in) == 1 && out / in <= 32;
	}

	/**
	 * The phase layout for integer factors (×2, ×4, mixed, ×3, ×8) against the index tables of every column: the
	 * same gradient to the bit where the weights are binary fractions (to rounding of 1/N for ×3), the value to
	 * rounding; the same bits for 1, 2 and 3 threads.
	 */
	@Test
	public void phaseLayoutMatchesTheIndexTables() {
		final int[][] shapes = { { 3, 4, 5, 16, 20 }, { 3, 8, 8, 32, 32 }, { 4, 8, 8, 32, 16 }, { 3, 4, 8, 16, 16 },
			{ 5, 6, 7, 12, 28 }, { 3, 5, 6, 15, 18 }, { 2, 4, 4, 32, 32 }, { 3, 6, 9, 13, 36 }, { 4, 8, 8, 32, 32 },
			{ 2, 4, 8, 16, 32 }, { 2, 8, 5, 16, 20 } };
		long seed = 60;
		for (final int[] z : shapes) {
			final int c = z[0], h = z[1], w = z[2], hh = z[3], ww = z[4], n = c * h * w;
			final float[] f = random(n, seed++), f0 = random(n, seed++), mask = randomMask(hh * ww, seed++);
			final String what = java.util.Arrays.toString(z);
			final float[] ref = new float[n];
			final double refValue = new MaskKernel(mask, hh, ww, false).evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h,
				w, FloatBuffer.wrap(ref), 1);
			float max = 0;
			for (final float x : ref) max = Math.max(max, Math.abs(x));
			assertTrue(what, refValue > 0.1 && max > 0);
			final boolean exact = binaryFactor(w, ww) && (hh == h || binaryFactor(h, hh));
			final MaskKernel k = new MaskKernel(mask, hh, ww);
			float[] first = null;
			for (int threads = 1; threads <= 3; threads++) {
				final float[] g = new float[n];
				final double v = k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h, w, FloatBuffer.wrap(g), threads);
				assertEquals(what, refValue, v, 1e-12 * refValue);
				assertEquals(what, v, k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h, w, null, threads), 0);
				assertArrayEquals(what, ref, g, exact ? 0f : 1e-6f * max);
				assertEquals(what, ww / w, k.phases());
				if (first == null) first = g;
				else assertArrayEquals(what + " threads " + threads, first, g, 0f);
			}
		}
	}

	/** A realistic block (16 channels, 64² → 128², disc mask): value as autograd, gradient to the bit of the libtorch slices. */
	@Test
	public void fusedPassMatchesAtARealisticSize() {
		realisticSize(64);
	}

	/** The same with ×4 (32² → 128²), as the default feature block of a 512 px model (128² → 512²). */
	@Test
	public void fusedPassMatchesAtARealisticSizeTimesFour() {
		realisticSize(32);
	}

	private static void realisticSize(final int size) {
		final int c = 16, h = size, w = size, hh = 128, ww = 128;
		final float[] f = random(c * h * w, 31), f0 = random(c * h * w, 32);
		final float[] mask = new float[hh * ww];
		for (int y = 0; y < hh; y++)
			for (int x = 0; x < ww; x++)
				mask[y * ww + x] = (y - 60) * (y - 60) + (x - 70) * (x - 70) < 40 * 40 ? 0 : 1;
		try (NDManager m = base.newSubManager()) {
			final double refLoss = (Double) autograd(m, f, f0, mask, c, h, w, hh, ww)[0];
			final MaskTerm term = new MaskTerm(mask, hh, ww, m);
			final NDArray feat = m.create(f, new Shape(1, c, h, w)), feat0 = m.create(f0, new Shape(1, c, h, w));
			final MaskTerm.Value v = term.evaluate(feat, feat0, true), sliced = term.evaluateSliced(feat, feat0, true);
			assertEquals(refLoss, v.loss, 1e-6 * refLoss);
			assertEquals(v.loss, term.evaluate(feat, feat0, false).loss, 0);
			assertArrayEquals(sliced.gradient.toFloatArray(), v.gradient.toFloatArray(), 0f);
			term.close();
		}
	}

	/** The same bits for any number of threads; no change gives 0 and a zero gradient (sign(0) = 0). */
	@Test
	public void fusedPassIsTheSameForAnyThreadCountAndZeroWithoutChange() {
		final int c = 5, h = 6, w = 7, hh = 12, ww = 14;
		final float[] f = random(c * h * w, 41), f0 = random(c * h * w, 42), mask = randomMask(hh * ww, 43);
		final MaskKernel k = new MaskKernel(mask, hh, ww);
		final float[] g1 = new float[c * h * w], g3 = new float[c * h * w], g0 = new float[c * h * w];
		final double v1 = k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h, w, FloatBuffer.wrap(g1), 1);
		final double v3 = k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h, w, FloatBuffer.wrap(g3), 3);
		assertEquals(v1, v3, 0);
		assertArrayEquals(g1, g3, 0f);
		assertEquals(v1, k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f0), c, h, w, null, 8), 0);
		java.util.Arrays.fill(g0, 7f);
		assertEquals(0, k.evaluate(FloatBuffer.wrap(f), FloatBuffer.wrap(f), c, h, w, FloatBuffer.wrap(g0), 2), 0);
		for (final float x : g0) assertEquals(0f, x, 0f);
	}

	@Test
	public void maskMustHoldBothValues() {
		assertTrue(MaskTerm.isActive(new float[] { 0, 1, 1 }));
		assertFalse(MaskTerm.isActive(new float[] { 1, 1, 1 }));
		assertFalse(MaskTerm.isActive(new float[] { 0, 0 }));
		assertFalse(MaskTerm.isActive(new float[] { 0, 0.5f, 1 }));
	}
}
