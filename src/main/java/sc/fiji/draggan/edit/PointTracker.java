package sc.fiji.draggan.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Point tracking by nearest-neighbour feature matching (docs/algorithm.md#point-tracking): in the square window of
 * half-size r2 around the current handle (clipped to the image), find the pixel whose resized
 * feature is closest (L2 over channels, as the code does; the paper writes L1) to the handle's
 * reference feature; the first minimum in row-major order wins.
 */
final class PointTracker {

	private PointTracker() {}

	/** Outcome of tracking one handle. */
	static final class Match {
		final int row, col;
		/** Window [top, bottom) × [left, right) in image pixels. */
		final int top, bottom, left, right;
		final double bestDistance, secondDistance;

		Match(final int row, final int col, final int top, final int bottom, final int left, final int right,
			final double best, final double second)
		{
			this.row = row;
			this.col = col;
			this.top = top;
			this.bottom = bottom;
			this.left = left;
			this.right = right;
			this.bestDistance = best;
			this.secondDistance = second;
		}
	}

	/**
	 * @param feat block features [1, C, h, w] (not recording gradients)
	 * @param reference the handle's reference feature [C]
	 */
	static Match track(final FeatureSampler sampler, final NDArray feat, final float[] reference, final int row,
		final int col, final int r2)
	{
		return track(sampler, feat, reference, row, col, r2, 0, sampler.imageWidth());
	}

	/**
	 * As {@link #track(FeatureSampler, NDArray, float[], int, int, int)}, the window also clipped to the
	 * columns [colMin, colMax) (the picture inside a padded frame).
	 */
	static Match track(final FeatureSampler sampler, final NDArray feat, final float[] reference, final int row,
		final int col, final int r2, final int colMin, final int colMax)
	{
		final int h = sampler.imageHeight();
		final int top = Math.max(row - r2, 0), bottom = Math.min(row + r2 + 1, h);
		final int left = Math.max(col - r2, colMin), right = Math.min(col + r2 + 1, colMax);
		final NDArray window = sampler.window(feat, top, bottom, left, right); // [C, ni, nj]
		final long c = window.getShape().get(0);
		final NDArray ref = window.getManager().create(reference, new Shape(c, 1, 1)).toType(window.getDataType(), false);
		final float[] dist = window.sub(ref).square().sum(new int[] { 0 }).sqrt().toFloatArray();
		int best = 0;
		for (int k = 1; k < dist.length; k++) {
			if (dist[k] < dist[best]) best = k;
		}
		double second = Double.POSITIVE_INFINITY;
		for (int k = 0; k < dist.length; k++) {
			if (k != best) second = Math.min(second, dist[k]);
		}
		final int width = right - left;
		return new Match(top + best / width, left + best % width, top, bottom, left, right, dist[best], second);
	}
}
