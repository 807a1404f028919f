package sc.fiji.draggan.eval;

/**
 * Laplacian pyramid of a CHW float image as in ProGAN's {@code sliced_wasserstein.py}: Gaussian
 * [1,4,6,4,1]/16 filter, ×2 down/up-sampling; level 0 is the finest band-pass, the last level the
 * low-pass residual.
 */
public final class LaplacianPyramid {

	private static final double[] K = { 1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0 };

	private LaplacianPyramid() {}

	/** Levels: [c][h][w] arrays of sizes res, res/2, …; {@code levels} ≥ 1. */
	public static float[][] build(final float[] chw, final int c, final int res, final int levels) {
		final float[][] out = new float[levels][];
		float[] cur = chw;
		int r = res;
		for (int l = 0; l < levels - 1; l++) {
			final float[] down = down(cur, c, r);
			final float[] up = up(down, c, r / 2);
			final float[] band = new float[cur.length];
			for (int i = 0; i < band.length; i++) band[i] = cur[i] - up[i];
			out[l] = band;
			cur = down;
			r /= 2;
		}
		out[levels - 1] = cur;
		return out;
	}

	/** Blur then keep every second pixel (reflect borders). */
	static float[] down(final float[] img, final int c, final int r) {
		final float[] b = blur(img, c, r, 1);
		final int h = r / 2;
		final float[] out = new float[c * h * h];
		for (int ch = 0; ch < c; ch++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < h; x++) out[(ch * h + y) * h + x] = b[(ch * r + 2 * y) * r + 2 * x];
		return out;
	}

	/** Zero-insert ×2 then blur with gain 4. */
	static float[] up(final float[] img, final int c, final int r) {
		final int R = 2 * r;
		final float[] z = new float[c * R * R];
		for (int ch = 0; ch < c; ch++)
			for (int y = 0; y < r; y++)
				for (int x = 0; x < r; x++) z[(ch * R + 2 * y) * R + 2 * x] = img[(ch * r + y) * r + x];
		return blur(z, c, R, 4);
	}

	private static float[] blur(final float[] img, final int c, final int r, final double gain) {
		final double g = Math.sqrt(gain);
		final float[] tmp = new float[img.length], out = new float[img.length];
		for (int ch = 0; ch < c; ch++) {
			final int o = ch * r * r;
			for (int y = 0; y < r; y++)
				for (int x = 0; x < r; x++) {
					double s = 0;
					for (int k = -2; k <= 2; k++) s += K[k + 2] * img[o + y * r + reflect(x + k, r)];
					tmp[o + y * r + x] = (float) (s * g);
				}
			for (int y = 0; y < r; y++)
				for (int x = 0; x < r; x++) {
					double s = 0;
					for (int k = -2; k <= 2; k++) s += K[k + 2] * tmp[o + reflect(y + k, r) * r + x];
					out[o + y * r + x] = (float) (s * g);
				}
		}
		return out;
	}

	private static int reflect(final int i, final int n) {
		if (i < 0) return -i;
		if (i >= n) return 2 * n - 2 - i;
		return i;
	}
}
