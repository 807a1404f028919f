package sc.fiji.draggan.eval;

import sc.fiji.draggan.model.GeneratorImage;

/**
 * A handle on salient content, found from the pixels alone: the fidelity benchmark drags it
 * (docs/algorithm.md#fidelity-benchmark). Grey (one-channel, fluorescence-like) pictures: the
 * centroid of the brightest blob. Others: the pixel of strongest local contrast. Points are
 * (x, y) integer pixels at least {@code margin} from the border.
 */
public final class SalientPoint {

	private SalientPoint() {}

	/** The handle for a generator picture: {@link #blobCentroid} for one channel, {@link #strongestContrast} otherwise. */
	public static int[] of(final GeneratorImage img, final int margin) {
		final float[] grey = img.grey();
		return img.channels == 1 ? blobCentroid(grey, img.width, img.height, margin)
			: strongestContrast(grey, img.width, img.height, ContentDistance.half(img.width, img.height), margin);
	}

	/**
	 * Centroid of the brightest blob: pixels above Otsu's threshold, the 8-connected component that
	 * holds the brightest pixel at least {@code margin} from the border, its unweighted centroid
	 * (rounded, then kept {@code margin} from the border).
	 */
	public static int[] blobCentroid(final float[] img, final int w, final int h, final int margin) {
		final double[] c = blobCentre(img, w, h, margin);
		return new int[] { clamp((int) Math.round(c[0]), margin, w - 1 - margin), clamp((int) Math.round(c[1]), margin, h - 1 - margin) };
	}

	/** {@link #blobCentroid} before rounding and clamping: {x, y} of the brightest blob's centroid. */
	public static double[] blobCentre(final float[] img, final int w, final int h, final int margin) {
		return centre(blob(img, w, h, margin), w);
	}

	/** The brightest blob's pixels (see {@link #blobCentroid}). */
	public static boolean[] blob(final float[] img, final int w, final int h, final int margin) {
		checkSize(img, w, h, margin);
		final int seed = brightest(img, w, h, margin);
		return component(img, w, h, seed, Math.min(otsu(img), img[seed]));
	}

	/**
	 * The same blob found again in a changed picture: of the 8-connected components above Otsu's
	 * threshold, the one sharing most pixels with {@code previous}; its centroid {x, y}, or null when
	 * no component overlaps it.
	 */
	public static double[] blobCentreAgain(final float[] img, final int w, final int h, final boolean[] previous) {
		checkSize(img, w, h, 0);
		final double threshold = otsu(img);
		final boolean[] taken = new boolean[w * h];
		boolean[] best = null;
		int bestOverlap = 0;
		for (int i = 0; i < img.length; i++) {
			if (!previous[i] || taken[i] || img[i] < threshold) continue;
			final boolean[] c = component(img, w, h, i, threshold);
			int overlap = 0;
			for (int j = 0; j < c.length; j++)
				if (c[j]) {
					taken[j] = true;
					if (previous[j]) overlap++;
				}
			if (overlap > bestOverlap) {
				bestOverlap = overlap;
				best = c;
			}
		}
		return best == null ? null : centre(best, w);
	}

