package sc.fiji.draggan.invert;

import java.util.Collections;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * Optimisation of the latent against a {@link ReconstructionLoss}: W from the mean w (NVIDIA's
 * projector: Adam, warm-up + cosine learning rate, latent noise that decays to zero), then W+ from
 * the W result. Noise is the generator's constant noise throughout (as DragGAN renders). Keeps the
 * latent with the lowest loss seen (the exact latent that was rendered, noise included), so a
 * cancel returns the best so far.
 */
final class Projector {

	private final StyleGan2Generator g;
	private final ReconstructionLoss loss;
	private final InversionParameters p;
	private final InversionListener listener;
	private final int numWs, wDim;

	private float[] best; // [numWs * wDim]
	private double bestLoss = Double.POSITIVE_INFINITY;
	private boolean cancelled;

	Projector(final StyleGan2Generator g, final ReconstructionLoss loss, final InversionParameters p, final InversionListener listener) {
		this.g = g;
		this.loss = loss;
		this.p = p;
		this.listener = listener;
		this.numWs = g.config().numWs();
		this.wDim = g.config().wDim;
	}

	boolean cancelled() {
		return cancelled;
	}

	/** The best ws so far [numWs * wDim]. */
	float[] best() {
		return best;
	}

	/** Phase W from {@code start} [wDim] with {@code steps} steps; returns the best ws. */
	float[] projectW(final float[] start, final LatentStats stats, final int steps, final NDManager work) {
		best = broadcast(start);
		if (steps == 0 || cancelled) return best;
		final NumpyRandom rnd = new NumpyRandom(p.seed);
		try (NDManager opt = work.newSubManager()) {
			final NDArray w = opt.create(start, new Shape(1, wDim));
			w.setRequiresGradient(true);
			final TensorAdam adam = new TensorAdam(Collections.singletonList(w), opt);
			final LearningRateSchedule lr = new LearningRateSchedule(p.wLearningRate * stats.coordStd, 0.05, 0.25);
			for (int i = 0; i < steps && !cancelled; i++) {
				// NVIDIA: noise = w_std · initial_noise · max(0, 1 − t/ramp)²
				final double ramp = Math.max(0, 1 - (double) i / steps / p.noiseRamp);
				final double noiseScale = stats.totalStd * p.initialNoise * ramp * ramp;
				final float[] noise = new float[wDim];
				if (noiseScale > 0) for (int k = 0; k < wDim; k++) noise[k] = (float) (rnd.nextGaussian() * noiseScale);
				try (NDManager step = opt.newSubManager()) {
					final NDArray ws;
					final NDArray l, mse;
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						// a real [1, numWs, wDim] array, not a broadcast view (its data is read back as the best latent)
						ws = step.zeros(new Shape(1, numWs, wDim)).add(step.create(noise, new Shape(1, 1, wDim)).add(w));
						final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
						l = loss.compute(img);
						mse = loss.mse(img);
						gc.backward(l);
					}
					record(InversionPhase.W, i, steps, l, mse, ws);
					adam.step(lr.at(i, steps), step);
				}
			}
		}
		return best;
	}

	/** Phase W+ from {@code start} [numWs * wDim]; returns the best ws. */
	float[] projectWPlus(final float[] start, final LatentStats stats, final int steps, final NDManager work) {
		if (best == null) best = start.clone();
		if (steps == 0 || cancelled) return best;
		try (NDManager opt = work.newSubManager()) {
			final NDArray w = opt.create(start, new Shape(1, numWs, wDim));
			w.setRequiresGradient(true);
			final TensorAdam adam = new TensorAdam(Collections.singletonList(w), opt);
			final LearningRateSchedule lr = new LearningRateSchedule(p.wPlusLearningRate * stats.coordStd, 0.05, 0.25);
			for (int i = 0; i < steps && !cancelled; i++) {
				try (NDManager step = opt.newSubManager()) {
					final NDArray ws;
					final NDArray l, mse;
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						ws = step.zeros(new Shape(1, numWs, wDim)).add(w);
						final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
						l = loss.compute(img);
						mse = loss.mse(img);
						gc.backward(l);
					}
					record(InversionPhase.W_PLUS, i, steps, l, mse, ws);
					adam.step(lr.at(i, steps), step);
				}
			}
		}
		return best;
	}

	private void record(final InversionPhase phase, final int i, final int steps, final NDArray l, final NDArray mse, final NDArray ws) {
		final double lv = l.getFloat();
		if (Double.isNaN(lv)) throw new IllegalStateException("the inversion diverged (loss is NaN) at " + phase + " step " + (i + 1) +
			"; try a smaller learning rate");
		if (lv < bestLoss) {
			bestLoss = lv;
			best = ws.toFloatArray();
		}
		listener.progress(phase, i + 1, steps, lv, 10 * Math.log10(4.0 / Math.max(mse.getFloat(), 1e-12)));
		if (listener.isCancelled()) cancelled = true;
	}

	private float[] broadcast(final float[] w) {
		final float[] ws = new float[numWs * wDim];
		for (int i = 0; i < numWs; i++) System.arraycopy(w, 0, ws, i * wDim, wDim);
		return ws;
	}
}
