package sc.fiji.draggan.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import ij.ImagePlus;
import ij.gui.Arrow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import sc.fiji.draggan.edit.PointPair;

public class ResultStackTest {

	@Test
	public void framesGetLabelsAndTheirOwnArrows() {
		final ResultStack rs = new ResultStack(ResultStack.titleFor("seed 0"), 64, 64, true, false);
		final List<PointPair> start = Arrays.asList(new PointPair(30, 24, 40, 34), new PointPair(10, 10, 10, 20));
		rs.add(new ByteProcessor(64, 64), 0, start);
		rs.add(new ByteProcessor(64, 64), 5, Arrays.asList(start.get(0).withHandle(34, 28), start.get(1).withHandle(10, 19)));
		final ImagePlus imp = rs.image();
		assertEquals("seed 0 (Drag GAN)", imp.getTitle());
		assertEquals(2, imp.getStackSize());
		assertEquals("step 0: d=14.14, 10.00", imp.getStack().getSliceLabel(1));
		assertEquals("step 5: d=8.49, 1.00", imp.getStack().getSliceLabel(2));
		final Overlay o = imp.getOverlay();
		int arrows1 = 0, arrows2 = 0, dots2 = 0;
		for (int i = 0; i < o.size(); i++) {
			final Roi r = o.get(i);
			if (r instanceof Arrow && r.getPosition() == 1) arrows1++;
			if (r instanceof Arrow && r.getPosition() == 2) arrows2++;
			if (!(r instanceof Arrow) && r.getPosition() == 2) dots2++;
		}
		assertEquals(2, arrows1);
		assertEquals(1, arrows2); // the second pair is within a dot radius of its target: no arrow
		assertEquals(4, dots2);
	}

	@Test
	public void titleIsTheSourceTitlePlusDragGan() {
		assertEquals("a (Drag GAN)", ResultStack.titleFor("a"));
		assertEquals("a (Drag GAN) (Drag GAN)", ResultStack.titleFor("a (Drag GAN)"));
	}

	@Test
	public void noArrowsWhenSwitchedOff() {
		final ResultStack rs = new ResultStack("t", 16, 16, false, false);
		rs.add(new ByteProcessor(16, 16), 0, Arrays.asList(new PointPair(1, 1, 10, 10)));
		assertTrue(rs.image().getOverlay() == null || rs.image().getOverlay().size() == 0);
	}

	@Test(expected = IllegalArgumentException.class)
	public void framesMustHaveTheStackSize() {
		new ResultStack("t", 16, 16, false, false).add(new ByteProcessor(8, 8), 0, Arrays.<PointPair> asList());
	}

	@Test
	public void removeAllKeepsForeignOverlayElements() {
		final Overlay o = new Overlay();
		o.add(new Roi(0, 0, 3, 3), "mine");
		Arrows.add(o, Arrays.asList(new PointPair(1, 1, 30, 30)), 0, 64);
		assertEquals(4, o.size());
		Arrows.removeAll(o);
		assertEquals(1, o.size());
		assertEquals("mine", o.get(0).getName());
	}
}