	/** The 8-connected component of pixels at or above {@code threshold} that holds pixel {@code seed}. */
	private static boolean[] component(final float[] img, final int w, final int h, final int seed, final double threshold) {
		final boolean[] in = new boolean[w * h];
		final int[] queue = new int[w * h];
		int head = 0, tail = 0;
		queue[tail++] = seed;
		in[seed] = true;
		while (head < tail) {
			final int i = queue[head++];
			final int x = i % w, y = i / w;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					final int nx = x + dx, ny = y + dy;
					if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
					final int j = ny * w + nx;
					if (!in[j] && img[j] >= threshold) {
						in[j] = true;
						queue[tail++] = j;
					}
				}
		}
		return in;
	}

	/** Unweighted centroid {x, y} of the marked pixels. */
	private static double[] centre(final boolean[] mask, final int w) {
		double sx = 0, sy = 0;
		int n = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) {
				sx += i % w;
				sy += i / w;
				n++;
			}
		return new double[] { sx / n, sy / n };
	}

	/**
	 * The pixel at least {@code margin} from the border with the strongest local contrast: the
	 * variance in the (2r+1)² window around each pixel, averaged again over the same window (so a
	 * textured area is found at its centre, not at the first window that covers it); the first
	 * maximum in row-major order.
	 */
	public static int[] strongestContrast(final float[] img, final int w, final int h, final int r, final int margin) {
		checkSize(img, w, h, margin);
		final double[] sq = new double[img.length];
		final double[] v = new double[img.length];
		for (int i = 0; i < img.length; i++) {
			v[i] = img[i];
			sq[i] = (double) img[i] * img[i];
		}
		final double[] mean = boxMean(v, w, h, r), meanSq = boxMean(sq, w, h, r);
		final double[] var = new double[img.length];
		for (int i = 0; i < var.length; i++) var[i] = Math.max(0, meanSq[i] - mean[i] * mean[i]);
		final double[] score = boxMean(var, w, h, r);
		double best = -1;
		int bx = margin, by = margin;
		for (int y = margin; y < h - margin; y++)
			for (int x = margin; x < w - margin; x++)
				if (score[y * w + x] > best) {
					best = score[y * w + x];
					bx = x;
					by = y;
				}
		return new int[] { bx, by };
	}

	/** Mean of {@code a} over the (2r+1)² window around each pixel, clipped at the border (summed-area table). */
	private static double[] boxMean(final double[] a, final int w, final int h, final int r) {
		final int W = w + 1;
		final double[] s = new double[W * (h + 1)];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) s[(y + 1) * W + x + 1] = a[y * w + x] + s[y * W + x + 1] + s[(y + 1) * W + x] - s[y * W + x];
		final double[] out = new double[a.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(w, x + r + 1), y1 = Math.min(h, y + r + 1);
				out[y * w + x] = box(s, W, x0, y0, x1, y1) / ((x1 - x0) * (y1 - y0));
			}
		return out;
	}

	private static double box(final double[] s, final int W, final int x0, final int y0, final int x1, final int y1) {
		return s[y1 * W + x1] - s[y0 * W + x1] - s[y1 * W + x0] + s[y0 * W + x0];
	}

	/** Index of the brightest pixel at least {@code margin} from the border (first in row-major order). */
	private static int brightest(final float[] img, final int w, final int h, final int margin) {
		int best = margin * w + margin;
		for (int y = margin; y < h - margin; y++)
			for (int x = margin; x < w - margin; x++)
				if (img[y * w + x] > img[best]) best = y * w + x;
		return best;
	}

	/** Otsu's threshold over a 256-bin histogram between the minimum and the maximum. */
	static double otsu(final float[] img) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final float v : img) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		if (!(hi > lo)) return hi;
		final int bins = 256;
		final long[] hist = new long[bins];
		for (final float v : img) hist[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
		final long n = img.length;
		double sumAll = 0;
		for (int i = 0; i < bins; i++) sumAll += i * (double) hist[i];
		double sumBelow = 0, bestVar = -1;
		long below = 0;
		int cut = 0;
		for (int i = 0; i < bins - 1; i++) {
			below += hist[i];
			sumBelow += i * (double) hist[i];
			final long above = n - below;
			if (below == 0 || above == 0) continue;
			final double m0 = sumBelow / below, m1 = (sumAll - sumBelow) / above;
			final double between = (double) below * above * (m0 - m1) * (m0 - m1);
			if (between > bestVar) {
				bestVar = between;
				cut = i;
			}
		}
		return lo + (cut + 1) * (hi - lo) / bins; // pixels in bins above the cut are foreground
	}


	private static void checkSize(final float[] img, final int w, final int h, final int margin) {
		if (img.length != w * h) throw new IllegalArgumentException("the picture has " + img.length + " values, not " + w + "x" + h);
		if (margin < 0 || 2 * margin >= Math.min(w, h)) throw new IllegalArgumentException("a border margin of " + margin + " px leaves nothing of a " + w +
			"x" + h + " picture");
	}

	private static int clamp(final int v, final int lo, final int hi) {
		return Math.max(lo, Math.min(hi, v));
	}
}
