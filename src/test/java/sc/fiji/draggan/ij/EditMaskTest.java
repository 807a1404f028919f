package sc.fiji.draggan.ij;

import sc.fiji.draggan.edit.EditRegion;

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
	public void regionFollowsTheFitIntoModelPixels() {
		// a 40x20 picture padded to 40x40 and shrunk to 20x20: the left half of the picture is the left half of the model's middle rows
		final boolean[] left = new boolean[40 * 20];
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 20; x++) left[y * 40 + x] = true;
		final EditRegion m = new EditRegion(40, 20, left).toModel(new sc.fiji.draggan.invert.FitGeometry(40, 20, sc.fiji.draggan.invert.AspectFit.PAD, 20));
		assertEquals(20, m.width);
		assertTrue(m.movable(2, 10));
		assertFalse(m.movable(12, 10));
		assertFalse(m.movable(2, 2)); // padding
		assertEquals(10 * 10, m.count());
	}

	@Test
	public void rectangleMarksExactlyItsPixels() {
		final EditRegion m = EditMask.fromRois(Collections.<Roi> singletonList(new Roi(2, 3, 4, 5)), 10, 10);
		assertEquals(20, m.count());
		assertTrue(m.movable(2, 3));
		assertTrue(m.movable(5, 7));
		assertFalse(m.movable(5, 8));
		assertFalse(m.movable(6, 3));
	}

	@Test
	public void ovalFollowsItsShapeAndUnionsAdd() {
		final OvalRoi oval = new OvalRoi(10, 10, 20, 20);
		final EditRegion m = EditMask.fromRois(Collections.<Roi> singletonList(oval), 64, 64);
		assertTrue(m.movable(20, 20)); // centre
		assertFalse(m.movable(10, 10)); // bounding-box corner is outside the oval
		final int oval1 = m.count();
		assertEquals(Math.PI * 100, oval1, 25); // area of a radius-10 disc
		final EditRegion both = EditMask.fromRois(Arrays.<Roi> asList(oval, new Roi(40, 40, 10, 10)), 64, 64);
		assertEquals(oval1 + 100, both.count());
		final EditRegion overlapping = EditMask.fromRois(Arrays.<Roi> asList(new Roi(0, 0, 10, 10), new Roi(5, 5, 10, 10)), 64, 64);
		assertEquals(175, overlapping.count());
	}

	@Test
	public void roiPartlyOutsideIsClipped() {
		final EditRegion m = EditMask.fromRois(Collections.<Roi> singletonList(new Roi(-5, -5, 10, 10)), 64, 64);
		assertEquals(25, m.count());
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
		final EditRegion m = EditMask.fromMaskImage(new ImagePlus("mask", bp), 8, 6);
		assertEquals(2, m.count());
		assertTrue(m.movable(1, 2));
		assertTrue(m.movable(7, 5));
		final ByteProcessor back = EditMask.toProcessor(m);
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
