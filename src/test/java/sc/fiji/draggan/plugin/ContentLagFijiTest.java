package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collections;

import org.junit.Test;

import ij.process.ByteProcessor;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.Outcomes;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.ij.ResultInfo;
import sc.fiji.draggan.ij.ResultStack;

/** Fiji says plainly when the tracker reached the target but the content did not follow (docs/algorithm.md#content-lag). */
public class ContentLagFijiTest {

	private static final String WARNING = "the tracker reached the target, but the content moved 0.6 of 6.0 px (5.4 px from the target)";

	@Test
	public void infoAndToolStatusSayTheContentLags() {
		final DragOutcome r = Outcomes.oneDrag(true, 1.2, 0.6);
		final String info = ResultInfo.edited("cells", r, "none", "n_steps=300");
		assertTrue(info, info.contains("content check (model px): start 6.00, tracked 1.20, content 5.40, content moved 0.60\n"));
		assertTrue(info, info.contains("warning: " + WARNING + "\n"));
		assertEquals("converged after 40 steps; tracked 1.20 px, content 5.40 px; " + WARNING + " (right-click the tool icon to undo)", DragGanTool
			.status(r));
	}

	@Test
	public void noWarningWhenTheContentFollowed() {
		final DragOutcome r = Outcomes.oneDrag(true, 1.2, 4.5);
		final String info = ResultInfo.edited("cells", r, "none", "n_steps=300");
		assertTrue(info, info.contains("content check (model px): start 6.00, tracked 1.20, content 1.50, content moved 4.50\n"));
		assertFalse(info, info.contains("warning"));
		assertEquals("converged after 40 steps; tracked 1.20 px, content 1.50 px (right-click the tool icon to undo)", DragGanTool.status(r));
	}

	@Test
	public void theLastFrameLabelCarriesTheContentDistance() {
		final ResultStack s = new ResultStack("t", 8, 8, false, false);
		s.add(new ByteProcessor(8, 8), 0, Collections.singletonList(new PointPair(1, 1, 7, 1)));
		s.add(new ByteProcessor(8, 8), 12, Collections.singletonList(new PointPair(6, 1, 7, 1)));
		s.noteOnLastFrame("content 5.40");
		assertEquals("step 0: d=6.00", s.image().getStack().getSliceLabel(1));
		assertEquals("step 12: d=1.00; content 5.40", s.image().getStack().getSliceLabel(2));
	}
}
