package sc.fiji.draggan.eval;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import sc.fiji.draggan.synth.CellImageSynth;

public class ContentDistanceTest {

	/** Shifting a picture by (5, -3) moves the content found by NCC by (5, -3). */
	@Test
	public void findsShiftedContent() {
		final int w = 64;
		final float[] a = new CellImageSynth(w, 7).render(5);
		final float[] b = new float[a.length];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				final int sx = Math.min(w - 1, Math.max(0, x - 5)), sy = Math.min(w - 1, Math.max(0, y + 3));
				b[y * w + x] = a[sy * w + sx];
			}
		final double[] p = ContentDistance.locate(a, b, w, w, 23, 44, 5, 10);
		assertEquals(28, p[0], 0.5);
		assertEquals(41, p[1], 0.5);
		assertEquals(0, ContentDistance.distance(a, b, w, w, 23, 44, 28, 41), 0.5);
		// unmoved picture: the content stays at the handle, 8 px from a target 8 px away
		assertEquals(8, ContentDistance.distance(a, a, w, w, 23, 44, 31, 44), 0.5);
	}

	/**
	 * The check the fidelity benchmark relies on (docs/algorithm.md#fidelity-benchmark): single-cell
	 * crops shifted by 0, 3 and 6 px in eight directions (whole pixels, the uncovered border filled
	 * with the background), handle on the nucleus' centroid as the benchmark picks it. The content
	 * is found where the shift put it, within 0.5 px, and its distance to a target 6 px away along
	 * the shift is 6 − shift.
	 */
	@Test
	public void measuresKnownTranslations() {
		final int w = 64;
		final int[][] dirs = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 }, { 1, 1 }, { -1, 1 }, { 1, -1 }, { -1, -1 } };
		double worst = 0;
		for (int img = 0; img < 4; img++) {
			final float[] a = new CellImageSynth(w, 11, 1, 3).centred(true).render(img);
			final int[] h = SalientPoint.blobCentroid(a, w, w, 10);
			for (final int[] d : dirs) {
				final double len = Math.hypot(d[0], d[1]);
				for (final int shift : new int[] { 0, 3, 6 }) {
					final int dx = (int) Math.round(shift * d[0] / len), dy = (int) Math.round(shift * d[1] / len);
					final float[] b = shifted(a, w, dx, dy);
					final double[] p = ContentDistance.find(a, b, w, w, h[0], h[1], h[0] + 6 * d[0] / len, h[1] + 6 * d[1] / len);
					final String what = "image " + img + ", handle " + h[0] + "," + h[1] + ", shift " + dx + "," + dy;
					assertEquals(what, h[0] + dx, p[0], 0.5);
					assertEquals(what, h[1] + dy, p[1], 0.5);
					final double expected = Math.hypot(h[0] + 6 * d[0] / len - h[0] - dx, h[1] + 6 * d[1] / len - h[1] - dy);
					final double got = ContentDistance.distance(a, b, w, w, h[0], h[1], h[0] + 6 * d[0] / len, h[1] + 6 * d[1] / len);
					assertEquals(what, expected, got, 0.5);
					worst = Math.max(worst, Math.abs(got - expected));
				}
			}
		}
		System.out.println("content distance on known translations: worst error " + worst + " px");
	}

	/** {@code a} moved by (dx, dy); uncovered pixels take the picture's minimum (the background). */
	private static float[] shifted(final float[] a, final int w, final int dx, final int dy) {
		float bg = Float.POSITIVE_INFINITY;
		for (final float v : a) bg = Math.min(bg, v);
		final float[] b = new float[a.length];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				final int sx = x - dx, sy = y - dy;
				b[y * w + x] = sx < 0 || sy < 0 || sx >= w || sy >= w ? bg : a[sy * w + sx];
			}
		return b;
	}
}
