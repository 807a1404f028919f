package sc.fiji.draggan.eval;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Nearest-neighbour distances from samples to a reference set (RMS difference per pixel, in the
 * images' own units): a model that memorises its training images has samples much closer to
 * the training set than held-out real images are.
 */
public final class NearestNeighbour {

	private NearestNeighbour() {}

	/** For every query, the RMS distance to its closest reference image (queries in parallel). */
	public static double[] distances(final List<float[]> queries, final List<float[]> reference) {
		final double[] out = new double[queries.size()];
		IntStream.range(0, out.length).parallel().forEach(q -> {
			final float[] a = queries.get(q);
			double best = Double.MAX_VALUE;
			for (final float[] b : reference) {
				double s = 0;
				for (int i = 0; i < a.length && s < best; i++) {
					final double d = a[i] - b[i];
					s += d * d;
				}
				if (s < best) best = s;
			}
			out[q] = Math.sqrt(best / a.length);
		});
		return out;
	}

	public static double mean(final double[] v) {
		double s = 0;
		for (final double x : v) s += x;
		return s / v.length;
	}
}
