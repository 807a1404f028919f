package sc.fiji.draggan.invert;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import sc.fiji.draggan.edit.EditRegion;

/**
 * The one fit of a picture to a model's picture, for non-square (StyleGAN-Human, H = 2W) models:
 * crop or pad to the model's aspect, then resize; points, regions and prepared images through it.
 * Pure geometry, no model needed.
 */
public class FitGeometryTest {

	/** A StyleGAN-Human picture: 32 wide, 64 high. */
	private static final int MW = 32, MH = 64;

	@Test
	public void squarePicturesAreCroppedOrPaddedToTheModelsAspect() {
		final FitGeometry crop = new FitGeometry(100, 100, AspectFit.CROP, MW, MH);
		// the central 50x100 band: the whole height, half the width
		assertEquals(50, crop.regionWidth);
		assertEquals(100, crop.regionHeight);
		assertEquals(25, crop.offsetX);
		assertEquals(0, crop.offsetY);
		assertFalse(crop.padded());
		assertTrue(crop.covers(25, 0) && crop.covers(74, 99) && !crop.covers(24, 50) && !crop.covers(75, 50));
		assertEquals("100x100 -> crop 50x100 at (25, 0) -> 32x64", crop.toString());
		final FitGeometry pad = new FitGeometry(100, 100, AspectFit.PAD, MW, MH);
		// the whole picture in a 100x200 region, padded above and below
		assertEquals(100, pad.regionWidth);
		assertEquals(200, pad.regionHeight);
		assertEquals(0, pad.offsetX);
		assertEquals(-50, pad.offsetY);
		assertTrue(pad.padded());
		// one scale in both directions: no distortion
		assertEquals(crop.scaleX(), crop.scaleY(), 1e-12);
		assertEquals(pad.scaleX(), pad.scaleY(), 1e-12);
	}

	@Test
	public void pointsMapBothWaysThroughPixelCentres() {
		for (final AspectFit fit : AspectFit.values()) {
			for (final int[] size : new int[][] { { 100, 100 }, { 300, 200 }, { 40, 90 }, { 33, 65 }, { 64, 128 }, { 7, 300 } }) {
				final FitGeometry g = new FitGeometry(size[0], size[1], fit, MW, MH);
				// the centre of the picture is the centre of the model's picture (up to half a source pixel of rounding)
				final double[] c = g.toModel(size[0] / 2.0, size[1] / 2.0);
				assertEquals(g.toString(), MW / 2.0, c[0], 0.5 / g.scaleX() + 1e-9);
				assertEquals(g.toString(), MH / 2.0, c[1], 0.5 / g.scaleY() + 1e-9);
				// the model's corners are the region's corners
				assertArrayEquals(new double[] { g.offsetX, g.offsetY }, g.toSource(0, 0), 1e-9);
				assertArrayEquals(new double[] { g.offsetX + g.regionWidth, g.offsetY + g.regionHeight }, g.toSource(MW, MH), 1e-9);
				for (final double[] p : new double[][] { { 0.5, 0.5 }, { 3.25, 17 }, { size[0] - 0.5, size[1] - 0.5 } }) {
					final double[] m = g.toModel(p[0], p[1]);
					assertArrayEquals(g.toString(), p, g.toSource(m[0], m[1]), 1e-9);
				}
				// the region has the model's aspect to within one source pixel, and holds (PAD) or lies in (CROP) the picture
				assertEquals(g.toString(), (double) g.regionWidth * MH / MW, g.regionHeight, 1.0);
				if (fit == AspectFit.CROP) assertTrue(g.toString(), g.regionWidth <= size[0] && g.regionHeight <= size[1] && g.offsetX >= 0 && g.offsetY >= 0);
				else assertTrue(g.toString(), g.regionWidth >= size[0] && g.regionHeight >= size[1] && g.offsetX <= 0 && g.offsetY <= 0);
				assertTrue(g.toString(), g.regionWidth == size[0] || g.regionHeight == size[1]);
			}
		}
	}

