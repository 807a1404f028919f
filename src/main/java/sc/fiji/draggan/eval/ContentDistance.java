package sc.fiji.draggan.eval;

import sc.fiji.draggan.synth.GaussianBlur;

/**
 * Where did the picture under a handle go? The handle's original patch (from the image before
 * the edit; both images smoothed at the patch's scale by {@link #find}) is searched in the edited image by normalised cross-correlation; the best match
 * (refined to sub-pixel by a parabola through the NCC peak) is the content's new place. Its
 * distance to the target says whether the picture moved, not only the point tracker (GoodDrag's
 * drag accuracy index idea).
 */
public final class ContentDistance {

	private ContentDistance() {}

	/**
	 * @param before image before the edit (H×W, one channel)
	 * @param after image after the edit
	 * @param hx handle column, {@code hy} handle row (in {@code before})
	 * @param half patch half-size (patch is 2·half+1 square)
	 * @param search search radius around the handle, in pixels
	 * @return {x, y, ncc} of the best match
	 */
	public static double[] locate(final float[] before, final float[] after, final int w, final int h, final int hx, final int hy,
		final int half, final int search)
	{
		final int size = 2 * half + 1, n = size * size;
		final double[] t = new double[n];
		double tm = 0;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) tm += t[y * size + x] = at(before, w, h, hx - half + x, hy - half + y);
		tm /= n;
		double tn = 0;
		for (int i = 0; i < n; i++) {
			t[i] -= tm;
			tn += t[i] * t[i];
		}
		final int span = 2 * search + 1;
		final double[] score = new double[span * span];
		int bx = 0, by = 0;
		double best = -2;
		for (int dy = -search; dy <= search; dy++)
			for (int dx = -search; dx <= search; dx++) {
				final double s = ncc(t, tn, after, w, h, hx + dx - half, hy + dy - half, size);
				score[(dy + search) * span + dx + search] = s;
				if (s > best) {
					best = s;
					bx = dx;
					by = dy;
				}
			}
		double sx = bx, sy = by;
		if (Math.abs(bx) < search) sx += parabola(score[(by + search) * span + bx + search - 1], best, score[(by + search) * span + bx + search + 1]);
		if (Math.abs(by) < search) sy += parabola(score[(by + search - 1) * span + bx + search], best, score[(by + search + 1) * span + bx + search]);
		return new double[] { hx + sx, hy + sy, best };
	}

	/** Patch half-size for a W×H picture: max(3, min(W, H)/8) (docs/algorithm.md#content-distance). */
	public static int half(final int w, final int h) {
		return Math.max(3, Math.min(w, h) / 8);
	}

	/**
	 * Smoothing (Gaussian σ in pixels) of both pictures before the match: half/5. A generator's
	 * per-pixel noise is fixed in image space (docs/algorithm.md#content-distance): unsmoothed, a
	 * patch inside a flat object matches that texture where it was and reads "not moved".
	 */
	public static double sigma(final int w, final int h) {
		return half(w, h) / 5.0;
	}

	/**
	 * Where the content under handle ({@code hx}, {@code hy}) of {@code before} is in {@code after},
	 * searched within ceil(‖t − p‖) + 8 px of the handle.
	 *
	 * @return {x, y, ncc} of the best match
	 */
	public static double[] find(final float[] before, final float[] after, final int w, final int h, final int hx, final int hy,
		final double tx, final double ty)
	{
		return findSmoothed(smoothed(before, w, h), smoothed(after, w, h), w, h, hx, hy, tx, ty);
	}

	/** {@code img} smoothed as {@link #find} smooths both pictures, for callers that match one picture many times. */
	public static float[] smoothed(final float[] img, final int w, final int h) {
		return smooth(img, w, h, sigma(w, h));
	}

	/** {@link #find} on pictures already {@link #smoothed}. */
	public static double[] findSmoothed(final float[] before, final float[] after, final int w, final int h, final int hx, final int hy,
		final double tx, final double ty)
	{
		final int search = (int) Math.ceil(Math.hypot(tx - hx, ty - hy)) + 8;
		return locate(before, after, w, h, hx, hy, half(w, h), search);
	}

	/** Distance from the content's new place to the target. */
	public static double distance(final float[] before, final float[] after, final int w, final int h, final int hx, final int hy,
		final double tx, final double ty)
	{
		final double[] p = find(before, after, w, h, hx, hy, tx, ty);
		return Math.hypot(p[0] - tx, p[1] - ty);
	}

	private static float[] smooth(final float[] img, final int w, final int h, final double sigma) {
		final double[] d = new double[img.length];
		for (int i = 0; i < d.length; i++) d[i] = img[i];
		final double[] b = GaussianBlur.blur(d, w, h, sigma);
		final float[] out = new float[b.length];
		for (int i = 0; i < b.length; i++) out[i] = (float) b[i];
		return out;
	}

	private static double parabola(final double l, final double c, final double r) {
		final double d = l - 2 * c + r;
		return d >= 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (l - r) / d));
	}

	private static double ncc(final double[] t, final double tn, final float[] img, final int w, final int h, final int x0, final int y0, final int size) {
		final int n = size * size;
		double m = 0;
		final double[] p = new double[n];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) m += p[y * size + x] = at(img, w, h, x0 + x, y0 + y);
		m /= n;
		double num = 0, pn = 0;
		for (int i = 0; i < n; i++) {
			final double v = p[i] - m;
			num += v * t[i];
			pn += v * v;
		}
		return tn <= 0 || pn <= 0 ? 0 : num / Math.sqrt(tn * pn);
	}

	/** Replicated border. */
	private static double at(final float[] img, final int w, final int h, final int x, final int y) {
		return img[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
	}
}
