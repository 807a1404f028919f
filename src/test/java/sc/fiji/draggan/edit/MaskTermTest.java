package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

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
			// value only
			final MaskTerm.Value v2 = term.evaluate(feat.stopGradient(), feat0, false);
			assertEquals(v.loss, v2.loss, 1e-9);
			assertNull(v2.gradient);
		}
	}

	@Test
	public void maskMustHoldBothValues() {
		assertTrue(MaskTerm.isActive(new float[] { 0, 1, 1 }));
		assertFalse(MaskTerm.isActive(new float[] { 1, 1, 1 }));
		assertFalse(MaskTerm.isActive(new float[] { 0, 0 }));
		assertFalse(MaskTerm.isActive(new float[] { 0, 0.5f, 1 }));
	}
}
