package sc.fiji.draggan.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Reads the block feature map as if it had been bilinearly resized to the image size
 * ({@code F = interpolate(feat, [H, W], bilinear, align_corners=False)}, docs/algorithm.md#feature-map, #resize-and-sampling) without
 * building F: a value of F at a real position (grid_sample, {@code align_corners=True}, zero
 * padding) is a separable weighted sum of a few block-resolution samples. For a set of positions
 * this class cuts the block map to the rows/cols those positions touch and applies small weight
 * matrices U (positions × rows) and V (positions × cols): out[c, s] = Σ_a Σ_b U[s,a] feat[c,a,b]
 * V[s,b]. Everything is an ordinary differentiable DJL op (slice, matMul, mul, sum).
 */
final class FeatureSampler {

	private final ResizeAxis rows, cols;

	/**
	 * @param featH, featW size of the block feature map
	 * @param imageH, imageW size of the generator image (the resize target)
	 */
	FeatureSampler(final int featH, final int featW, final int imageH, final int imageW) {
		rows = new ResizeAxis(featH, imageH);
		cols = new ResizeAxis(featW, imageW);
	}

	int imageHeight() {
		return rows.out;
	}

	int imageWidth() {
		return cols.out;
	}

	/**
	 * F sampled at real image positions (row {@code ys[s]}, col {@code xs[s]}) with grid_sample
	 * semantics.
	 *
	 * @param feat [1, C, h, w] (gradients flow to it if it records them)
	 * @return [C, S], in feat's manager
	 */
	NDArray sample(final NDArray feat, final double[] ys, final double[] xs) {
		final int s = ys.length;
		final double[][] u = new double[s][], v = new double[s][];
		for (int k = 0; k < s; k++) {
			u[k] = new double[rows.in];
			rows.addSampleWeights(ys[k], u[k]);
			v[k] = new double[cols.in];
			cols.addSampleWeights(xs[k], v[k]);
		}
		return apply(feat, u, v);
	}

	/**
	 * F at the integer pixels of rows [r0, r1) and cols [c0, c1).
	 *
	 * @return [C, r1 − r0, c1 − c0], in feat's manager
	 */
	NDArray window(final NDArray feat, final int r0, final int r1, final int c0, final int c1) {
		final double[][] u = new double[r1 - r0][], v = new double[c1 - c0][];
		for (int i = r0; i < r1; i++) {
			u[i - r0] = new double[rows.in];
			rows.addPixelWeights(i, u[i - r0]);
		}
		for (int j = c0; j < c1; j++) {
			v[j - c0] = new double[cols.in];
			cols.addPixelWeights(j, v[j - c0]);
		}
		final int[] ra = range(u), rb = range(v);
		final long c = feat.getShape().get(1);
		final NDManager m = feat.getManager();
		if (ra == null || rb == null) return m.zeros(new Shape(c, r1 - r0, c1 - c0), feat.getDataType());
		final NDArray sub = crop(feat, ra, rb); // [C, na, nb]
		final NDArray uu = m.create(dense(u, ra), new Shape(r1 - r0, ra[1] - ra[0])).toType(feat.getDataType(), false);
		final NDArray vt = m.create(denseT(v, rb), new Shape(rb[1] - rb[0], c1 - c0)).toType(feat.getDataType(), false);
		return uu.matMul(sub).matMul(vt); // [ni, na] @ [C, na, nb] @ [nb, nj] -> [C, ni, nj]
	}

	private NDArray apply(final NDArray feat, final double[][] u, final double[][] v) {
		final int s = u.length;
		final int[] ra = range(u), rb = range(v);
		final long c = feat.getShape().get(1);
		final NDManager m = feat.getManager();
		if (ra == null || rb == null) return m.zeros(new Shape(c, s), feat.getDataType());
		final NDArray sub = crop(feat, ra, rb); // [C, na, nb]
		final NDArray vt = m.create(denseT(v, rb), new Shape(rb[1] - rb[0], s)).toType(feat.getDataType(), false);
		final NDArray ut = m.create(denseT(u, ra), new Shape(ra[1] - ra[0], s)).toType(feat.getDataType(), false);
		// [C, na, nb] @ [nb, S] -> [C, na, S]; weight by U^T [na, S]; sum over rows -> [C, S]
		return sub.matMul(vt).mul(ut).sum(new int[] { 1 });
	}

	private static NDArray crop(final NDArray feat, final int[] ra, final int[] rb) {
		return feat.get(new NDIndex("0, :, {}:{}, {}:{}", ra[0], ra[1], rb[0], rb[1]));
	}

	/** [first, last + 1) of the indices with a nonzero weight in any row, or null if none. */
	private static int[] range(final double[][] w) {
		int lo = Integer.MAX_VALUE, hi = -1;
		for (final double[] row : w) {
			for (int i = 0; i < row.length; i++) {
				if (row[i] != 0) {
					lo = Math.min(lo, i);
					hi = Math.max(hi, i);
				}
			}
		}
		return hi < 0 ? null : new int[] { lo, hi + 1 };
	}

	/** rows of w restricted to [r0, r1), row-major [n, r1 − r0]. */
	private static float[] dense(final double[][] w, final int[] r) {
		final int n = r[1] - r[0];
		final float[] out = new float[w.length * n];
		for (int k = 0; k < w.length; k++)
			for (int i = 0; i < n; i++) out[k * n + i] = (float) w[k][r[0] + i];
		return out;
	}

	/** transpose of {@link #dense}: [r1 − r0, n]. */
	private static float[] denseT(final double[][] w, final int[] r) {
		final int n = r[1] - r[0];
		final float[] out = new float[n * w.length];
		for (int k = 0; k < w.length; k++)
			for (int i = 0; i < n; i++) out[i * w.length + k] = (float) w[k][r[0] + i];
		return out;
	}
}
