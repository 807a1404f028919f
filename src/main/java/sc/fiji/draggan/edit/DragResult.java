package sc.fiji.draggan.edit;

import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.model.GeneratorImage;

/**
 * Outcome of a drag run: recorded frames (every k-th step plus the final image) with their labels
 * ({@code step N}: the image that step N starts from), the trace, the final latent and handles.
 * The {@link DragSession} itself holds the rest of the state and can be run again to continue.
 */
public final class DragResult {

	public final List<GeneratorImage> frames;
	/** For each frame, the step whose start image it is (0 = the start picture). */
	public final List<Integer> frameSteps;
	public final DragTrace trace;
	/** Generator input after the last update, [num_ws × w_dim]. */
	public final float[] ws;
	public final List<PointPair> points;
	public final boolean converged, cancelled;

	DragResult(final List<GeneratorImage> frames, final List<Integer> frameSteps, final DragTrace trace, final float[] ws,
		final List<PointPair> points, final boolean converged, final boolean cancelled)
	{
		this.frames = Collections.unmodifiableList(frames);
		this.frameSteps = Collections.unmodifiableList(frameSteps);
		this.trace = trace;
		this.ws = ws;
		this.points = Collections.unmodifiableList(points);
		this.converged = converged;
		this.cancelled = cancelled;
	}

	/** The last frame: the image of the final latent. */
	public GeneratorImage finalImage() {
		return frames.get(frames.size() - 1);
	}
}
