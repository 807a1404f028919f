package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.Synthesis;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.optim.Adam;

/**
 * One DragGAN editing session (docs/algorithm.md#drag-session-state, #one-drag-step): the generator, the start latent w0, the optimised
 * latent (w+ by default; only its first 6 rows reach the generator, later rows stay at w0), Adam,
 * the handle/target pairs, the reference features and the optional mask.
 * <p>
 * {@link #step} runs the official order: forward (to the feature block, or to the image when one is
 * wanted) → point tracking → motion supervision (+ λ·mask term) → stop test → Adam update unless
 * stopped. Every array of a step lives in a sub-manager closed at the end of the step; the session's
 * own manager keeps the optimised latent, its Adam moments, the start features of the feature block
 * (for the mask term) and a mask; the reference vectors are on the Java heap.
 * <p>
 * A non-square (StyleGAN-Human) generator is dragged in the official padded square frame
 * ({@link SquarePadding}, docs/algorithm.md "Checkpoint families"); points, masks, tracked points and
 * images stay in the picture's own pixels.
 * <p>
 * Not thread-safe; one step at a time (DJL allows one gradient collector at a time).
 */
public final class DragSession implements AutoCloseable {

	private final Generator generator;
	private final GeneratorConfig config;
	private final DragParameters.Resolved params;
	private final NDManager manager;
	private final FeatureSampler sampler;
	private final int numWs, wDim;
	/** Side of the square frame the loop works in (the picture height). */
	private final int resolution;
	/** Where the picture sits in that frame (non-square generators). */
	private final SquarePadding padding;
	/** Start latent, [num_ws, w_dim] row-major. */
	private final float[] w0;
	/** Optimised variable, a leaf in the session's manager: [1, k, w_dim] (w+) or [1, 1, w_dim] (w). */
	private final NDArray latent;
	private final Adam adam;

	private int[] handleRow = new int[0], handleCol = new int[0];
	private double[] targetRow = new double[0], targetCol = new double[0];
	private MaskTerm mask;
	/** Feature-block output at the start of the current drag (F0 before resizing), or null. */
	private NDArray feat0;
	/** Reference feature of each handle, or null when they must be (re)taken at the next step. */
	private float[][] references;
	private int steps;
	/** Test hook run between the forward and the backward pass (e.g. a garbage collection). */
	Runnable afterForward = null;
	/** Rows k… of w0 as the generator gets them, made at the first step (session manager). */
	private NDArray w0Rest;
	/** Stage timer (bench drag), or null. */
	private StepStages stages;

	/**
	 * @param ws0 the start latent [num_ws × w_dim] (e.g. mapping output), row-major
	 */
	public DragSession(final Generator generator, final float[] ws0, final DragParameters parameters) {
		this.generator = generator;
		this.config = generator.config();
		this.params = parameters.resolve(config);
		this.numWs = config.numWs();
		this.wDim = config.wDim;
		this.resolution = config.imgResolution;
		this.padding = new SquarePadding(config);
		if (ws0.length != numWs * wDim) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the start latent has %d values; this generator needs %d x %d = %d", ws0.length, numWs, wDim, numWs * wDim));
		this.w0 = ws0.clone();
		final int rows = params.space == LatentSpace.W_PLUS ? params.optimisedLayers : 1; // w: official w[:, 0, :]
		final int fr = params.featureResolution;
		sampler = new FeatureSampler(fr, fr, resolution, resolution);
		manager = generator.manager().newSubManager();
		latent = manager.create(java.util.Arrays.copyOf(w0, rows * wDim), new Shape(1, rows, wDim));
		latent.setRequiresGradient(true);
		adam = new Adam(java.util.Collections.singletonMap("latent", latent), manager);
	}

	/** Times the stages of the following steps into {@code s} (null: off, the default). Numerics do not change. */
	public void timeStages(final StepStages s) {
		stages = s;
	}

	public DragParameters.Resolved parameters() {
		return params;
	}

	public GeneratorConfig config() {
		return config;
	}

	/** Steps done so far. */
	public int steps() {
		return steps;
	}

	/**
	 * Sets the handle/target pairs (x = column, y = row; handles rounded to the nearest pixel with
	 * Python's rule). The reference features are taken again at the next step if the number of pairs
	 * changed (as the official renderer does) or if a handle was moved away from where tracking left
	 * it (the official GUI cannot move a handle; a moved handle needs its own reference). Changing
	 * only targets keeps the references.
	 *
	 * @throws IllegalArgumentException for an empty list or a point outside the image
	 */
	public void setPoints(final List<PointPair> pairs) {
		if (pairs == null || pairs.isEmpty()) throw new IllegalArgumentException("no points given: place a handle and its target");
		PointPair.checkInside(pairs, padding.width, padding.height);
		final int n = pairs.size();
		final int[] hr = new int[n], hc = new int[n];
		final double[] tr = new double[n], tc = new double[n];
		boolean moved = n != handleRow.length;
		for (int i = 0; i < n; i++) {
			final PointPair p = pairs.get(i);
			hr[i] = (int) Math.rint(p.handleY);
			hc[i] = (int) Math.rint(padding.toFrame(p.handleX));
			tr[i] = p.targetY;
			tc[i] = padding.toFrame(p.targetX);
			if (!moved && (hr[i] != handleRow[i] || hc[i] != handleCol[i])) moved = true;
		}
		handleRow = hr;
		handleCol = hc;
		targetRow = tr;
		targetCol = tc;
		if (moved) resetReferences();
	}

