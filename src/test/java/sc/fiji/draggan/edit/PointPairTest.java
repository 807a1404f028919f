package sc.fiji.draggan.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import sc.fiji.draggan.model.GeneratorConfig;

/** Point parsing, bad input, and the parameter defaults and small-model rule. */
public class PointPairTest {

	@Test
	public void parsesPairsInImageJOrder() {
		final List<PointPair> p = PointPair.parseList(" 30,24>40,34 ; 1.5,2>3,4");
		assertEquals(2, p.size());
		assertEquals(30, p.get(0).handleX, 0);
		assertEquals(24, p.get(0).handleY, 0);
		assertEquals(40, p.get(0).targetX, 0);
		assertEquals(34, p.get(0).targetY, 0);
		assertEquals(1.5, p.get(1).handleX, 0);
		assertEquals("30,24>40,34", p.get(0).toString());
	}

	@Test
	public void badPointListsGiveClearErrors() {
		expect("no points", "");
		expect("no points", " ; ");
		expect("x,y>tx,ty", "1,2");
		expect("x,y>tx,ty", "1,2>3,4>5,6");
		expect("two numbers", "1,2>3");
		expect("two numbers", "a,2>3,4");
		try {
			PointPair.fromAlternating(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 });
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("odd number"));
		}
		try {
			PointPair.checkInside(PointPair.parseList("1,2>64,3"), 64, 64);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("target 1") && e.getMessage().contains("outside"));
		}
		PointPair.checkInside(PointPair.parseList("0,0>63,63"), 64, 64);
	}

	private static void expect(final String fragment, final String text) {
		try {
			PointPair.parseList(text);
			fail("accepted '" + text + "'");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}

	@Test
	public void defaultsFollowTheOfficialScalingWithFloorsForSmallModels() {
		final GeneratorConfig c = new GeneratorConfig();
		c.imgResolution = 512;
		DragParameters.Resolved r = new DragParameters().resolve(c);
		assertEquals(Arrays.asList(3, 12, 5, 128), Arrays.asList(r.r1, r.r2, r.featureBlock, r.featureResolution));
		assertEquals(2.0, r.stopDistance, 0);
		assertEquals(6, r.optimisedLayers);
		c.imgResolution = 1024;
		r = new DragParameters().resolve(c);
		assertEquals(Arrays.asList(6, 24, 5), Arrays.asList(r.r1, r.r2, r.featureBlock));
		assertEquals(4.0, r.stopDistance, 0);
		c.imgResolution = 256;
		r = new DragParameters().resolve(c);
		assertEquals(Arrays.asList(2, 6, 5), Arrays.asList(r.r1, r.r2, r.featureBlock)); // round(1.5) = 2
		c.imgResolution = 64;
		r = new DragParameters().resolve(c);
		assertEquals(Arrays.asList(2, 6, 3, 32), Arrays.asList(r.r1, r.r2, r.featureBlock, r.featureResolution));
		c.imgResolution = 8;
		r = new DragParameters().resolve(c);
		assertEquals(0, r.featureBlock);
		assertEquals(4, r.optimisedLayers); // num_ws = 4
		final DragParameters bad = new DragParameters();
		bad.featureBlock = 2;
		try {
			bad.resolve(c);
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("feature block"));
		}
	}
}
