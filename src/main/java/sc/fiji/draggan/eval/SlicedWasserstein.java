package sc.fiji.draggan.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Multi-scale sliced Wasserstein distance (ProGAN, Karras et al. 2018, {@code metrics/sliced_wasserstein.py}):
 * 7×7 patches drawn at random from every level of each image's Laplacian pyramid (16 px and up),
 * normalised per level and channel, compared by the mean 1-D Wasserstein distance over 512 random
 * projections. Reported ×1000 like ProGAN's tables. No pretrained network.
 */
public final class SlicedWasserstein {

	public static final int NHOOD = 7, PATCHES_PER_IMAGE = 128, DIR_REPEATS = 4, DIRS_PER_REPEAT = 128;

	private final int channels, res, levels;

	public SlicedWasserstein(final int channels, final int res) {
		this.channels = channels;
		this.res = res;
		int l = 1;
		for (int r = res; r > 16; r /= 2) l++;
		this.levels = l;
	}

	public int levels() {
		return levels;
	}

	/** Descriptors per level: [level] → list of C·7·7 patch vectors (normalised per level and channel). */
	public List<float[]>[] descriptors(final List<float[]> images, final long seed) {
		@SuppressWarnings("unchecked")
		final List<float[]>[] d = new List[levels];
		for (int l = 0; l < levels; l++) d[l] = new ArrayList<>();
		final Random rnd = new Random(seed);
		final int pl = NHOOD * NHOOD;
		for (final float[] img : images) {
			final float[][] pyr = LaplacianPyramid.build(img, channels, res, levels);
			for (int l = 0; l < levels; l++) {
				final int r = res >> l;
				for (int p = 0; p < PATCHES_PER_IMAGE; p++) {
					final int x0 = rnd.nextInt(r - NHOOD + 1), y0 = rnd.nextInt(r - NHOOD + 1);
					final float[] v = new float[channels * pl];
					for (int c = 0; c < channels; c++)
						for (int y = 0; y < NHOOD; y++)
							System.arraycopy(pyr[l], (c * r + y0 + y) * r + x0, v, c * pl + y * NHOOD, NHOOD);
					d[l].add(v);
				}
			}
		}
		for (int l = 0; l < levels; l++) normalise(d[l]);
		return d;
	}

	/** finalize_descriptors: subtract the mean and divide by the std of each channel over all patches and pixels. */
	private void normalise(final List<float[]> ds) {
		final int pl = NHOOD * NHOOD;
		for (int c = 0; c < channels; c++) {
			double s = 0, s2 = 0;
			long n = 0;
			for (final float[] v : ds)
				for (int i = c * pl; i < (c + 1) * pl; i++) {
					s += v[i];
					s2 += v[i] * (double) v[i];
					n++;
				}
			final double mean = s / n, std = Math.sqrt(Math.max(s2 / n - mean * mean, 1e-12));
			for (final float[] v : ds)
				for (int i = c * pl; i < (c + 1) * pl; i++) v[i] = (float) ((v[i] - mean) / std);
		}
	}

	/**
	 * SWD between two descriptor sets of equal size (×1000), averaged over random projections. The
	 * directions are drawn in order from {@code seed}; projections run in parallel and are summed in
	 * order, so the result does not depend on the number of threads.
	 */
	public static double distance(final List<float[]> a, final List<float[]> b, final long seed) {
		final int n = Math.min(a.size(), b.size());
		if (n == 0) throw new IllegalArgumentException("no descriptors");
		final int dim = a.get(0).length;
		final Random rnd = new Random(seed);
		final int dirs = DIR_REPEATS * DIRS_PER_REPEAT;
		final double[][] directions = new double[dirs][dim];
		for (final double[] dir : directions) {
			double norm = 0;
			for (int i = 0; i < dim; i++) {
				dir[i] = rnd.nextGaussian();
				norm += dir[i] * dir[i];
			}
			norm = Math.sqrt(norm);
			for (int i = 0; i < dim; i++) dir[i] /= norm;
		}
		final double[] perDirection = new double[dirs];
		IntStream.range(0, dirs).parallel().forEach(k -> {
			final double[] pa = new double[n], pb = new double[n];
			for (int j = 0; j < n; j++) {
				pa[j] = dot(a.get(j), directions[k]);
				pb[j] = dot(b.get(j), directions[k]);
			}
			Arrays.sort(pa);
			Arrays.sort(pb);
			double s = 0;
			for (int j = 0; j < n; j++) s += Math.abs(pa[j] - pb[j]);
			perDirection[k] = s / n;
		});
		double total = 0;
		for (final double v : perDirection) total += v;
		return total / dirs * 1000;
	}

	private static double dot(final float[] v, final double[] d) {
		double s = 0;
		for (int i = 0; i < v.length; i++) s += v[i] * d[i];
		return s;
	}

	/** Per-level SWD (×1000) between image sets {@code a} and {@code b} (same count is best); last entry = mean. */
	public double[] compare(final List<float[]> a, final List<float[]> b, final long seed) {
		final List<float[]>[] da = descriptors(a, seed), db = descriptors(b, seed + 1);
		final double[] out = new double[levels + 1];
		double mean = 0;
		for (int l = 0; l < levels; l++) {
			out[l] = distance(da[l], db[l], seed + 2 + l);
			mean += out[l] / levels;
		}
		out[levels] = mean;
		return out;
	}
}
