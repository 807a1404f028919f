package sc.fiji.draggan.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import ij.gui.Line;
import ij.gui.PointRoi;
import ij.gui.Roi;
import sc.fiji.draggan.edit.PointPair;

public class DragPointsTest {

	@Test
	public void alternatingPointsMakePairs() {
		final PointRoi roi = new PointRoi(new float[] { 30, 40, 10, 12 }, new float[] { 24, 34, 5, 7 }, 4);
		final List<PointPair> pairs = DragPoints.fromRoi(roi);
		assertEquals("30,24>40,34;10,5>12,7", DragPoints.format(pairs));
	}

	@Test
	public void oddPointCountIsRefusedWithAReason() {
		final PointRoi roi = new PointRoi(new float[] { 30, 40, 10 }, new float[] { 24, 34, 5 }, 3);
		try {
			DragPoints.fromRoi(roi);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("3 points") && e.getMessage().contains("target"));
		}
	}

	@Test
	public void twoCountersPairHandlesWithTargetsInOrder() {
		// handles placed first with counter 0, then targets with counter 1
		final PointRoi roi = new PointRoi(new float[] { 30, 10, 40, 12 }, new float[] { 24, 5, 34, 7 }, 4);
		roi.setCounters(new int[] { 0, 0, 1, 1 });
		assertEquals("30,24>40,34;10,5>12,7", DragPoints.format(DragPoints.fromRoi(roi)));
	}

	@Test
	public void countersInterleavedStillPairByOrder() {
		final PointRoi roi = new PointRoi(new float[] { 30, 40, 10, 12 }, new float[] { 24, 34, 5, 7 }, 4);
		roi.setCounters(new int[] { 2, 3, 2, 3 });
		assertEquals("30,24>40,34;10,5>12,7", DragPoints.format(DragPoints.fromRoi(roi)));
	}

	@Test(expected = IllegalArgumentException.class)
	public void unequalCountersAreRefused() {
		final PointRoi roi = new PointRoi(new float[] { 30, 40, 10 }, new float[] { 24, 34, 5 }, 3);
		roi.setCounters(new int[] { 0, 0, 1 });
		DragPoints.fromRoi(roi);
	}

	@Test(expected = IllegalArgumentException.class)
	public void threeCountersAreRefused() {
		final PointRoi roi = new PointRoi(new float[] { 1, 2, 3, 4 }, new float[] { 1, 2, 3, 4 }, 4);
		roi.setCounters(new int[] { 0, 1, 2, 0 });
		DragPoints.fromRoi(roi);
	}

	@Test
	public void nonPointSelectionsAreRefused() {
		for (final Roi roi : new Roi[] { new Roi(1, 1, 5, 5), new Line(1, 1, 5, 5), null }) {
			try {
				DragPoints.fromRoi(roi);
				fail("accepted " + roi);
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("points"));
			}
		}
	}

	@Test
	public void parsesTheMacroSyntax() {
		assertEquals("30,24>40,34", DragPoints.format(DragPoints.parse("30,24>40,34")));
		assertEquals("30.5,24>40,34;1,2>3,4", DragPoints.format(DragPoints.parse(" 30.5, 24 > 40,34 ; 1,2>3,4; ")));
	}

	@Test
	public void formatIsTheInverseOfParse() {
		final List<PointPair> pairs = Arrays.asList(new PointPair(30.25, 24, 40, 34.5), new PointPair(1, 2, 3, 4));
		assertEquals("30.25,24>40,34.5;1,2>3,4", DragPoints.format(pairs));
		assertEquals(DragPoints.format(pairs), DragPoints.format(DragPoints.parse(DragPoints.format(pairs))));
	}

	@Test
	public void badMacroStringsSayWhatIsWrong() {
		for (final String bad : new String[] { "", "30,24", "30,24>40", "a,b>c,d", "1,2>3,4>5,6", "1,2,3>4,5" }) {
			try {
				DragPoints.parse(bad);
				fail("accepted '" + bad + "'");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("points"));
			}
		}
	}

	@Test
	public void pointsOutsideTheImageAreNamed() {
		DragPoints.checkInside(DragPoints.parse("0,0>63,63"), 64, 64);
		try {
			DragPoints.checkInside(DragPoints.parse("1,1>2,2;30,24>70,34"), 64, 64);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("target 2") && e.getMessage().contains("64x64"));
		}
		try {
			DragPoints.checkInside(DragPoints.parse("-1,5>2,2"), 64, 64);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("handle 1"));
		}
	}

	@Test
	public void toRoiRoundTrips() {
		final List<PointPair> pairs = DragPoints.parse("30,24>40,34;10,5>12,7");
		assertEquals(DragPoints.format(pairs), DragPoints.format(DragPoints.fromRoi(DragPoints.toRoi(pairs))));
	}

	@Test
	public void distanceIsEuclidean() {
		assertEquals(5.0, new PointPair(0, 0, 3, 4).distance(), 0);
	}
}
