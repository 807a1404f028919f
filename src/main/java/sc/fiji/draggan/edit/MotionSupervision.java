package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * Motion supervision of one handle (docs/algorithm.md#motion-supervision): for every pixel q of the disc Ω1 around the handle,
 * pull the feature one unit step towards the target, F(q + d), to the fixed feature sg(F(q));
 * the loss is the mean absolute difference over channels and disc pixels (PyTorch
 * {@code l1_loss}). Gradient flows only through the shifted samples.
 * <p>
 * Arithmetic that decides which pixels and which sample positions are used is done in float32 in
 * the order the official code does it, including its disc grid quirk (coordinates from
 * {@code linspace(0, H, H)}, i.e. pixel i sits at i·H/(H−1)).
 */
final class MotionSupervision {

	private MotionSupervision() {}

	/** Distance from handle (row, col) to target as the official code measures it (float32). */
	static float distance(final int row, final int col, final double targetRow, final double targetCol) {
		final float dx = (float) (targetCol - col), dy = (float) (targetRow - row);
		return (float) Math.sqrt(dx * dx + dy * dy);
	}

	/** {@code torch.linspace(0, n, n)} in float32 (first half from the start, second from the end). */
	static float[] linspace(final int n) {
		final float[] v = new float[n];
		if (n == 1) {
			v[0] = 0;
			return v;
		}
		final float step = (float) n / (float) (n - 1);
		final int half = n / 2;
		for (int i = 0; i < n; i++) v[i] = i < half ? step * i : n - step * (n - 1 - i);
		return v;
	}

	/**
	 * The disc Ω1: pixels whose quirk-grid distance to the handle is below r1, in row-major order.
	 *
	 * @return {rows, cols}
	 */
	static int[][] disc(final int row, final int col, final int r1, final int height, final int width) {
		final float[] gy = linspace(height), gx = linspace(width);
		final List<int[]> px = new ArrayList<>();
		for (int i = 0; i < height; i++) {
			final float dy = gy[i] - row;
			if (Math.abs(dy) >= r1 + 1) continue; // cannot be inside (margin covers float rounding)
			for (int j = 0; j < width; j++) {
				final float dx = gx[j] - col;
				final float d2 = dy * dy + dx * dx;
				if ((float) Math.sqrt(d2) < r1) px.add(new int[] { i, j });
			}
		}
		final int[][] out = new int[2][px.size()];
		for (int k = 0; k < px.size(); k++) {
			out[0][k] = px.get(k)[0];
			out[1][k] = px.get(k)[1];
		}
		return out;
	}

	/**
	 * The loss of one handle, or null if it is within 1 px of its target (no motion loss).
	 *
	 * @param feat block features [1, C, h, w], recording gradients
	 * @param featDetached the same values, not recording gradients
	 */
	static NDArray loss(final FeatureSampler sampler, final NDArray feat, final NDArray featDetached, final int row,
		final int col, final double targetRow, final double targetCol, final int r1)
	{
		final float norm = distance(row, col, targetRow, targetCol);
		if (!(norm > 1)) return null;
		final float n = norm + 1e-7f;
		final float dx = (float) (targetCol - col) / n, dy = (float) (targetRow - row) / n;
		final int h = sampler.imageHeight(), w = sampler.imageWidth();
		final int[][] q = disc(row, col, r1, h, w);
		final int s = q[0].length;
		final double[] ys = new double[s], xs = new double[s], ys1 = new double[s], xs1 = new double[s];
		for (int k = 0; k < s; k++) {
			ys[k] = q[0][k];
			xs[k] = q[1][k];
			ys1[k] = gridPosition(q[0][k], dy, h);
			xs1[k] = gridPosition(q[1][k], dx, w);
		}
		final NDArray fixed = sampler.sample(featDetached, ys, xs); // sg(F(q))
		final NDArray moved = sampler.sample(feat, ys1, xs1); // F(q + d)
		return moved.sub(fixed).abs().mean();
	}

	/** Number of disc pixels of a handle (for traces and tests). */
	static int discSize(final int row, final int col, final int r1, final int height, final int width) {
		return disc(row, col, r1, height, width)[0].length;
	}

	/**
	 * Position q + d after the official round trip through grid_sample's normalised coordinates
	 * (float32): g = (q + d)/(n−1)·2 − 1, then (g + 1)·((n−1)/2).
	 */
	static double gridPosition(final int q, final float d, final int n) {
		final float g = ((float) q + d) / (float) (n - 1) * 2f - 1f;
		return (g + 1f) * ((n - 1) / 2f);
	}
}
