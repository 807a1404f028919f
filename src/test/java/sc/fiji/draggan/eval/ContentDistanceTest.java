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
}
