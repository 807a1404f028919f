package sc.fiji.draggan.edit;

import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.model.GeneratorImage;

/** What one drag step did (docs/algorithm.md#one-drag-step): tracked handles, loss terms, stop flag, optional image. */
public final class StepResult {

	/** Index of the step within its session (0 = first). */
	public final int step;
	/** Handles after this step's tracking (before its update), x = column, y = row: {x, y} per pair. */
	public final List<double[]> points;
	/** Σ over handles of the mean L1 motion loss. */
	public final double lossMotion;
	/** Unweighted mean L1 mask term (0 without a mask). */
	public final double lossMask;
	/** lossMotion + λ·lossMask. */
	public final double lossTotal;
	/** Every handle within the stop distance: no update was made. */
	public final boolean stop;
	/** Wall time of the step in milliseconds. */
	public final double millis;
	/** The image this step's forward pass made (latent before this step's update), or null. */
	public final GeneratorImage image;
	/** Motion-disc sizes per handle (0 for a handle within 1 px of its target). */
	public final int[] discPixels;

	StepResult(final int step, final List<double[]> points, final double lossMotion, final double lossMask,
		final double lossTotal, final boolean stop, final double millis, final GeneratorImage image,
		final int[] discPixels)
	{
		this.step = step;
		this.points = Collections.unmodifiableList(points);
		this.lossMotion = lossMotion;
		this.lossMask = lossMask;
		this.lossTotal = lossTotal;
		this.stop = stop;
		this.millis = millis;
		this.image = image;
		this.discPixels = discPixels;
	}

	/** The same step without its image: what the trace keeps (frames are kept once, compactly, by the runner). */
	StepResult withoutImage() {
		return image == null ? this : new StepResult(step, points, lossMotion, lossMask, lossTotal, stop, millis, null, discPixels);
	}

	/** This step as the runner reports it: its stop decision and its picture only when recorded. */
	StepResult as(final boolean stopped, final GeneratorImage recorded) {
		return new StepResult(step, points, lossMotion, lossMask, lossTotal, stopped, millis, recorded, discPixels);
	}
}