	/** The current pairs: handles where tracking left them. */
	public List<PointPair> points() {
		final List<PointPair> out = new ArrayList<>();
		for (int i = 0; i < handleRow.length; i++)
			out.add(new PointPair(padding.toPicture(handleCol[i]), handleRow[i], targetCol[i] - padding.offset, targetRow[i]));
		return out;
	}

	/**
	 * The region allowed to change (the user's ROI, in the picture's pixels), or null for none. Outside the region the mask
	 * term holds the features to their start values. A region that allows everything, or nothing,
	 * adds no term (as in the official tools).
	 *
	 * @throws IllegalArgumentException for a region of the wrong size
	 */
	public void setMask(final EditRegion region) {
		if (mask != null) mask.close();
		mask = null;
		if (region == null) return;
		if (region.width != padding.width || region.height != padding.height) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the edit region is %dx%d; it must be %dx%d (width x height) like the generator image", region.width, region.height, padding.width,
			padding.height));
		final float[] editable = region.editable();
		final float[] fixed = new float[editable.length]; // the official convention inside the loss: 1 = fixed
		for (int i = 0; i < fixed.length; i++) fixed[i] = 1f - editable[i];
		// a non-square picture's mask is padded with fixed columns, as the frame outside the picture
		if (MaskTerm.isActive(fixed)) mask = new MaskTerm(padding.mask(fixed), resolution, resolution, manager);
	}

	public boolean hasMaskTerm() {
		return mask != null;
	}

	/** Take new reference features (and new start features for the mask) at the next step. */
	public void resetReferences() {
		references = null;
		if (feat0 != null) feat0.close();
		feat0 = null;
	}

	/** The latent fed to the generator now: rows < 6 from the optimised variable, later rows w0. */
	public float[] ws() {
		final float[] ws = w0.clone();
		final float[] rows = latent.toFloatArray();
		final int k = params.optimisedLayers;
		for (int r = 0; r < k; r++)
			System.arraycopy(rows, params.space == LatentSpace.W_PLUS ? r * wDim : 0, ws, r * wDim, wDim);
		return ws;
	}

	/** The generator image of the current latent (no gradients). */
	public GeneratorImage render() {
		try (NDManager step = manager.newSubManager()) {
			final NDArray ws = step.create(ws(), new Shape(1, numWs, wDim));
			final Synthesis s = generator.synthesis(ws, SynthesisOptions.imageOnly());
			return toImage(s.image());
		}
	}

	/**
	 * One drag step.
	 *
	 * @param wantImage also run the blocks after the feature block and return the image
	 * @throws IllegalStateException if no points were set
	 */
	public StepResult step(final boolean wantImage) {
		if (handleRow.length == 0) throw new IllegalStateException("set the points before dragging");
		final long t0 = System.nanoTime();
		final int n = handleRow.length;
		final List<double[]> tracked = new ArrayList<>();
		final int[] disc = new int[n];
		double lossMotion = 0, lossMask = 0;
		boolean stop = true;
		GeneratorImage image = null;
		try (NDManager step = manager.newSubManager();
			GradientCollector collector = Engine.getInstance().newGradientCollector())
		{
			if (stages != null) stages.start();
			// docs/algorithm.md#latent-fed-to-the-generator: ws = cat(w[:, :6], w0[:, 6:]), w broadcast to 6 rows in w mode
			final int k = params.optimisedLayers;
			latent.tempAttach(step); // the arrays derived from it, and its gradient, land in the step's manager
			NDArray ws = params.space == LatentSpace.W_PLUS ? latent : latent.repeat(1, k);
			if (numWs > k) {
				if (w0Rest == null) { // on the drag's device once, not copied there every step (docs/gpu.md)
					w0Rest = manager.create(java.util.Arrays.copyOfRange(w0, k * wDim, numWs * wDim), new Shape(1, numWs - k, wDim));
				}
				ws = ws.concat(w0Rest, 1);
			}
			// step 1: forward
			final StepStages timer = stages;
			final int fb = params.featureBlock;
			// lazy image: the blocks after the feature block run after the backward pass (below), so their activations never
			// coexist with the recorded graph (docs/design.md#native-memory); same values
			final Synthesis syn = generator.synthesis(ws, new SynthesisOptions().noise(NoiseMode.CONST)
				.lastBlock(wantImage ? -1 : fb).image(wantImage).gradientUpToBlock(fb).lazyImage(true)
				.constantRowsFrom(k)); // rows k… are w0: no gradient to compute for them
			if (timer != null) timer.end(StepStages.Stage.FORWARD_TO_FEATURES);
			final NDArray feat = padding.features(syn.features().get(fb));
			final NDArray featDetached = feat.stopGradient();
			if (afterForward != null) {
				afterForward.run();
				if (timer != null) timer.restart();
			}
			// step 2: references at the first step after a reset
			if (references == null) {
				references = new float[n][];
				for (int j = 0; j < n; j++) {
					references[j] = sampler.window(featDetached, handleRow[j], handleRow[j] + 1, handleCol[j],
						handleCol[j] + 1).toFloatArray();
				}
			}
			final boolean firstStep = feat0 == null;
			// point tracking (no gradient)
			for (int j = 0; j < n; j++) {
				final PointTracker.Match m = PointTracker.track(sampler, featDetached, references[j], handleRow[j],
					handleCol[j], params.r2, padding.offset, padding.offset + padding.width);
				handleRow[j] = m.row;
				handleCol[j] = m.col;
				tracked.add(new double[] { padding.toPicture(m.col), m.row });
			}
			if (timer != null) timer.end(StepStages.Stage.TRACKING);
			// motion supervision with the tracked points
			NDArray loss = null;
			final List<NDArray> freedAfterBackward = new ArrayList<>(); // full-size parts of the loss (docs/design.md#native-memory)
			for (int j = 0; j < n; j++) {
				if (MotionSupervision.distance(handleRow[j], handleCol[j], targetRow[j], targetCol[j]) > (float) params.stopDistance)
					stop = false;
				final NDArray lj = MotionSupervision.loss(sampler, feat, featDetached, handleRow[j], handleCol[j],
					targetRow[j], targetCol[j], params.r1);
				if (lj != null) {
					disc[j] = MotionSupervision.discSize(handleRow[j], handleCol[j], params.r1, resolution, resolution);
					lossMotion += lj.getFloat();
					loss = loss == null ? lj : loss.add(lj);
				}
			}
			// mask term: value, and its gradient when an update follows
			if (mask != null) {
				final boolean update = !stop && params.lambdaMask != 0;
				final MaskTerm.Value v = mask.evaluate(featDetached, firstStep ? featDetached : feat0, update);
				lossMask = v.loss;
				if (update) {
					// λ folded into the constant: DJL's scalar ops (x.mul(Number)) hand autograd a scalar
					// tensor whose Java buffer is freed right away, which a GC before backward corrupts
					final NDArray scaled = v.gradient.mul(params.lambdaMask), weighted = feat.mul(scaled);
					final NDArray surrogate = weighted.sum();
					freedAfterBackward.add(v.gradient);
					freedAfterBackward.add(scaled);
					freedAfterBackward.add(weighted);
					loss = loss == null ? surrogate : loss.add(surrogate);
				}
			}
			if (timer != null) timer.end(StepStages.Stage.LOSS);
			// update unless stopped; the image of this step's latent before the update
			final boolean descend = !stop && loss != null;
			if (descend) {
				collector.backward(loss);
				for (final NDArray a : freedAfterBackward) a.close();
				if (timer != null) timer.end(StepStages.Stage.BACKWARD);
			}
			if (firstStep) {
				feat0 = featDetached.duplicate();
				feat0.attach(manager);
			}
			if (wantImage) {
				final NDArray img = syn.image();
				if (timer != null) timer.end(StepStages.Stage.REST_OF_SYNTHESIS);
				image = toImage(img);
				if (timer != null) timer.end(StepStages.Stage.FRAME);
			}
			if (descend) {
				final NDArray grad = latent.getGradient();
				if (grad.isNaN().logicalOr(grad.isInfinite()).any().getBoolean()) { // one value copied, not the gradient
					Adam.zeroGradients(java.util.Collections.singletonList(latent), step);
					throw new IllegalStateException("drag step " + steps +
						": the gradient is not finite (NaN or infinite); the latent was left unchanged");
				}
				adam.step(params.learningRate, step);
				if (timer != null) timer.end(StepStages.Stage.ADAM);
			}
		}
		if (stages != null) stages.stepDone();
		final int index = steps++;
		return new StepResult(index, tracked, lossMotion, lossMask, lossMotion + params.lambdaMask * lossMask, stop,
			(System.nanoTime() - t0) / 1e6, image, disc);
	}

	private static GeneratorImage toImage(final NDArray img) {
		final Shape s = img.getShape(); // [1, C, H, W]
		return new GeneratorImage((int) s.get(1), (int) s.get(2), (int) s.get(3), img.toFloatArray());
	}

	/** The reference feature of handle {@code j} (a copy), or null before the first step after a reset. */
	public float[] referenceFeature(final int j) {
		return references == null ? null : references[j].clone();
	}

	/** The optimiser (its step count). */
	public Adam optimizer() {
		return adam;
	}

	@Override
	public void close() {
		manager.close();
	}
}
