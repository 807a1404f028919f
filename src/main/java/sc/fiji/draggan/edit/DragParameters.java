package sc.fiji.draggan.edit;

import java.util.Locale;

import sc.fiji.draggan.model.GeneratorConfig;

/**
 * User-facing drag settings with the official defaults (docs/algorithm.md#drag-defaults-and-small-models): Adam lr 0.001,
 * λ = 20 (what both official front ends pass), r1 = round(3·H/512) px, r2 = round(12·H/512) px,
 * feature block 5 (b128), stop distance max(2, 2·H/512) px, w+ latent. Learning rate, radii, block and stop
 * distance left {@code null} mean "the official default for this generator", see
 * {@link #resolve(GeneratorConfig)}.
 * <p>
 * Rule for small generators, where an official default degenerates:
 * <ul>
 * <li>r1 ≥ 2 px and r2 ≥ 6 px (the official values at 256 px). At 64 px the official formula gives
 * r1 = 0, an empty disc and a NaN loss.</li>
 * <li>default feature block = min(5, log2(H) − 3), i.e. the deepest block whose resolution is at
 * most H/2 (at least block 0). For H ≥ 256 this is the official block 5; at 64 px it is block 3
 * (32×32), as in the official-code fixture.</li>
 * </ul>
 * Explicit values are taken as given (validated).
 */
public final class DragParameters {

	/** Number of ws rows the drag optimises (docs/algorithm.md#latent-fed-to-the-generator): later rows stay at w0. */
	public static final int OPTIMISED_LAYERS = 6;

	/** The official defaults: Adam lr 0.001 and mask weight λ = 20 (docs/algorithm.md#drag-defaults-and-small-models). */
	public static final double DEFAULT_LEARNING_RATE = 0.001, DEFAULT_LAMBDA_MASK = 20;

	/** Adam step size; null = the official default ({@link #DEFAULT_LEARNING_RATE}), unless the caller's profile says otherwise. */
	public Double learningRate = null;
	public double lambdaMask = DEFAULT_LAMBDA_MASK;
	/** Motion-supervision disc radius in image pixels; null = official default. */
	public Integer r1 = null;
	/** Tracking window half-size in image pixels; null = official default. */
	public Integer r2 = null;
	/**
	 * Index of the feature map: the synthesis block whose output is used (StyleGAN2, 0 = 4×4) or the
	 * layer (StyleGAN3, 0 = L0); null = default.
	 */
	public Integer featureBlock = null;
	/** Stop when every handle is within this distance (px) of its target; null = official default. */
	public Double stopDistance = null;
	public LatentSpace space = LatentSpace.W_PLUS;
	/**
	 * Stop rule: false = the official one (every tracked handle within the stop distance); true =
	 * also the content under every handle (docs/algorithm.md#following-the-content).
	 */
	public boolean followContent = false;

	/** The learning rate a drag with these settings uses when no profile chooses one: the given one, or the official default. */
	public double effectiveLearningRate() {
		return learningRate != null ? learningRate : DEFAULT_LEARNING_RATE;
	}

	public DragParameters copy() {
		final DragParameters p = new DragParameters();
		p.learningRate = learningRate;
		p.lambdaMask = lambdaMask;
		p.r1 = r1;
		p.r2 = r2;
		p.featureBlock = featureBlock;
		p.stopDistance = stopDistance;
		p.followContent = followContent;
		p.space = space;
		return p;
	}

	/** Python 3 {@code round} (ties to even), as the official code scales its radii. */
	static int pyRound(final double v) {
		return (int) Math.rint(v);
	}

	public static int defaultR1(final int resolution) {
		return Math.max(2, pyRound(3.0 * resolution / 512));
	}

	public static int defaultR2(final int resolution) {
		return Math.max(6, pyRound(12.0 * resolution / 512));
	}

	public static int defaultFeatureBlock(final int resolution) {
		final int log2 = 31 - Integer.numberOfLeadingZeros(resolution);
		return Math.max(0, Math.min(5, log2 - 3));
	}

