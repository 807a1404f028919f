package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.model.GeneratorImage;

/** Drag results made directly, for tests of what entry points show (no generator, no steps run). */
public final class DragResults {

	private DragResults() {}

	/** {@code steps} recorded steps, each with the final handles; the frame of step 0 and the final frame. */
	public static DragResult of(final GeneratorImage start, final GeneratorImage end, final List<PointPair> finalPoints, final int steps,
		final boolean converged)
	{
		final DragTrace trace = new DragTrace();
		for (int i = 0; i < steps; i++) {
			final List<double[]> pts = new ArrayList<>();
			for (final PointPair p : finalPoints) pts.add(new double[] { p.handleX, p.handleY });
			trace.add(new StepResult(i, pts, 0.01, 0, 0.01, converged && i == steps - 1, 1, null, new int[finalPoints.size()]));
		}
		trace.setConverged(converged);
		return new DragResult(Arrays.asList(start, end), Arrays.asList(0, steps), trace, new float[0], Collections.unmodifiableList(finalPoints), converged,
			false);
	}
}
