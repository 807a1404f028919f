package sc.fiji.draggan.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Disc Ω1 with the official grid quirk, and the 1 px rule. */
public class MotionSupervisionTest {

	@Test
	public void discSizesMatchTheOfficialTrace() {
		// drag/small-lr0.02 trace.json: n_motion_px 28 at [24, 30] and 29 at [25, 30] (r1 = 3 px, 64 px image)
		assertEquals(28, MotionSupervision.discSize(24, 30, 3, 64, 64));
		assertEquals(29, MotionSupervision.discSize(25, 30, 3, 64, 64));
	}

	@Test
	public void quirkShiftsTheDiscTowardsTheOrigin() {
		// pixel i sits at i·64/63: row 55 is at 55.87, 2.13 from a handle on row 58, so it is inside the
		// radius-3 disc, which it would not be with exact indices (distance 3, not < 3)
		final int[][] d = MotionSupervision.disc(58, 58, 3, 64, 64);
		boolean has = false;
		for (int k = 0; k < d[0].length; k++) has |= d[0][k] == 55 && d[1][k] == 58;
		assertTrue(has);
		assertEquals(0f, MotionSupervision.linspace(64)[0], 0);
		assertEquals(64f, MotionSupervision.linspace(64)[63], 0);
		assertEquals(32 * 64 / 63.0, MotionSupervision.linspace(64)[32], 1e-5);
	}

	@Test
	public void handlesWithinOnePixelAddNoLoss() {
		assertNull(MotionSupervision.loss(null, null, null, 10, 10, 11, 10, 3));
		assertNull(MotionSupervision.loss(null, null, null, 10, 10, 10.6, 10.6, 3));
	}
}
