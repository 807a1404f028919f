package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.engine.NativeHeap;
import sc.fiji.draggan.progress.Monitor;

import sc.fiji.draggan.model.GeneratorImage;

/**
 * Runs a {@link DragSession} until every handle (and, with {@code followContent}, the content under it:
 * {@link ContentFollower}) is within the stop distance (docs/algorithm.md#stopping), a step
 * limit, or cancellation (checked between steps), recording the image of every k-th step and the
 * final image. Steps whose image is not recorded stop the forward pass at the feature block.
 */
public final class DragRunner {

	/** Called after every step (e.g. to show progress or the latest frame). */
	public interface Listener {
		void stepDone(StepResult result);
	}

	private int maxSteps = 300;
	private int every = 1;
	private Monitor monitor = Monitor.NONE;
	private Listener listener = r -> {};

	public DragRunner maxSteps(final int n) {
		if (n < 0) throw new IllegalArgumentException("the step limit must be zero or more, got " + n);
		maxSteps = n;
		return this;
	}

	/**
	 * Record the image of every k-th step (steps 0, k, 2k, …) besides the final one; k = 0 records
	 * only the final image.
	 */
	public DragRunner every(final int k) {
		if (k < 0) throw new IllegalArgumentException("--every must be 0 (final image only) or more, got " + k);
		every = k;
		return this;
	}

	/** Polled for cancellation before every step; receives a progress line after every step. */
	public DragRunner monitor(final Monitor m) {
		monitor = m;
		return this;
	}

	public DragRunner listener(final Listener l) {
		listener = l;
		return this;
	}

	public DragResult run(final DragSession session) {
		final FrameStore frames = new FrameStore(); // 8-bit but for the first and the latest frame
		final List<Integer> frameSteps = new ArrayList<>();
		final DragTrace trace = new DragTrace();
		boolean converged = false, cancelled = false;
		GeneratorImage last = null;
		int lastIndex = -1;
		CpuThreads.adjust(); // docs/design.md#cpu-threads: threads for the cores free now, on this thread
		// docs/algorithm.md#following-the-content: with that stop rule every step renders its picture
		final ContentFollower follower = session.parameters().followContent ? new ContentFollower(session.points(), session.parameters().stopDistance) : null;
		for (int i = 0; i < maxSteps; i++) {
			if (monitor.isCancelled()) {
				cancelled = true;
				break;
			}
			CpuThreads.readjust(); // every few seconds: other programs may have started or stopped
			final boolean record = every > 0 && i % every == 0;
			StepResult r = session.step(record || follower != null);
			if (follower != null) r = r.as(follower.check(session, r.image) && r.stop, record ? r.image : null);
			final boolean stop = r.stop;
			trace.add(r);
			if (r.image != null) {
				frames.append(r.image);
				frameSteps.add(r.step);
				last = r.image;
				lastIndex = r.step;
			}
			listener.stepDone(r);
			monitor.progress(i + 1, maxSteps, progressLine(r.step, session.points()));
			NativeHeap.afterStep(i); // docs/design.md#native-memory
			if (stop) {
				converged = true;
				break;
			}
		}
		trace.setConverged(converged);
		// final image: the latent the next step would start from (unchanged after a stop step)
		final int next = converged ? session.steps() - 1 : session.steps();
		if (last == null || lastIndex != next) {
			frames.append(session.render());
			frameSteps.add(next);
		}
		return new DragResult(frames, frameSteps, trace, session.ws(), session.points(), converged, cancelled);
	}

	/** {@code step 3, d=4.1, 2.0}: the distance of every tracked handle to its target. */
	static String progressLine(final int step, final List<PointPair> pairs) {
		return "step " + (step + 1) + ", " + PointPair.distances(pairs);
	}
}