	@Test
	public void aPictureOfTheModelsAspectIsOnlyResized() {
		for (final AspectFit fit : AspectFit.values()) {
			final FitGeometry g = new FitGeometry(64, 128, fit, MW, MH);
			assertEquals(0, g.offsetX);
			assertEquals(0, g.offsetY);
			assertEquals(2, g.scaleX(), 0);
			assertEquals(2, g.scaleY(), 0);
			assertFalse(g.padded());
			assertArrayEquals(new double[] { 5, 10 }, g.toModel(10, 20), 0);
		}
	}

	@Test
	public void squareModelsKeepTheSquareRule() {
		// the rule square models always had: side = shorter (crop) or longer (pad) edge, centred
		for (final AspectFit fit : AspectFit.values()) {
			for (int w = 1; w < 40; w += 3) {
				for (int h = 1; h < 40; h += 5) {
					final FitGeometry g = new FitGeometry(w, h, fit, 16);
					final int side = fit == AspectFit.CROP ? Math.min(w, h) : Math.max(w, h);
					assertEquals(side, g.regionWidth);
					assertEquals(side, g.regionHeight);
					assertEquals((w - side) / 2, g.offsetX);
					assertEquals((h - side) / 2, g.offsetY);
					assertEquals(fit == AspectFit.PAD && w != h, g.padded());
				}
			}
		}
	}

	@Test
	public void editRegionsAreMappedOntoTheModelsPicture() {
		// a 100x100 picture whose left half may change, padded to the 2:1 model
		final boolean[] left = new boolean[100 * 100];
		for (int y = 0; y < 100; y++) for (int x = 0; x < 50; x++) left[y * 100 + x] = true;
		final EditRegion r = new EditRegion(100, 100, left).toModel(new FitGeometry(100, 100, AspectFit.PAD, MW, MH));
		assertEquals(MW, r.width);
		assertEquals(MH, r.height);
		// picture rows 0..99 are model rows 16..47; columns 0..49 are model columns 0..15
		for (int y = 0; y < MH; y++) {
			for (int x = 0; x < MW; x++) assertEquals(x + "," + y, y >= 16 && y < 48 && x < 16, r.movable(x, y));
		}
		// cropped: the central band 25..74 holds the left region's columns 25..49, model columns 0..15
		final EditRegion c = new EditRegion(100, 100, left).toModel(new FitGeometry(100, 100, AspectFit.CROP, MW, MH));
		assertEquals(16 * MH, c.count());
		assertTrue(c.movable(15, 0) && !c.movable(16, 63));
	}

	@Test
	public void preparedPicturesHaveTheModelsShapeAndMaskThePadding() {
		final int w = 40, h = 40;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = x < w / 2 ? 0 : 255;
		final PreparedImage pad = ImagePreparation.prepare(InputImage.grey(px, w, h, 8), 1, MW, MH, AspectFit.PAD, IntensityRange.AUTO);
		assertEquals(MW, pad.width);
		assertEquals(MH, pad.height);
		assertEquals(MW * MH, pad.data.length);
		assertNotNull(pad.mask);
		// rows 16..47 come from the picture (the resize blurs the edge by one row each side), the others are padding
		for (int y = 0; y < MH; y++) {
			if (y < 15 || y > 48) assertEquals("row " + y, 0f, pad.mask[y * MW + 3], 1e-6);
			else if (y > 16 && y < 47) assertEquals("row " + y, 1f, pad.mask[y * MW + 3], 1e-6);
			else assertTrue("row " + y, pad.mask[y * MW + 3] > 0 && pad.mask[y * MW + 3] < 1);
		}
		assertTrue(pad.data[30 * MW + 2] < -0.9 && pad.data[30 * MW + 29] > 0.9);
		final PreparedImage crop = ImagePreparation.prepare(InputImage.grey(px, w, h, 8), 1, MW, MH, AspectFit.CROP, IntensityRange.AUTO);
		assertNull(crop.mask);
		assertEquals(20, crop.geometry.regionWidth);
		assertEquals(10, crop.geometry.offsetX);
		// the central band 10..29: the left half black, the right half white
		assertTrue(crop.data[30 * MW + 2] < -0.9 && crop.data[30 * MW + 29] > 0.9);
		assertEquals(1, crop.toSource(crop.data).length);
		assertEquals(MW * MH, crop.toSource(crop.data)[0].length);
	}
}
