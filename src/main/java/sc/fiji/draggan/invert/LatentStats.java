package sc.fiji.draggan.invert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.Generator;

/**
 * Mean and spread of w over z ~ N(0, I), from a batch of mapped samples (NVIDIA's projector:
 * {@code w_std = sqrt(Σ (w − w_avg)² / N)}). z comes from NumPy's legacy generator, so the statistics
 * are the same for the same seed.
 */
final class LatentStats {

	/** Sample mean of w [wDim]. */
	final float[] mean;
	/** Root of the summed per-coordinate variances (the distance scale of NVIDIA's latent noise). */
	final double totalStd;
	/** Per-coordinate standard deviation: totalStd / sqrt(wDim). */
	final double coordStd;
	/** The sampled w, [samples][wDim]. */
	final float[][] samples;

	private LatentStats(final float[] mean, final double totalStd, final float[][] samples) {
		this.mean = mean;
		this.samples = samples;
		this.totalStd = totalStd;
		this.coordStd = totalStd / Math.sqrt(mean.length);
	}

	static LatentStats estimate(final Generator g, final int samples, final long seed, final NDManager work) {
		final int zDim = g.config().zDim, wDim = g.config().wDim;
		if (g.config().cDim > 0) throw new IllegalArgumentException("inversion of conditional models (c_dim " + g.config().cDim + ") is not supported");
		// a stream of its own: the z of an image made from the same seed is not among the samples
		final NumpyRandom rnd = new NumpyRandom((seed + 1_000_003L) & 0xffffffffL);
		final double[] sum = new double[wDim];
		final float[][] ws = new float[samples][];
		final int batch = 250;
		for (int start = 0; start < samples; start += batch) {
			final int n = Math.min(batch, samples - start);
			final float[] z = new float[n * zDim];
			for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
			try (NDManager m = work.newSubManager()) {
				final NDArray w = g.mapping(m.create(z, new Shape(n, zDim)), null, 1.0, -1);
				final float[] all = w.get(":, 0, :").toFloatArray();
				for (int s = 0; s < n; s++) {
					ws[start + s] = java.util.Arrays.copyOfRange(all, s * wDim, (s + 1) * wDim);
					for (int k = 0; k < wDim; k++) sum[k] += ws[start + s][k];
				}
			}
		}
		final float[] mean = new float[wDim];
		for (int k = 0; k < wDim; k++) mean[k] = (float) (sum[k] / samples);
		double ss = 0;
		for (final float[] w : ws) for (int k = 0; k < wDim; k++) ss += (w[k] - mean[k]) * (double) (w[k] - mean[k]);
		final double total = Math.sqrt(ss / samples);
		return new LatentStats(mean, total > 0 ? total : 1.0, ws);
	}
}
