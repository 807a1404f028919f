package sc.fiji.draggan.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;

public class EditMaskTest {

	@Test
	public void rectangleMarksExactlyItsPixels() {
		final boolean[] m = EditMask.fromRois(Collections.<Roi> singletonList(new Roi(2, 3, 4, 5)), 10, 10);
		assertEquals(20, EditMask.count(m));
		assertTrue(m[3 * 10 + 2]);
		assertTrue(m[7 * 10 + 5]);
		assertFalse(m[8 * 10 + 5]);
		assertFalse(m[3 * 10 + 6]);
	}

	@Test
	public void ovalFollowsItsShapeAndUnionsAdd() {
		final OvalRoi oval = new OvalRoi(10, 10, 20, 20);
		final boolean[] m = EditMask.fromRois(Collections.<Roi> singletonList(oval), 64, 64);
		assertTrue(m[20 * 64 + 20]); // centre
		assertFalse(m[10 * 64 + 10]); // bounding-box corner is outside the oval
		final int oval1 = EditMask.count(m);
		assertEquals(Math.PI * 100, oval1, 25); // area of a radius-10 disc
		final boolean[] both = EditMask.fromRois(Arrays.<Roi> asList(oval, new Roi(40, 40, 10, 10)), 64, 64);
		assertEquals(oval1 + 100, EditMask.count(both));
		final boolean[] overlapping = EditMask.fromRois(Arrays.<Roi> asList(new Roi(0, 0, 10, 10), new Roi(5, 5, 10, 10)), 64, 64);
		assertEquals(175, EditMask.count(overlapping));
	}

	@Test
	public void roiPartlyOutsideIsClipped() {
		final boolean[] m = EditMask.fromRois(Collections.<Roi> singletonList(new Roi(-5, -5, 10, 10)), 64, 64);
		assertEquals(25, EditMask.count(m));
	}

	@Test
	public void roiOutsideTheImageIsRefused() {
		try {
			EditMask.fromRois(Collections.<Roi> singletonList(new Roi(70, 70, 10, 10)), 64, 64);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("outside"));
		}
	}

	@Test
	public void pointSelectionIsNotAnEditRegion() {
		try {
			EditMask.fromRois(Collections.<Roi> singletonList(new PointRoi(3, 3)), 64, 64);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("area"));
		}
	}

	@Test
	public void maskImageNonZeroIsMovable() {
		final ByteProcessor bp = new ByteProcessor(8, 6);
		bp.set(1, 2, 255);
		bp.set(7, 5, 1);
		final boolean[] m = EditMask.fromMaskImage(new ImagePlus("mask", bp), 8, 6);
		assertEquals(2, EditMask.count(m));
		assertTrue(m[2 * 8 + 1]);
		assertTrue(m[5 * 8 + 7]);
		final ByteProcessor back = EditMask.toProcessor(m, 8, 6);
		assertEquals(255, back.get(1, 2));
		assertEquals(0, back.get(0, 0));
	}

	@Test(expected = IllegalArgumentException.class)
	public void maskImageOfWrongSizeIsRefused() {
		EditMask.fromMaskImage(new ImagePlus("mask", new ByteProcessor(8, 6)), 8, 8);
	}

	@Test(expected = IllegalArgumentException.class)
	public void emptyMaskImageIsRefused() {
		EditMask.fromMaskImage(new ImagePlus("mask", new ByteProcessor(8, 6)), 8, 6);
	}
}
