package sc.fiji.draggan.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import sc.fiji.draggan.progress.Monitor;

/**
 * The 'content' stop rule on the bundled model (docs/algorithm.md#following-the-content): drags of
 * a nucleus' centroid 6 px away, where the official rule stops as soon as the tracker arrives (the
 * nucleus lagging), go on until the picture under the handle arrives too.
 */
public class ContentStopRuleTest {

	private static List<FidelityRow> bench(final ModelRegistry registry, final String stop) throws Exception {
		final FidelityBench.Settings s = new FidelityBench.Settings();
		s.model = DefaultModel.path();
		s.pairs = 3;
		s.device = "cpu";
		s.parameters = DragOptions.parameters(0, DragOptions.LAMBDA_MASK.defaultValue, 0, 0, -1, "w+", stop);
		return new FidelityBench(registry).run(s, Monitor.NONE, r -> {});
	}

	@Test
	public void theContentRuleMovesTheNucleusWhereTheTrackerRuleStopsEarly() throws Exception {
		try (ModelRegistry registry = new ModelRegistry()) {
			final List<FidelityRow> tracker = bench(registry, "tracker"), content = bench(registry, "content");
			assertEquals(3, tracker.size());
			assertEquals(3, content.size());
			double t = 0, c = 0;
			int lagging = 0;
			for (int i = 0; i < 3; i++) {
				final FidelityRow a = tracker.get(i), b = content.get(i);
				assertEquals("same pairs", a.handleX, b.handleX);
				t += a.check.content / 3;
				c += b.check.content / 3;
				if (a.check.lags()) lagging++;
				// a drag the content rule calls converged has its (trusted) content within the stop distance
				if (b.converged && b.contentNcc >= 0.8) assertTrue("pair " + i + ": content " + b.check.content, b.check.content <= 2.0 + 1e-6);
				assertTrue("pair " + i + ": the content rule takes at least the tracker rule's steps", b.steps >= a.steps);
			}
			assertTrue("the tracker rule lets some content lag on this model (else this test shows nothing): " + lagging, lagging >= 1);
			assertTrue("mean content distance: tracker rule " + t + " px, content rule " + c + " px", c < t - 1);
		}
	}
}
