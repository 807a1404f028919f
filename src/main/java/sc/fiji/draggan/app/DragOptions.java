package sc.fiji.draggan.app;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.invert.InversionParameters;

/**
 * The drag's user-facing parameters, each defined once (docs/design.md#parameters): the Fiji
 * command and its macro keys, the dialog, the toolbar tool's options and {@code draggan drag} read
 * these. The defaults are the official DragGAN ones ({@link DragParameters}); lr = r1 = r2 = 0 and
 * feature_block = -1 mean "the default for this generator", and for real pictures the
 * {@link RealPicture} profile.
 */
public final class DragOptions {

	private DragOptions() {}

	/**
	 * The defaults of a drag on a real picture — one without a latent of its own, inverted first (or
	 * fitted to the model by an earlier inversion) — where they differ from a generated picture's
	 * (docs/algorithm.md#real-pictures): measured on the demo picture with the bundled model.
	 * They fill only what the user left at "automatic".
	 */
	public static final class RealPicture {

		private RealPicture() {}

		/** Adam step size: an inverted latent moves slowly at the official 0.001. */
		public static final double LEARNING_RATE = 0.01;
		/** Stop distance (px of the model): the picture's content lags the tracker, so go closer than the official 2 px. */
		public static final double STOP_DISTANCE = 1;
		/** Pivotal-tuning steps after the projection: the drag then edits what the picture shows, not the nearest generated one. */
		public static final int PTI_STEPS = 100;

		/** The inversion of a real picture before its drag: the library's projection, then {@link #PTI_STEPS} of pivotal tuning. */
		public static InversionParameters inversion() {
			final InversionParameters p = new InversionParameters();
			p.ptiSteps = PTI_STEPS;
			return p;
		}

		/** {@code p} with its automatic learning rate and stop distance set to this profile's. */
		public static DragParameters apply(final DragParameters p) {
			final DragParameters q = p.copy();
			if (q.learningRate == null) q.learningRate = LEARNING_RATE;
			if (q.stopDistance == null) q.stopDistance = STOP_DISTANCE;
			return q;
		}
	}

	public static final Parameter<String> MODEL = Parameter.text("model", "model", "",
		DefaultModel.MODEL_DESCRIPTION);
	public static final Parameter<String> POINTS = Parameter.text("points", "points", "",
		"handle>target pairs x1,y1>tx1,ty1;... in the picture's pixels; empty (Fiji): the point selection");
	public static final Parameter<String> MASK = Parameter.text("mask", "mask", "",
		"the region that may change: a mask (nonzero = may change); Fiji: title of a mask image, 'none', or empty for the selection / ROI Manager");
	public static final Parameter<Integer> N_STEPS = Parameter.integer("n_steps", "max-steps", 300, 0, null,
		"at most this many steps; the drag stops earlier when every handle reached its target");
	public static final Parameter<Integer> EVERY = Parameter.integer("every", "every", 1, 0, null,
		"record the picture of every k-th step (0: only the final picture)");
	public static final Parameter<Double> LR = Parameter.number("lr", "lr", 0.0, 0.0, null,
		"Adam learning rate on the latent; 0: automatic (0.001, the official value, on generated pictures; 0.01 on real pictures)");
	public static final Parameter<Double> LAMBDA_MASK = Parameter.number("lambda_mask", "lambda", DragParameters.DEFAULT_LAMBDA_MASK, 0.0, null,
		"weight of the term that keeps the picture outside the region");
	public static final Parameter<Integer> R1 = Parameter.integer("r1", "r1", 0, 0, null,
		"motion-supervision radius in model pixels (0: round(3 H/512), at least 2)");
	public static final Parameter<Integer> R2 = Parameter.integer("r2", "r2", 0, 0, null,
		"point-tracking radius in model pixels (0: round(12 H/512), at least 6)");
	public static final Parameter<Integer> FEATURE_BLOCK = Parameter.integer("feature_block", "feature-block", -1, -1, null,
		"synthesis block whose features drive the drag (-1: block 5, or the deepest at most half the picture size)");
	public static final Parameter<String> SPACE = Parameter.choice("space", "space", "latent space optimised: w+ (6 rows) or w", "w+", "w");
	public static final Parameter<String> DEVICE = Parameter.choice("device", "device", "where to compute", "auto", "cpu", "gpu");
	public static final Parameter<String> STOP = Parameter.choice("stop", "stop",
		"stop rule: content (the tracked handles and the picture under them reached the targets) or tracker (the tracked handles only, as the official DragGAN)",
		"content", "tracker");
	public static final Parameter<Boolean> SHOW_ARROWS = Parameter.flag("show_arrows", null, true, "draw handle -> target arrows on the frames");
	public static final Parameter<Integer> INVERT_STEPS = Parameter.integer("invert_steps", "steps", 500, 1, null,
		"inversion steps for a picture without a Drag GAN latent");

	/** Every drag parameter, in the order of the macro keys and the dialog. */
	public static final List<Parameter<?>> ALL = Collections.unmodifiableList(Arrays.<Parameter<?>> asList(MODEL, POINTS, MASK, N_STEPS, EVERY, LR,
		LAMBDA_MASK, R1, R2, FEATURE_BLOCK, SPACE, STOP, DEVICE, SHOW_ARROWS, INVERT_STEPS));

	/** The macro keys, in order. */
	public static String[] keys() {
		final String[] k = new String[ALL.size()];
		for (int i = 0; i < k.length; i++) k[i] = ALL.get(i).key;
		return k;
	}

	/**
	 * The core settings from the user's values: 0 radii and a negative block mean the official
	 * default for the generator. Checks each value against its definition.
	 */
	public static DragParameters parameters(final double lr, final double lambdaMask, final int r1, final int r2, final int featureBlock,
		final String space)
	{
		final DragParameters p = new DragParameters();
		p.learningRate = LR.check(lr) > 0 ? lr : null;
		p.lambdaMask = LAMBDA_MASK.check(lambdaMask);
		p.r1 = R1.check(r1) > 0 ? r1 : null;
		p.r2 = R2.check(r2) > 0 ? r2 : null;
		p.featureBlock = FEATURE_BLOCK.check(featureBlock) >= 0 ? featureBlock : null;
		p.space = sc.fiji.draggan.edit.LatentSpace.parse(space);
		p.followContent = "content".equals(STOP.defaultValue);
		return p;
	}

	/** As {@link #parameters(double, double, int, int, int, String)}, with the stop rule ({@link #STOP}: content or tracker). */
	public static DragParameters parameters(final double lr, final double lambdaMask, final int r1, final int r2, final int featureBlock,
		final String space, final String stop)
	{
		final DragParameters p = parameters(lr, lambdaMask, r1, r2, featureBlock, space);
		p.followContent = "content".equals(STOP.check(stop));
		return p;
	}
}
