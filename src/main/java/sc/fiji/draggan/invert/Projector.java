package sc.fiji.draggan.invert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.NativeHeap;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.optim.Adam;

/**
 * Optimisation of the latent against a {@link ReconstructionLoss}: W (NVIDIA's projector: Adam,
 * warm-up + cosine learning rate, latent noise that decays to zero), run from several starts at
 * once as one batch, then W+ from the best W. Noise is the generator's constant noise throughout
 * (as DragGAN renders). Keeps the latent with the lowest loss seen (the exact latent that was
 * rendered, latent noise included), so a cancel returns the best so far.
 */
final class Projector {

	private final Generator g;
	private final ReconstructionLoss loss;
	private final InversionParameters p;
	private final InversionListener listener;
	private final int numWs, wDim;

	private float[] best; // [numWs * wDim]
	private double bestLoss = Double.POSITIVE_INFINITY;
	private boolean cancelled;
	/** Progress numbering of the running optimisation within its phase (the W probe and its continuation count as one W phase). */
	private int reportOffset, reportTotal;

	Projector(final Generator g, final ReconstructionLoss loss, final InversionParameters p, final InversionListener listener) {
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

	/**
	 * Starts of W: the {@code count} latents among the mean w and the first {@code candidates} sampled
	 * w that render the image best (forward passes only, in batches; "several random starts",
	 * docs/algorithm.md#projection).
	 */
	List<float[]> chooseStarts(final LatentStats stats, final int candidates, final int count, final NDManager work) {
		final List<float[]> all = new ArrayList<>();
		all.add(stats.mean);
		for (int i = 0; i < Math.min(candidates, stats.samples.length); i++) all.add(stats.samples[i]);
		final double[] score = new double[all.size()];
		final List<Integer> order = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH) evaluate(all, from, Math.min(all.size(), from + BATCH), score, work);
		for (int i = 0; i < all.size(); i++) order.add(i);
		Collections.sort(order, (a, b) -> Double.compare(score[a], score[b]));
		final List<float[]> starts = new ArrayList<>();
		for (int i = 0; i < Math.min(Math.max(1, count), order.size()); i++) starts.add(all.get(order.get(i)));
		return starts;
	}

	/** Candidates rendered per forward pass while choosing starts. */
	private static final int BATCH = 8;

	/** Loss of each w in {@code all[from, to)} (broadcast to every layer), one batched forward. */
	private void evaluate(final List<float[]> all, final int from, final int to, final double[] score, final NDManager work) {
		final int n = to - from;
		final float[] w = new float[n * wDim];
		for (int i = 0; i < n; i++) System.arraycopy(all.get(from + i), 0, w, i * wDim, wDim);
		try (NDManager step = work.newSubManager()) {
			final NDArray ws = step.zeros(new Shape(n, numWs, wDim)).add(step.create(w, new Shape(n, 1, wDim)));
			final NDArray img = g.synthesis(ws, SynthesisOptions.imageOnly()).image();
			for (int i = 0; i < n; i++) score[from + i] = loss.compute(n == 1 ? img : img.get(new NDIndex("{}:{}", i, i + 1))).getFloat();
		}
	}

	/**
	 * Phase W. With several starts, each first gets a short probe ({@code probeSteps}, all of them
	 * as one batch, with the full schedule and latent noise); the start whose probe reached the lowest
	 * loss then gets the remaining steps on its own. Returns the best ws [numWs * wDim].
	 */
	float[] projectW(final List<float[]> starts, final LatentStats stats, final int steps, final int probeSteps, final NDManager work) {
		if (best == null) best = broadcast(starts.get(0));
		if (starts.size() == 1 || probeSteps <= 0 || probeSteps >= steps) {
			return optimise(InversionPhase.W, starts.toArray(new float[0][]), 1, stats, steps, p.wLearningRate, 0.25, p.initialNoise, work);
		}
		reportTotal = steps;
		optimise(InversionPhase.W, starts.toArray(new float[0][]), 1, stats, probeSteps, p.wLearningRate, 0.25, p.initialNoise, work);
		final float[] w = java.util.Arrays.copyOf(best, wDim); // W: every row of the best latent is the same w
		reportOffset = probeSteps;
		final float[] out = optimise(InversionPhase.W, new float[][] { w }, 1, stats, steps - probeSteps, p.wLearningRate, 0.25, p.initialNoise, work);
		reportOffset = reportTotal = 0;
		return out;
	}

