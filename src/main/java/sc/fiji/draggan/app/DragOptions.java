package sc.fiji.draggan.app;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.edit.DragParameters;

/**
 * The drag's user-facing parameters, each defined once (docs/design.md#parameters): the Fiji
 * command and its macro keys, the dialog, the toolbar tool's options and {@code draggan drag} read
 * these. The defaults are the official DragGAN ones ({@link DragParameters}); r1 = r2 = 0 and
 * feature_block = -1 mean "the official default for this generator".
 */
public final class DragOptions {

	private DragOptions() {}

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
	public static final Parameter<Double> LR = Parameter.number("lr", "lr", DragParameters.DEFAULT_LEARNING_RATE, 0.0, null,
		"Adam learning rate on the latent (must be above 0)");
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
	public static final Parameter<Boolean> SHOW_ARROWS = Parameter.flag("show_arrows", null, true, "draw handle -> target arrows on the frames");
	public static final Parameter<Integer> INVERT_STEPS = Parameter.integer("invert_steps", "steps", 500, 1, null,
		"inversion steps for a picture without a Drag GAN latent");

	/** Every drag parameter, in the order of the macro keys and the dialog. */
	public static final List<Parameter<?>> ALL = Collections.unmodifiableList(Arrays.<Parameter<?>> asList(MODEL, POINTS, MASK, N_STEPS, EVERY, LR,
		LAMBDA_MASK, R1, R2, FEATURE_BLOCK, SPACE, DEVICE, SHOW_ARROWS, INVERT_STEPS));

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
		p.learningRate = LR.check(lr);
		if (!(lr > 0)) throw new IllegalArgumentException("lr must be above 0, got " + lr);
		p.lambdaMask = LAMBDA_MASK.check(lambdaMask);
		p.r1 = R1.check(r1) > 0 ? r1 : null;
		p.r2 = R2.check(r2) > 0 ? r2 : null;
		p.featureBlock = FEATURE_BLOCK.check(featureBlock) >= 0 ? featureBlock : null;
		p.space = sc.fiji.draggan.edit.LatentSpace.parse(space);
		return p;
	}
}
