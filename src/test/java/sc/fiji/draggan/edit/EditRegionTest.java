package sc.fiji.draggan.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

public class EditRegionTest {

	@Test
	public void theAutomaticRegionIsACapsuleAroundEachDragPath() {
		// 64 px picture, an 8 px drag: margin 0.5·8 + 0.1·64 = 10.4 px around the segment (42,30)-(50,30)
		final PointPair p = new PointPair(42, 30, 50, 30);
		assertEquals(10.4, EditRegion.margin(p, 64), 1e-9);
		final EditRegion r = EditRegion.around(Collections.singletonList(p), 64, 64);
		assertTrue(r.movable(42, 30) && r.movable(46, 30) && r.movable(50, 30));
		assertTrue("beside the middle of the path", r.movable(46, 40) && r.movable(46, 20));
		assertFalse("beyond the margin beside the path", r.movable(46, 41) || r.movable(46, 19));
		assertTrue("around the ends", r.movable(32, 30) && r.movable(60, 30));
		assertFalse("beyond the ends", r.movable(31, 30) || r.movable(61, 30));
		assertFalse("corners of the bounding box", r.movable(33, 21) || r.movable(59, 39));
		assertFalse(r.movable(0, 0));
	}

	@Test
	public void longerDragsAndLargerPicturesGetWiderRegionsAndPairsAddUp() {
		final PointPair shortDrag = new PointPair(100, 100, 104, 100), longDrag = new PointPair(100, 100, 140, 100);
		assertTrue(EditRegion.margin(longDrag, 256) > EditRegion.margin(shortDrag, 256));
		assertTrue(EditRegion.margin(shortDrag, 512) > EditRegion.margin(shortDrag, 256));
		final EditRegion one = EditRegion.around(Collections.singletonList(shortDrag), 256, 256);
		final EditRegion both = EditRegion.around(Arrays.asList(shortDrag, new PointPair(20, 20, 30, 30)), 256, 256);
		assertTrue(both.count() > one.count());
		assertTrue(both.movable(25, 25) && !one.movable(25, 25));
		// clipped at the picture's border
		final EditRegion edge = EditRegion.around(Collections.singletonList(new PointPair(0, 0, 2, 0)), 32, 16);
		assertTrue(edge.movable(0, 0) && edge.count() < 32 * 16);
	}
}
