package sc.fiji.draggan.invert;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.NativeHeap;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.optim.Adam;

/**
 * Pivotal tuning (Roich et al. 2022, docs/algorithm.md#pivotal-tuning): a per-image copy of the generator whose
 * synthesis weights are fine-tuned so that the found latent (the pivot) renders the image; the
 * original generator is never touched. Adam at a constant rate with a cosine ramp-down at the end.
 * <p>
 * Memory: the copy is the one lasting extra set of weights. While tuning, Adam's two moments and the
 * gradients of the synthesis weights exist too; they are freed when tuning ends.
 */
final class PivotalTuning {

	private PivotalTuning() {}

	/** Result of a tuning run. */
	static final class Tuned {

		final Generator generator;
		final boolean cancelled;

		Tuned(final Generator generator, final boolean cancelled) {
			this.generator = generator;
			this.cancelled = cancelled;
		}
	}

	/**
	 * Tunes a copy of {@code original} (made in a sub-manager of {@code parent}) so that {@code ws}
	 * [numWs * wDim] renders the loss's target. The caller owns (closes) the returned generator.
	 */
	static Tuned tune(final Generator original, final float[] ws, final ReconstructionLoss loss, final InversionParameters p,
		final InversionListener listener, final NDManager parent, final NDManager work)
	{
		final Generator tuned = original.copy(parent);
		boolean cancelled = false;
		try {
			tuned.setWeightsRequireGradient(true);
			final Map<String, NDArray> params = new LinkedHashMap<>();
			for (final Map.Entry<String, NDArray> e : tuned.weights().entrySet()) {
				// the latent is fixed, so the mapping network gets no gradient: tune the synthesis only
				if (e.getKey().startsWith("synthesis.") && !StateDict.isBuffer(e.getKey())) params.put(e.getKey(), e.getValue());
			}
			final int numWs = original.config().numWs(), wDim = original.config().wDim;
			final int steps = p.ptiSteps;
			final LearningRateSchedule lr = new LearningRateSchedule(p.ptiLearningRate, 0, 0.25);
			try (NDManager opt = work.newSubManager()) {
				final Adam adam = new Adam(params, opt);
				for (int i = 0; i < steps && !cancelled; i++) {
					try (NDManager step = opt.newSubManager()) {
						final NDArray l, mse;
						try (GradientCollector gc = Djl.engine().newGradientCollector()) {
							final NDArray img = tuned.synthesis(step.create(ws, new Shape(1, numWs, wDim)), SynthesisOptions.imageOnly()).image();
							l = loss.compute(img);
							mse = loss.mse(img);
							gc.backward(l);
						}
						final double lv = l.getFloat();
						if (Double.isNaN(lv)) throw new IllegalStateException("pivotal tuning diverged (loss is NaN) at step " + (i + 1) +
							"; try a smaller learning rate");
						adam.step(lr.at(i, steps), step);
						listener.progress(InversionPhase.PTI, i + 1, steps, lv, 10 * Math.log10(4.0 / Math.max(mse.getFloat(), 1e-12)));
						cancelled = listener.isCancelled();
					}
					NativeHeap.afterStep(i);
				}
			}
			tuned.setWeightsRequireGradient(false); // re-derives the cached arrays from the tuned weights
			return new Tuned(tuned, cancelled);
		}
		catch (final RuntimeException | Error e) {
			tuned.close();
			throw e;
		}
	}
}