	/**
	 * The default feature map of a generator: {@link #defaultFeatureBlock(int)} for StyleGAN2; for
	 * StyleGAN3 the official index 5, i.e. the output of layer L5 (margins included), or the last layer
	 * of a network with fewer layers (docs/algorithm.md, "StyleGAN3").
	 */
	public static int defaultFeatureBlock(final GeneratorConfig config) {
		if (config.isStyleGan3()) return Math.min(5, config.numFeatureMaps() - 1);
		return defaultFeatureBlock(config.imgResolution);
	}

	public static double defaultStopDistance(final int resolution) {
		return Math.max(2.0, 2.0 * resolution / 512);
	}

	/**
	 * The effective settings for one generator.
	 *
	 * @throws IllegalArgumentException for a value out of range, with a one-line reason
	 */
	public Resolved resolve(final GeneratorConfig config) {
		final int res = config.imgResolution;
		final double lr = effectiveLearningRate();
		if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
		if (!(lambdaMask >= 0) || Double.isInfinite(lambdaMask))
			throw new IllegalArgumentException("lambda must be zero or positive, got " + lambdaMask);
		final int rr1 = r1 != null ? r1 : defaultR1(res);
		final int rr2 = r2 != null ? r2 : defaultR2(res);
		if (rr1 < 1) throw new IllegalArgumentException("r1 must be at least 1 px, got " + rr1);
		if (rr2 < 1) throw new IllegalArgumentException("r2 must be at least 1 px, got " + rr2);
		final int block = featureBlock != null ? featureBlock : defaultFeatureBlock(config);
		if (block < 0 || block >= config.numFeatureMaps()) {
			if (config.isStyleGan3()) throw new IllegalArgumentException(String.format(Locale.ROOT,
				"feature layer must be from 0 (L0) to %d (the ToRGB layer) for this %s model, got %d", config.numFeatureMaps() - 1,
				config.family, block));
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"feature block must be from 0 (4x4) to %d (%dx%d) for this %d px model, got %d", config.numBlocks() - 1,
				res, res, res, block));
		}
		final double stop = stopDistance != null ? stopDistance : defaultStopDistance(res);
		if (!(stop >= 0)) throw new IllegalArgumentException("stop distance must be zero or positive, got " + stop);
		return new Resolved(lr, lambdaMask, rr1, rr2, block, config.featureSize(block), stop, space,
			Math.min(OPTIMISED_LAYERS, config.numWs()), res, followContent);
	}

	/** Concrete settings for one generator (all in image pixels). */
	public static final class Resolved {
		public final double learningRate, lambdaMask;
		public final int r1, r2, featureBlock, featureResolution;
		public final double stopDistance;
		public final LatentSpace space;
		/** ws rows fed from the optimised latent: min(6, num_ws). */
		public final int optimisedLayers;
		public final int resolution;
		/** The stop rule also requires the content to follow (docs/algorithm.md#following-the-content). */
		public final boolean followContent;

		Resolved(final double learningRate, final double lambdaMask, final int r1, final int r2, final int featureBlock,
			final int featureResolution, final double stopDistance, final LatentSpace space, final int optimisedLayers,
			final int resolution, final boolean followContent)
		{
			this.followContent = followContent;
			this.learningRate = learningRate;
			this.lambdaMask = lambdaMask;
			this.r1 = r1;
			this.r2 = r2;
			this.featureBlock = featureBlock;
			this.featureResolution = featureResolution;
			this.stopDistance = stopDistance;
			this.space = space;
			this.optimisedLayers = optimisedLayers;
			this.resolution = resolution;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
				"lr=%s lambda=%s r1=%dpx r2=%dpx feature-block=%d (%dx%d) stop=%spx%s space=%s", learningRate, lambdaMask,
				r1, r2, featureBlock, featureResolution, featureResolution, stopDistance, followContent ? " (content too)" : "", space);
		}
	}
}
