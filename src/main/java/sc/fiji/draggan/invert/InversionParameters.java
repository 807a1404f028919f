package sc.fiji.draggan.invert;

/**
 * Settings of an inversion: plain public fields with the defaults measured on the fixture models
 * (test-scope {@code InversionBench}); {@link #validate()}
 * checks them with user-readable messages. The structure terms of the loss are off by default: on
 * in-domain images plain MSE gave the best PSNR.
 * <p>
 * Learning rates of the latent are in units of σ_w, the per-coordinate standard deviation of w
 * (estimated from the mapping network), so one setting suits models whose w have different scales.
 */
public final class InversionParameters {

	// pre-processing
	public AspectFit fit = AspectFit.CROP;
	public IntensityRange range = IntensityRange.AUTO;

	// projection
	/** End in W+ (one w per layer); false = stay in W. */
	public boolean wPlus = true;
	/** Projection steps in all (W, then W+ when {@link #wPlus}). */
	public int steps = 500;
	/** Share of {@link #steps} spent in W before W+ (ignored without W+). */
	public double wFraction = 0.3;
	public double wLearningRate = 0.1;
	public double wPlusLearningRate = 0.1;
	/** Latent noise at the start of W, × the total std of w, decaying to 0 at {@link #noiseRamp} of the W steps (NVIDIA's projector). */
	public double initialNoise = 0.05;
	public double noiseRamp = 0.75;
	/** Sampled w tried as starts of W besides the mean (forward passes only). */
	public int startCandidates = 16;
	/** W starts probed at once (one batch) from the best rendering candidates; the best probe goes on alone. */
	public int wStarts = 1;
	/** Share of the W steps spent probing the {@link #wStarts} starts (when there are several). */
	public double probeFraction = 0.2;
	/** Number of z samples for w's mean spread. */
	public int statsSamples = 1000;
	public long seed = 0;

	// pivotal tuning
	/** Steps of generator tuning around the found latent; 0 = none (PTI uses 350). */
	public int ptiSteps = 0;
	public double ptiLearningRate = 3e-4;

	// loss weights (ReconstructionLoss)
	public double mseWeight = 1;
	public double l1Weight = 0;
	public double laplacianWeight = 0;
	public double ssimWeight = 0;

	public InversionParameters copy() {
		final InversionParameters p = new InversionParameters();
		p.fit = fit;
		p.range = range;
		p.wPlus = wPlus;
		p.steps = steps;
		p.wFraction = wFraction;
		p.wLearningRate = wLearningRate;
		p.wPlusLearningRate = wPlusLearningRate;
		p.initialNoise = initialNoise;
		p.noiseRamp = noiseRamp;
		p.statsSamples = statsSamples;
		p.startCandidates = startCandidates;
		p.wStarts = wStarts;
		p.probeFraction = probeFraction;
		p.seed = seed;
		p.ptiSteps = ptiSteps;
		p.ptiLearningRate = ptiLearningRate;
		p.mseWeight = mseWeight;
		p.l1Weight = l1Weight;
		p.laplacianWeight = laplacianWeight;
		p.ssimWeight = ssimWeight;
		return p;
	}

	/** Steps in W. */
	int wSteps() {
		return wPlus ? (int) Math.round(steps * wFraction) : steps;
	}

	/** Steps of the multi-start probe at the beginning of W. */
	int probeSteps() {
		return wStarts > 1 ? (int) Math.round(wSteps() * probeFraction) : 0;
	}

	/** Steps in W+. */
	int wPlusSteps() {
		return wPlus ? steps - wSteps() : 0;
	}

	ReconstructionLoss.LossWeights lossWeights() {
		return new ReconstructionLoss.LossWeights(mseWeight, l1Weight, laplacianWeight, ssimWeight);
	}

	/** @throws IllegalArgumentException naming the first bad setting */
	public InversionParameters validate() {
		if (fit == null || range == null) throw new IllegalArgumentException("square fit and intensity range must be set");
		if (steps < 0 || ptiSteps < 0) throw new IllegalArgumentException("steps must be >= 0");
		if (steps == 0 && ptiSteps > 0) throw new IllegalArgumentException("pivotal tuning needs a projection first (steps > 0)");
		if (!(wFraction >= 0 && wFraction <= 1)) throw new IllegalArgumentException("the W share of the steps must be in [0, 1], got " + wFraction);
		if (!(wLearningRate > 0) || !(wPlusLearningRate > 0) || !(ptiLearningRate > 0)) throw new IllegalArgumentException("learning rates must be > 0");
		if (!(initialNoise >= 0) || !(noiseRamp > 0)) throw new IllegalArgumentException("latent noise must be >= 0 with a ramp > 0");
		if (startCandidates < 0) throw new IllegalArgumentException("start candidates must be >= 0");
		if (wStarts < 1 || wStarts > 64) throw new IllegalArgumentException("parallel W starts must be between 1 and 64, got " + wStarts);
		if (!(probeFraction >= 0 && probeFraction < 1)) throw new IllegalArgumentException("the probe share of the W steps must be in [0, 1), got " + probeFraction);
		if (statsSamples < 2) throw new IllegalArgumentException("at least 2 samples are needed for w's spread");
		if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
		lossWeights();
		return this;
	}
}
