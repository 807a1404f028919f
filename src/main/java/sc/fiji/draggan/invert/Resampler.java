package sc.fiji.draggan.invert;

/**
 * Resizing of float planes with a separable triangle (linear) filter widened by the scale factor
 * when shrinking, so down-sampling averages every source pixel (no aliasing) and up-sampling is
 * bilinear. Pixel centres are aligned ({@code src = (dst + 0.5)·in/out − 0.5}); taps outside the
 * image are dropped and the weights renormalised.
 */
final class Resampler {

	private Resampler() {}

	/** Resizes a {@code w × h} plane to {@code ow × oh}. */
	static float[] resize(final float[] src, final int w, final int h, final int ow, final int oh) {
		if (w == ow && h == oh) return src.clone();
		final Taps tx = taps(w, ow), ty = taps(h, oh);
		final float[] rows = new float[ow * h];
		for (int y = 0; y < h; y++) {
			for (int o = 0; o < ow; o++) {
				double s = 0;
				for (int k = 0; k < tx.count[o]; k++) s += tx.weight[o][k] * src[y * w + tx.first[o] + k];
				rows[y * ow + o] = (float) s;
			}
		}
		final float[] out = new float[ow * oh];
		for (int o = 0; o < oh; o++) {
			for (int x = 0; x < ow; x++) {
				double s = 0;
				for (int k = 0; k < ty.count[o]; k++) s += ty.weight[o][k] * rows[(ty.first[o] + k) * ow + x];
				out[o * ow + x] = (float) s;
			}
		}
		return out;
	}

	private static final class Taps {
		final int[] first, count;
		final double[][] weight;

		Taps(final int n) {
			first = new int[n];
			count = new int[n];
			weight = new double[n][];
		}
	}

	private static Taps taps(final int in, final int out) {
		final double scale = (double) in / out;
		final double support = Math.max(scale, 1.0); // filter half-width in source pixels
		final Taps t = new Taps(out);
		for (int o = 0; o < out; o++) {
			final double centre = (o + 0.5) * scale;
			final int lo = Math.max(0, (int) Math.floor(centre - support));
			final int hi = Math.min(in, (int) Math.ceil(centre + support));
			final double[] w = new double[hi - lo];
			double sum = 0;
			for (int i = lo; i < hi; i++) {
				final double d = Math.abs(i + 0.5 - centre) / support;
				w[i - lo] = Math.max(0, 1 - d);
				sum += w[i - lo];
			}
			if (sum <= 0) { // cannot happen for in >= 1, kept for safety
				w[Math.min(w.length - 1, Math.max(0, (int) centre - lo))] = 1;
				sum = 1;
			}
			for (int k = 0; k < w.length; k++) w[k] /= sum;
			t.first[o] = lo;
			t.count[o] = w.length;
			t.weight[o] = w;
		}
		return t;
	}
}
