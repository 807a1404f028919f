package sc.fiji.draggan.synth;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;

public class CellImageSynthTest {

	@Test
	public void sameSeedSameImages() {
		final CellImageSynth a = new CellImageSynth(64, 7), b = new CellImageSynth(64, 7);
		for (int i = 0; i < 3; i++) assertArrayEquals(a.render(i), b.render(i), 0f);
		// order of rendering does not matter
		final float[] second = new CellImageSynth(64, 7).render(2);
		assertArrayEquals(a.render(2), second, 0f);
	}

	@Test
	public void differentSeedsAndIndicesDiffer() {
		final CellImageSynth a = new CellImageSynth(64, 7);
		assertFalse(Arrays.equals(a.render(0), a.render(1)));
		assertFalse(Arrays.equals(a.render(0), new CellImageSynth(64, 8).render(0)));
	}

	@Test
	public void looksLikeFluorescence() {
		final CellImageSynth s = new CellImageSynth(64, 1);
		for (int i = 0; i < 20; i++) {
			final float[] img = s.render(i);
			assertEquals(64 * 64, img.length);
			int bright = 0;
			for (final float v : img) {
				assertTrue(v >= 0 && v <= 1);
				if (v > 0.25f) bright++;
			}
			// some nuclei but mostly dark background
			assertTrue("image " + i + " bright fraction " + bright, bright > 30 && bright < 0.8 * img.length);
		}
	}

	/** Fewer nuclei, less bright area; the default range renders what it always did. */
	@Test
	public void nucleiRangeSetsHowManyNuclei() {
		assertArrayEquals(new CellImageSynth(64, 3).render(4), new CellImageSynth(64, 3, 2, 7).render(4), 0f);
		long one = 0, many = 0;
		for (int i = 0; i < 40; i++) {
			for (final float v : new CellImageSynth(64, 3, 1, 1).render(i)) if (v > 0.25f) one++;
			for (final float v : new CellImageSynth(64, 3, 6, 6).render(i)) if (v > 0.25f) many++;
		}
		assertTrue("1 nucleus: " + one + " bright px, 6 nuclei: " + many, 2 * one < many);
	}

	/** Centred crops: a nucleus covers the centre of every image. */
	@Test
	public void centredCropsHaveANucleusInTheMiddle() {
		final CellImageSynth s = new CellImageSynth(64, 5, 1, 4).centred(true);
		for (int i = 0; i < 20; i++) {
			final float[] img = s.render(i);
			double centre = 0;
			for (int y = 28; y < 36; y++)
				for (int x = 28; x < 36; x++) centre += img[y * 64 + x] / 64;
			assertTrue("image " + i + ": centre mean " + centre, centre > 0.25);
		}
		assertFalse(Arrays.equals(s.render(0), new CellImageSynth(64, 5, 1, 4).render(0)));
	}

	/** Shifted crops: the first nucleus wanders (its position is what a drag should move); centred ones stay put. */
	@Test
	public void shiftedCropsMoveTheNucleus() {
		final double centred = centroidSpread(new CellImageSynth(64, 5, 1, 1).centred(true));
		final double shifted = centroidSpread(new CellImageSynth(64, 5, 1, 1).shifted(0.2));
		assertTrue("centred spread " + centred + " px", centred < 3);
		assertTrue("shifted spread " + shifted + " px", shifted > 5 && shifted < 0.2 * 64);
		assertArrayEquals(new CellImageSynth(64, 5, 1, 4).shifted(0.2).render(3), new CellImageSynth(64, 5, 1, 4).shifted(0.2).render(3), 0f);
	}

	/** RMS distance of the bright pixels' centroid from the image centre over 40 images. */
	private static double centroidSpread(final CellImageSynth s) {
		double sum = 0;
		for (int i = 0; i < 40; i++) {
			final float[] img = s.render(i);
			double w = 0, x = 0, y = 0;
			for (int p = 0; p < img.length; p++)
				if (img[p] > 0.3) {
					w += img[p];
					x += img[p] * (p % 64);
					y += img[p] * (p / 64);
				}
			sum += Math.pow(x / w - 31.5, 2) + Math.pow(y / w - 31.5, 2);
		}
		return Math.sqrt(sum / 40);
	}

	@Test(expected = IllegalArgumentException.class)
	public void rejectsABadShift() {
		new CellImageSynth(64, 5, 1, 4).shifted(0.9);
	}

	@Test(expected = IllegalArgumentException.class)
	public void centredNeedsANucleus() {
		new CellImageSynth(64, 0, 0, 2).centred(true);
	}

	@Test(expected = IllegalArgumentException.class)
	public void rejectsABadNucleiRange() {
		new CellImageSynth(64, 0, 3, 2);
	}

	@Test(expected = IllegalArgumentException.class)
	public void rejectsTinyResolution() {
		new CellImageSynth(2, 0);
	}
}
