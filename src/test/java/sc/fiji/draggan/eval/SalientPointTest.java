package sc.fiji.draggan.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

import sc.fiji.draggan.model.GeneratorImage;

public class SalientPointTest {

	/** A bright disc at (40, 21), a dimmer larger one elsewhere, noise: the handle is the bright disc's centre. */
	@Test
	public void findsTheCentroidOfTheBrightestBlob() {
		final int w = 64, h = 64;
		final float[] img = new float[w * h];
		final Random r = new Random(3);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float v = -0.8f + 0.05f * (float) r.nextGaussian();
				if (Math.hypot(x - 40, y - 21) <= 7) v = 0.9f + 0.05f * (float) r.nextGaussian();
				else if (Math.hypot(x - 15, y - 45) <= 10) v = 0.5f + 0.05f * (float) r.nextGaussian();
				img[y * w + x] = v;
			}
		assertArrayEquals(new int[] { 40, 21 }, SalientPoint.blobCentroid(img, w, h, 4));
		final double[] c = SalientPoint.blobCentre(img, w, h, 4);
		assertEquals(40, c[0], 0.05);
		assertEquals(21, c[1], 0.05);
		assertArrayEquals(new int[] { 40, 21 }, SalientPoint.of(new GeneratorImage(1, h, w, img), 4));
	}

	/** The blob found again after it moved by (3, -2) and a brighter one appeared elsewhere: the overlapping one, not the brightest. */
	@Test
	public void findsTheSameBlobAgain() {
		final int w = 64;
		final float[] a = new float[w * w], b = new float[w * w];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				a[y * w + x] = Math.hypot(x - 30, y - 30) <= 6 ? 0.8f : -1f;
				b[y * w + x] = Math.hypot(x - 33, y - 28) <= 6 ? 0.8f : Math.hypot(x - 10, y - 50) <= 5 ? 1f : -1f;
			}
		final double[] c = SalientPoint.blobCentreAgain(b, w, w, SalientPoint.blob(a, w, w, 5));
		assertEquals(33, c[0], 1e-9);
		assertEquals(28, c[1], 1e-9);
		assertArrayEquals(new int[] { 10, 50 }, SalientPoint.blobCentroid(b, w, w, 5));
		final float[] gone = new float[w * w];
		for (int i = 0; i < gone.length; i++) gone[i] = i % w < 8 ? 1f : -1f;
		assertEquals(null, SalientPoint.blobCentreAgain(gone, w, w, SalientPoint.blob(a, w, w, 5)));
	}

	/** The blob's centroid, not its brightest pixel: an off-centre hot spot does not move the handle. */
	@Test
	public void usesTheWholeBlobNotItsPeak() {
		final int w = 48, h = 40;
		final float[] img = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				img[y * w + x] = Math.hypot(x - 20, y - 18) <= 6 ? 0.6f : -1f;
				if (x == 23 && y == 16) img[y * w + x] = 1f;
			}
		assertArrayEquals(new int[] { 20, 18 }, SalientPoint.blobCentroid(img, w, h, 3));
	}

	/** A centroid near the border is kept {@code margin} px inside. */
	@Test
	public void keepsTheMargin() {
		final int w = 32;
		final float[] img = new float[w * w];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) img[y * w + x] = Math.hypot(x - 4, y - 16) <= 3 ? 1f : 0f;
		assertArrayEquals(new int[] { 6, 16 }, SalientPoint.blobCentroid(img, w, w, 6));
	}

	/** Colour pictures: the textured square in a flat picture is where the contrast is. */
	@Test
	public void findsStrongContrastInColourPictures() {
		final int w = 64, n = w * w;
		final float[] rgb = new float[3 * n];
		final Random r = new Random(5);
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				final boolean textured = Math.abs(x - 45) <= 3 && Math.abs(y - 12) <= 3;
				for (int c = 0; c < 3; c++) rgb[c * n + y * w + x] = textured ? (float) r.nextGaussian() : 0.2f * c;
			}
		final int[] p = SalientPoint.of(new GeneratorImage(3, w, w, rgb), 5);
		assertEquals(45, p[0], 1);
		assertEquals(12, p[1], 1);
	}

	@Test(expected = IllegalArgumentException.class)
	public void refusesAMarginLargerThanThePicture() {
		SalientPoint.blobCentroid(new float[16], 4, 4, 2);
	}
}