	/** Phase W+ from {@code start} [numWs * wDim]; returns the best ws. */
	float[] projectWPlus(final float[] start, final LatentStats stats, final int steps, final NDManager work) {
		if (best == null) best = start.clone();
		return optimise(InversionPhase.W_PLUS, new float[][] { start }, numWs, stats, steps, p.wPlusLearningRate, 0.25, 0, work);
	}

	/**
	 * Adam on K latents of {@code rows} w each (1 = W, broadcast to every layer; numWs = W+); the K
	 * are rendered as one batch and their losses summed (each gets its own gradient). Learning rate
	 * {@code lr}·σ_w with warm-up and cosine ramp-down; latent noise {@code noise}·w_std·max(0, 1 − t/ramp)².
	 */
	private float[] optimise(final InversionPhase phase, final float[][] starts, final int rows, final LatentStats stats, final int steps,
		final double lr, final double rampDown, final double noise, final NDManager work)
	{
		if (steps == 0 || cancelled) return best;
		final int k = starts.length;
		final NumpyRandom rnd = new NumpyRandom((p.seed + phase.ordinal()) & 0xffffffffL);
		final float[] init = new float[k * rows * wDim];
		for (int s = 0; s < k; s++) System.arraycopy(starts[s], 0, init, s * rows * wDim, rows * wDim);
		try (NDManager opt = work.newSubManager()) {
			final NDArray w = opt.create(init, new Shape(k, rows, wDim));
			w.setRequiresGradient(true);
			final Adam adam = new Adam(Collections.singletonMap("w", w), opt);
			final LearningRateSchedule schedule = new LearningRateSchedule(lr * stats.coordStd, 0.05, rampDown);
			final float[] n = new float[init.length];
			for (int i = 0; i < steps && !cancelled; i++) {
				final double ramp = Math.max(0, 1 - (double) i / steps / p.noiseRamp);
				final double noiseScale = stats.totalStd * noise * ramp * ramp;
				for (int j = 0; j < n.length; j++) n[j] = noiseScale > 0 ? (float) (rnd.nextGaussian() * noiseScale) : 0f;
				try (NDManager step = opt.newSubManager()) {
					final NDArray ws;
					final NDArray[] l = new NDArray[k], mse = new NDArray[k];
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						// a real [K, numWs, wDim] array, not a broadcast view: its values are read back as the best latent
						ws = step.zeros(new Shape(k, numWs, wDim)).add(step.create(n, new Shape(k, rows, wDim)).add(w));
						final NDArray img = g.synthesis(ws, SynthesisOptions.imageOnly()).image();
						NDArray total = null;
						for (int s = 0; s < k; s++) {
							final NDArray one = k == 1 ? img : img.get(new NDIndex("{}:{}", s, s + 1));
							l[s] = loss.compute(one);
							mse[s] = loss.mse(one);
							total = total == null ? l[s] : total.add(l[s]);
						}
						gc.backward(total);
					}
					record(phase, i, steps, l, mse, ws);
					adam.step(schedule.at(i, steps), step);
				}
				NativeHeap.afterStep(i);
			}
		}
		return best;
	}

	/** Keeps the best latent of this step's batch, reports the batch's best, polls for cancel. */
	private void record(final InversionPhase phase, final int i, final int steps, final NDArray[] l, final NDArray[] mse, final NDArray ws) {
		int arg = 0;
		double low = Double.POSITIVE_INFINITY;
		for (int s = 0; s < l.length; s++) {
			final double v = l[s].getFloat();
			if (Double.isNaN(v)) throw new IllegalStateException("the inversion diverged (loss is NaN) at " + phase + " step " + (i + 1) +
				"; try a smaller learning rate");
			if (v < low) {
				low = v;
				arg = s;
			}
		}
		if (low < bestLoss) {
			bestLoss = low;
			best = (l.length == 1 ? ws : ws.get(arg)).toFloatArray();
		}
		listener.progress(phase, reportOffset + i + 1, reportTotal > 0 ? reportTotal : steps, low, 10 * Math.log10(4.0 / Math.max(mse[arg].getFloat(), 1e-12)));
		if (listener.isCancelled()) cancelled = true;
	}

	private float[] broadcast(final float[] w) {
		final float[] ws = new float[numWs * wDim];
		for (int i = 0; i < numWs; i++) System.arraycopy(w, 0, ws, i * wDim, wDim);
		return ws;
	}
}
