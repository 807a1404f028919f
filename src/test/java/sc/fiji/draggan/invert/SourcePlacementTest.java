package sc.fiji.draggan.invert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

public class SourcePlacementTest {

	private static float[] random(final int n, final long seed, final float scale) {
		final Random r = new Random(seed);
		final float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) Math.floor(r.nextDouble() * scale);
		return a;
	}

	@Test
	public void cropPutsTheSquareBackAndKeepsTheRestBitIdentical() {
		// 30x20 8-bit picture, crop 20x20 at (5, 0), model 10 px
		final float[] px = random(30 * 20, 1, 256);
		final InputImage src = InputImage.grey(px, 30, 20, InputImage.GREY8);
		final PreparedImage p = ImagePreparation.prepare(src, 1, 10, AspectFit.CROP, IntensityRange.AUTO);
		final SourcePlacement back = new SourcePlacement(src, p);
		assertEquals(30, back.width());
		assertEquals(20, back.height());
		// a flat generator picture: x = 0 is 127.5, which rounds to 128 in 8-bit
		final float[] flat = new float[100];
		final float[] out = back.place(flat, 1)[0];
		assertEquals(30 * 20, out.length);
		for (int y = 0; y < 20; y++) {
			for (int x = 0; x < 30; x++) {
				final float v = out[y * 30 + x];
				if (x < 5 || x >= 25) assertEquals("outside the crop at " + x + "," + y, Float.floatToIntBits(px[y * 30 + x]), Float.floatToIntBits(v));
				else assertEquals("inside the crop at " + x + "," + y, 128f, v, 0f);
			}
		}
	}

	@Test
	public void aPortraitModelsPictureGoesBackIntoItsBand() {
		// 40x30 8-bit picture, a StyleGAN-Human model of 8x16 (W x H): crop keeps the 15x30 band at (12, 0)
		final float[] px = random(40 * 30, 3, 256);
		final InputImage src = InputImage.grey(px, 40, 30, InputImage.GREY8);
		final PreparedImage p = ImagePreparation.prepare(src, 1, 8, 16, AspectFit.CROP, IntensityRange.AUTO);
		assertEquals("40x30 -> crop 15x30 at (12, 0) -> 8x16", p.geometry.toString());
		final float[] out = new SourcePlacement(src, p).place(new float[8 * 16], 1)[0];
		for (int y = 0; y < 30; y++) {
			for (int x = 0; x < 40; x++) {
				final float v = out[y * 40 + x];
				if (x < 12 || x >= 27) assertEquals("outside the band at " + x + "," + y, Float.floatToIntBits(px[y * 40 + x]), Float.floatToIntBits(v));
				else assertEquals("inside the band at " + x + "," + y, 128f, v, 0f);
			}
		}
		// padded: the 40x30 picture in a 40x80 region; the whole picture comes from rows 25..54 of it
		final PreparedImage pad = ImagePreparation.prepare(src, 1, 8, 16, AspectFit.PAD, IntensityRange.AUTO);
		assertEquals("40x30 -> pad 40x80 at (0, -25) -> 8x16", pad.geometry.toString());
		final float[] rows = new float[8 * 16];
		for (int y = 0; y < 16; y++) for (int x = 0; x < 8; x++) rows[y * 8 + x] = y < 8 ? -1f : 1f; // black top half, white bottom half
		final float[] back = new SourcePlacement(src, pad).place(rows, 1)[0];
		assertEquals(40 * 30, back.length);
		// the model's middle row (region row 40) is picture row 15: black above, white below
		assertEquals(0f, back[5 * 40 + 20], 0f);
		assertEquals(255f, back[25 * 40 + 20], 0f);
	}

	@Test
	public void theReconstructionOfTheSourceComesBackCloseToIt() {
		// a smooth 16-bit picture in a narrow display range: back in its own units, near the source where the model saw it
		final int w = 24, h = 40;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = 1000 + 10 * x + 5 * y;
		final InputImage src = new InputImage(new float[][] { px }, w, h, InputImage.GREY16, 1000, 1400);
		final PreparedImage p = ImagePreparation.prepare(src, 1, 12, AspectFit.CROP, IntensityRange.AUTO);
		final float[] out = new SourcePlacement(src, p).place(p.data, 1)[0];
		for (int y = 8; y < 32; y++) {
			for (int x = 1; x < w - 1; x++) {
				final float v = out[y * w + x];
				assertEquals("integer values", Math.rint(v), v, 0f);
				assertEquals("at " + x + "," + y, px[y * w + x], v, 12f); // within the resize's smoothing of a 2:1 ramp
			}
		}
		for (int y = 0; y < 8; y++) for (int x = 0; x < w; x++) assertEquals(px[y * w + x], out[y * w + x], 0f);
		for (int y = 32; y < h; y++) for (int x = 0; x < w; x++) assertEquals(px[y * w + x], out[y * w + x], 0f);
	}

	@Test
	public void padCoversTheWholePictureAndRgbStaysRgb() {
		final int w = 16, h = 8;
		final InputImage src = InputImage.rgb(random(w * h, 1, 256), random(w * h, 2, 256), random(w * h, 3, 256), w, h);
		final PreparedImage p = ImagePreparation.prepare(src, 3, 8, AspectFit.PAD, IntensityRange.AUTO);
		final float[] chw = new float[3 * 64];
		java.util.Arrays.fill(chw, 0, 64, 1f); // red
		java.util.Arrays.fill(chw, 64, 192, -1f);
		final float[][] out = new SourcePlacement(src, p).place(chw, 3);
		assertEquals(3, out.length);
		for (int i = 0; i < w * h; i++) {
			assertEquals(255f, out[0][i], 0f);
			assertEquals(0f, out[1][i], 0f);
			assertEquals(0f, out[2][i], 0f);
		}
	}

	@Test
	public void greySourceOfAnRgbModelGetsTheChannelMean() {
		final InputImage src = InputImage.grey(random(16, 4, 256), 4, 4, InputImage.GREY8);
		final PreparedImage p = ImagePreparation.prepare(src, 3, 4, AspectFit.CROP, IntensityRange.AUTO);
		final float[] chw = new float[48];
		java.util.Arrays.fill(chw, 0, 16, 1f); // R = 1, G = B = 0: mean 1/3 → 170
		final float[][] out = new SourcePlacement(src, p).place(chw, 3);
		assertEquals(1, out.length);
		for (final float v : out[0]) assertEquals(170f, v, 0f);
	}

	@Test
	public void wrongSizesAreRefused() {
		final InputImage src = InputImage.grey(new float[16], 4, 4, InputImage.GREY8);
		final PreparedImage p = ImagePreparation.prepare(src, 1, 4, AspectFit.CROP, IntensityRange.AUTO);
		try {
			new SourcePlacement(src, p).place(new float[15], 1);
			throw new AssertionError("accepted 15 values");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("1x4x4"));
		}
	}
}
