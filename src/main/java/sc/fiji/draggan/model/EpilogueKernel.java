package sc.fiji.draggan.model;

import java.nio.FloatBuffer;

import sc.fiji.draggan.engine.ParallelRanges;

/**
 * The epilogue of a synthesis layer without autograd on the CPU (docs/algorithm.md#up-sampling-convolution): noise,
 * leaky ReLU and clamp in one pass over the convolution's output, in place, where libtorch made three passes and
 * two new arrays. {@link UpsampleKernel} applies the same activation to the up-sampled rows it computes.
 */
final class EpilogueKernel {

	private EpilogueKernel() {}

	/** v[from … from + len) = clamp(lrelu(v), lo, hi), lrelu(v) = max(v, 0.2 v) (a loop of its own: the JIT vectorises it). */
	static void activate(final float[] v, final int from, final int len, final float lo, final float hi) {
		for (int j = from; j < from + len; j++) {
			final float x = v[j];
			v[j] = Math.min(Math.max(Math.max(x, 0.2f * x), lo), hi);
		}
	}

	/**
	 * The epilogue of a layer without up-sampling, in place on its convolution output y [n, o, rows, width] (bias
	 * included): y + noise rows, lrelu, clamp; one row at a time, channels split over the threads.
	 *
	 * @param noise [res, width] row-major, or null
	 */
	static void inPlace(final FloatBuffer y, final int n, final int o, final int rows, final int width, final float[] noise,
		final int noiseRow, final float clamp, final int threads)
	{
		final float lo = Float.isNaN(clamp) ? Float.NEGATIVE_INFINITY : -clamp, hi = Float.isNaN(clamp) ? Float.POSITIVE_INFINITY : clamp;
		ParallelRanges.run(n * o, threads, (part, from, to) -> {
			final float[] row = new float[width];
			final FloatBuffer b = y.duplicate();
			for (int t = from; t < to; t++) {
				for (int r = 0; r < rows; r++) {
					final int at = (t * rows + r) * width;
					b.position(at);
					b.get(row);
					if (noise != null) {
						final int off = (noiseRow + r) * width;
						for (int j = 0; j < width; j++) row[j] += noise[off + j];
					}
					activate(row, 0, width, lo, hi);
					b.position(at);
					b.put(row);
				}
			}
		});
	}

}
