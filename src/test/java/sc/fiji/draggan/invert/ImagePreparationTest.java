package sc.fiji.draggan.invert;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import org.junit.Test;

import sc.fiji.draggan.model.GeneratorImage;

public class ImagePreparationTest {

	private static float[] random(final int n, final long seed, final float scale) {
		final Random r = new Random(seed);
		final float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) Math.floor(r.nextDouble() * scale);
		return a;
	}

	@Test
	public void eightBitAtModelSizeMapsExactlyAndBack() {
		final float[] px = random(16 * 16, 1, 256);
		final PreparedImage p = ImagePreparation.prepare(InputImage.grey(px, 16, 16, 8), 1, 16, AspectFit.CROP, IntensityRange.AUTO);
		assertEquals(1, p.channels);
		assertNull(p.mask);
		for (int i = 0; i < px.length; i++) assertEquals(px[i] / 255f * 2 - 1, p.data[i], 1e-6);
		// back through the mapping: exact for integer types
		assertArrayEquals(px, p.toSource(p.data)[0], 0f);
	}

	@Test
	public void mappingBackAgreesWithTheOfficialUint8Conversion() {
		final IntensityMapping m = new IntensityMapping(0, 255, InputImage.GREY8);
		final Random r = new Random(3);
		for (int i = 0; i < 10000; i++) {
			final float x = (float) (r.nextDouble() * 2.2 - 1.1);
			final double ours = m.toSource(x);
			final int official = GeneratorImage.toUint8(x);
			// official truncation of x·127.5+128 == rounding of x·127.5+127.5 except exactly at .5 ties
			assertTrue("x=" + x + " ours " + ours + " official " + official, Math.abs(ours - official) <= (isTie(x) ? 1 : 0));
		}
		for (int u = 0; u < 256; u++) assertEquals(u, GeneratorImage.toUint8(m.toGenerator(u)));
	}

	private static boolean isTie(final float x) {
		final double v = x * 127.5 + 127.5;
		return Math.abs(v - Math.floor(v) - 0.5) < 1e-4;
	}

	@Test
	public void sixteenBitUsesTheDisplayRangeAndClamps() {
		final float[] px = { 100, 200, 300, 1000 };
		final InputImage img = new InputImage(new float[][] { px }, 2, 2, InputImage.GREY16, 200, 300);
		final PreparedImage p = ImagePreparation.prepare(img, 1, 2, AspectFit.CROP, IntensityRange.AUTO);
		assertArrayEquals(new float[] { -1, -1, 1, 1 }, p.data, 1e-6f);
		assertEquals(250.0, p.mapping.toSource(0f), 1e-9);
		final PreparedImage full = ImagePreparation.prepare(img, 1, 2, AspectFit.CROP, IntensityRange.TYPE);
		assertEquals(100 / 65535.0 * 2 - 1, full.data[0], 1e-6);
		final PreparedImage data = ImagePreparation.prepare(img, 1, 2, AspectFit.CROP, IntensityRange.DATA);
		assertEquals(-1, data.data[0], 1e-6);
		assertEquals(1, data.data[3], 1e-6);
	}

	@Test
	public void floatImageWithNaNAndFlatRangeIsHandled() {
		final float[] px = { Float.NaN, 5, 5, 5 };
		final InputImage img = new InputImage(new float[][] { px }, 2, 2, InputImage.FLOAT32, 5, 5);
		final PreparedImage p = ImagePreparation.prepare(img, 3, 2, AspectFit.CROP, IntensityRange.AUTO);
		assertEquals(3, p.channels);
		for (final float v : p.data) assertTrue(!Float.isNaN(v) && v >= -1 && v <= 1);
		assertEquals(ChannelConversion.GREY_TO_RGB, p.conversion);
		assertEquals(1, p.toSource(p.data).length); // back to one grey plane
	}

	@Test
	public void rgbToGreyModelTakesTheMean() {
		final InputImage img = InputImage.rgb(new float[] { 255 }, new float[] { 0 }, new float[] { 0 }, 1, 1);
		final PreparedImage p = ImagePreparation.prepare(img, 1, 1, AspectFit.CROP, IntensityRange.AUTO);
		assertEquals(85f / 255 * 2 - 1, p.data[0], 1e-6);
		assertEquals(3, p.toSource(p.data).length);
	}

	@Test
	public void cropKeepsTheCentreAndResizeAverages() {
		// 8x4 image, left half 0, right half 255 in the central square columns 2..5
		final int w = 8, h = 4;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = x < 4 ? 0 : 255;
		final PreparedImage p = ImagePreparation.prepare(InputImage.grey(px, w, h, 8), 1, 2, AspectFit.CROP, IntensityRange.AUTO);
		assertEquals(2, p.geometry.offsetX);
		assertEquals(0, p.geometry.offsetY);
		assertEquals(4, p.geometry.regionWidth);
		assertEquals(4, p.geometry.regionHeight);
		assertTrue(p.data[0] < -0.5 && p.data[1] > 0.5);
		// mean is preserved by the area-averaging resize
		double mean = 0;
		for (final float v : p.data) mean += v / 4;
		assertEquals(0, mean, 1e-6);
	}

	@Test
	public void padMasksThePadding() {
		final int w = 4, h = 2;
		final float[] px = new float[w * h];
		java.util.Arrays.fill(px, 255);
		final PreparedImage p = ImagePreparation.prepare(InputImage.grey(px, w, h, 8), 1, 4, AspectFit.PAD, IntensityRange.AUTO);
		assertEquals(-1, p.geometry.offsetY);
		assertNotNull(p.mask);
		assertEquals(0f, p.mask[0], 1e-6); // top row is padding
		assertEquals(1f, p.mask[4 * 1 + 1], 1e-6);
		assertEquals(0f, p.mask[4 * 3 + 1], 1e-6);
		assertEquals(1f, p.data[4 * 1 + 1], 1e-6);
		// the padding takes the border mean (all 255 here)
		assertEquals(1f, p.data[0], 1e-6);
	}

	@Test
	public void geometryMapsPointsBothWays() {
		final FitGeometry g = new FitGeometry(300, 200, AspectFit.CROP, 64);
		final double[] m = g.toModel(150, 100);
		assertEquals(32, m[0], 1e-9);
		assertEquals(32, m[1], 1e-9);
		final double[] s = g.toSource(m[0], m[1]);
		assertEquals(150, s[0], 1e-9);
		assertEquals(100, s[1], 1e-9);
		assertTrue(g.covers(50, 0) && !g.covers(49, 0));
		final FitGeometry pad = new FitGeometry(300, 200, AspectFit.PAD, 64);
		assertEquals(-50, pad.offsetY);
		assertEquals(0, pad.toModel(0, -50)[1], 1e-9);
	}

	@Test
	public void upsamplingIsBilinearAndKeepsConstants() {
		final float[] c = new float[9];
		java.util.Arrays.fill(c, 0.25f);
		for (final float v : Resampler.resize(c, 3, 3, 7, 7)) assertEquals(0.25f, v, 1e-6);
		final float[] ramp = { 0, 1 };
		final float[] up = Resampler.resize(ramp, 2, 1, 4, 1);
		assertArrayEquals(new float[] { 0, 0.25f, 0.75f, 1 }, up, 1e-6f);
	}

	@Test
	public void badInputGivesClearErrors() {
		expect(() -> new InputImage(new float[][] { new float[4], new float[4] }, 2, 2, 8, 0, 255), "2 channels");
		expect(() -> new InputImage(new float[][] { new float[3] }, 2, 2, 8, 0, 255), "does not hold");
		expect(() -> new InputImage(new float[][] { new float[4] }, 2, 2, 12, 0, 255), "bit depth");
		expect(() -> new InputImage(new float[][] { new float[0] }, 0, 2, 8, 0, 255), "empty");
		expect(() -> ChannelConversion.of(3, 4), "4-channel model");
		expect(() -> AspectFit.parse("stretch"), "crop or pad");
	}

	private static void expect(final Runnable r, final String fragment) {
		try {
			r.run();
			fail("expected an error mentioning '" + fragment + "'");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}
}
