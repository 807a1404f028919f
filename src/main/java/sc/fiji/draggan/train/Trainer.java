package sc.fiji.draggan.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.engine.GraphConstants;
import sc.fiji.draggan.engine.TorchAutograd;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.optim.Adam;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * StyleGAN2 training loop (StyleGAN2-ADA {@code training_loop.py} + {@code loss.py}, without
 * augmentation and path-length regularisation): per iteration a G step (non-saturating logistic
 * loss), a D step (logistic loss on fakes and reals), every {@code r1Interval} iterations a lazy
 * R1 step, then the EMA update of G. G and G_ema are the inference generator
 * ({@link StyleGan2Generator}); G's weights require gradient for the whole run. Every array of an
 * iteration lives in a sub-manager closed at its end. All randomness comes from one {@link Rng},
 * saved in checkpoints, so a resumed run continues exactly.
 */
public final class Trainer implements AutoCloseable {

	private final TrainOptions opt;
	private final ImageDataset data;
	private final NDManager root;
	private final StyleGan2Generator g, gEma;
	private final Discriminator d;
	private final Adam adamG, adamD;
	private final double lrD;
	private Rng rng;
	private long iteration, nimg;
	private final AdaptiveAugmentation augment;
	private double seconds;
	private final TrainStats stats = new TrainStats();

	/** @param saved a checkpoint's tensors to start from, or null for StyleGAN2's initialisation */
	private Trainer(final TrainOptions opt, final ImageDataset data, final NDManager parent, final StateDict saved) {
		this.opt = opt.validate();
		if (data.resolution() != opt.resolution || data.channels() != opt.channels)
			throw new IllegalArgumentException("data are " + data.channels() + "x" + data.resolution() + "x" + data.resolution() +
				", options say " + opt.channels + "x" + opt.resolution);
		if (data.size() == 0) throw new IllegalArgumentException("no training images");
		this.data = data;
		this.root = parent.newSubManager();
		try {
			final GeneratorConfig cfg = opt.generatorConfig();
			g = new StyleGan2Generator(cfg, saved != null ? part(saved, "G.") : RandomWeights.official(cfg, opt.seed), root, root.getDevice());
			gEma = saved != null ? new StyleGan2Generator(cfg, part(saved, "G_ema."), root, root.getDevice()) : g.copy(root);
			d = Discriminator.initialise(cfg, opt.channelBase, opt.channelMax, opt.seed + 1, root.newSubManager());
			if (saved != null) d.params().load(saved, "D.");
			g.setWeightsRequireGradient(true);
			d.params().setRequiresGradient(true);
			// nan_to_num of the gradients before every step, as training_loop.py does
			adamG = new Adam(learnable(g.weights()), opt.beta1, opt.beta2, 1e-8, root).sanitisingGradients();
			// lazy regularisation: lr and betas scaled by interval/(interval+1) (training_loop.py)
			final double ratio = opt.r1Interval / (opt.r1Interval + 1.0);
			lrD = opt.lrD * ratio;
			adamD = new Adam(d.params().learnable(), Math.pow(opt.beta1, ratio), Math.pow(opt.beta2, ratio), 1e-8, root).sanitisingGradients();
		}
		catch (final RuntimeException e) {
			root.close();
			throw e;
		}
		rng = new Rng(opt.seed + 2);
		augment = new AdaptiveAugmentation(opt);
	}

	private static Map<String, NDArray> learnable(final Map<String, NDArray> weights) {
		final Map<String, NDArray> out = new LinkedHashMap<>();
		for (final Map.Entry<String, NDArray> e : weights.entrySet())
			if (!StateDict.isBuffer(e.getKey())) out.put(e.getKey(), e.getValue());
		return out;
	}

	/** The tensors named {@code prefix + name}, as {@code name}. */
	private static StateDict part(final StateDict sd, final String prefix) {
		final StateDict out = new StateDict();
		for (final Map.Entry<String, TensorData> e : sd.asMap().entrySet())
			if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
		return out;
	}

	/** A fresh run. */
	public static Trainer create(final TrainOptions opt, final ImageDataset data, final NDManager parent) {
		return new Trainer(opt, data, parent, null);
	}

	/**
	 * A fresh run that starts from a trained model instead of StyleGAN2's initialisation
	 * (fine-tuning, as StyleGAN2-ADA's {@code --resume} with a network pickle): G and G_ema both
	 * start from the model's G_ema, D from its discriminator; optimisers, counters and random
	 * numbers start fresh. The model's architecture must match {@code opt}.
	 */
	public static Trainer fineTune(final TrainOptions opt, final ImageDataset data, final NDManager parent, final Checkpoint model) {
		if (model.discriminator() == null || model.discriminator().asMap().isEmpty())
			throw new IllegalArgumentException("the model has no discriminator: fine-tuning needs one (a bundle written by draggan train)");
		final GeneratorConfig want = opt.generatorConfig(), have = model.generatorConfig();
		final String w = shape(want), h = shape(have);
		if (!w.equals(h))
			throw new IllegalArgumentException("the model's architecture (" + h + ") differs from the run's (" + w + "): pass the same --res, --channel-base, --channel-max and --z-dim");
		final StateDict sd = new StateDict();
		copyInto(sd, "G.", model.generator());
		copyInto(sd, "G_ema.", model.generator());
		copyInto(sd, "D.", model.discriminator());
		return new Trainer(opt, data, parent, sd);
	}

	private static String shape(final GeneratorConfig c) {
		return c.imgChannels + "x" + c.imgResolution + " px, " + c.architecture + ", z " + c.zDim + ", w " + c.wDim + ", " + c.mappingLayers +
			" mapping layers, channel base " + c.channelBase + ", max " + c.channelMax;
	}

	/** Continues the run saved in {@code checkpoint}; its options win, except {@code kimg} (the new target) if given > 0. */
	public static Trainer resume(final Path checkpoint, final ImageDataset data, final NDManager parent, final double kimg) throws IOException {
		return resume(checkpoint, data, parent, ResumeSettings.kimg(kimg));
	}

	/** As {@link #resume(Path, ImageDataset, NDManager, double)}, with the changes of {@code settings} (length, R1 weight, rates). */
	public static Trainer resume(final Path checkpoint, final ImageDataset data, final NDManager parent, final ResumeSettings settings)
		throws IOException
	{
		final StateDict sd = new StateDict();
		final Map<String, String> meta = SafetensorsFile.read(checkpoint, sd);
		final Trainer t = new Trainer(settings.applyTo(storedOptions(checkpoint, meta)), data, parent, sd);
		t.adamG.loadState(sd, "opt_G.", Long.parseLong(meta.get("adam_g_steps")));
		t.adamD.loadState(sd, "opt_D.", Long.parseLong(meta.get("adam_d_steps")));
		t.rng = Rng.restore(meta.get("rng"));
		t.iteration = Long.parseLong(meta.get("iteration"));
		t.nimg = Long.parseLong(meta.get("nimg"));
		t.seconds = Double.parseDouble(meta.get("seconds"));
		t.augment.restore(meta);
		return t;
	}

	/** The options a resumed run uses: those stored in the checkpoint with the changes of {@code settings}. */
	public static TrainOptions resumeOptions(final Path checkpoint, final ResumeSettings settings) throws IOException {
		return settings.applyTo(storedOptions(checkpoint, SafetensorsFile.read(checkpoint, new StateDict())));
	}

	private static TrainOptions storedOptions(final Path checkpoint, final Map<String, String> meta) throws IOException {
		if (!meta.containsKey("train_options")) throw new IOException(checkpoint + " is not a training checkpoint of draggan train");
		return TrainOptions.fromJson(meta.get("train_options"));
	}

	public void saveCheckpoint(final Path file) throws IOException {
		final StateDict sd = new StateDict();
		copyInto(sd, "G.", g.toStateDict());
		copyInto(sd, "G_ema.", gEma.toStateDict());
		copyInto(sd, "D.", d.params().toStateDict(""));
		adamG.putState(sd, "opt_G.");
		adamD.putState(sd, "opt_D.");
		final Map<String, String> meta = new LinkedHashMap<>();
		meta.put("format", "draggan-train-checkpoint");
		meta.put("train_options", opt.toJson());
		meta.put("generator_config", opt.generatorConfig().toJson());
		meta.put("discriminator_kwargs", new com.google.gson.Gson().toJson(d.kwargs()));
		meta.put("adam_g_steps", Long.toString(adamG.steps()));
		meta.put("adam_d_steps", Long.toString(adamD.steps()));
		meta.put("rng", rng.save());
		meta.put("iteration", Long.toString(iteration));
		meta.put("nimg", Long.toString(nimg));
		meta.put("seconds", Double.toString(seconds));
		augment.save(meta);
		SafetensorsFile.write(file, sd, meta);
	}

	private static void copyInto(final StateDict to, final String prefix, final StateDict from) {
		for (final Map.Entry<String, TensorData> e : from.asMap().entrySet()) to.put(prefix + e.getKey(), e.getValue());
	}

	/** One training iteration (G step, D step, maybe R1 step, EMA). */
	public TrainStats step() {
		final long t0 = System.nanoTime();
		final int n = opt.batch;
		// G main: softplus(-D(G(z)))
		try (NDManager s = root.newSubManager()) {
			d.params().tempAttach(s);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray fake = generateForTraining(s, n, false);
				final NDArray loss = Activation.softPlus(d.forward(augmentation(n).apply(fake)).neg()).mean();
				gc.backward(loss);
				stats.lossG = loss.getFloat();
			}
			adamG.step(opt.lrG, s);
			Adam.zeroGradients(d.params().learnable().values(), s);
		}
		// D main: softplus(D(G(z))) + softplus(-D(x))
		try (NDManager s = root.newSubManager()) {
			d.params().tempAttach(s);
			final NDArray[] fake = new NDArray[1];
			// G records nothing here: it gets no gradient from D's loss
			TorchAutograd.withoutRecording(() -> fake[0] = generateForTraining(s, n, true));
			final NDArray real = realBatch(s, n);
			final Augment.Plan augFake = augmentation(n), augReal = augmentation(n);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray lossFake = Activation.softPlus(d.forward(augFake.apply(fake[0]))).mean();
				final NDArray realLogits = d.forward(augReal.apply(real));
				final NDArray lossReal = Activation.softPlus(realLogits.neg()).mean();
				augment.observeReal(realLogits);
				final NDArray loss = lossFake.add(lossReal);
				gc.backward(loss);
				stats.lossDFake = lossFake.getFloat();
				stats.lossDReal = lossReal.getFloat();
			}
			adamD.step(lrD, s);
			// lazy R1 on the same reals
			if (opt.gammaValue() > 0 && iteration % opt.r1Interval == 0) {
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					// on the same augmented reals (loss.py runs R1 through the augment pipe too)
					final NDArray penalty = R1Estimate.penalty(x -> d.forward(augReal.apply(x)), real, rng, opt.r1Epsilon); // [N], ≈ |∇x D(x)|²
					final NDArray loss = GraphConstants.scale(penalty.mean(), opt.gammaValue() / 2 * opt.r1Interval);
					gc.backward(loss);
					stats.r1 = penalty.mean().getFloat();
				}
				adamD.step(lrD, s);
			}
		}
		nimg += n;
		iteration++;
		augment.afterIteration(iteration, stats);
		updateEma();
		seconds += (System.nanoTime() - t0) / 1e9;
		stats.kimg = nimg / 1000.0;
		stats.iteration = iteration;
		stats.seconds = seconds;
		stats.targetKimg = opt.kimg;
		return stats;
	}

	/** A fresh draw of D's input augmentation for n images (identity when p = 0). */
	private Augment.Plan augmentation(final int n) {
		return Augment.sample(rng, n, data.channels(), data.resolution(), augment.p());
	}

	/** The current augmentation probability. */
	public double augmentP() {
		return augment.p();
	}

	/** G(z) with style mixing (prob. {@code styleMixing}, one cut-off per batch) and random noise. */
	private NDArray generateForTraining(final NDManager s, final int n, final boolean updateWAvg) {
		final GeneratorConfig cfg = g.config();
		NDArray ws = g.mapping(s.create(rng.gaussians(n * cfg.zDim), new Shape(n, cfg.zDim)), null, 1, -1);
		if (updateWAvg) updateWAvg(ws, cfg.wAvgBeta);
		if (opt.styleMixing > 0 && rng.nextDouble() < opt.styleMixing) {
			final int cutoff = 1 + rng.nextInt(cfg.numWs() - 1);
			final NDArray ws2 = g.mapping(s.create(rng.gaussians(n * cfg.zDim), new Shape(n, cfg.zDim)), null, 1, -1);
			ws = ws.get(":, :" + cutoff + ", :").concat(ws2.get(":, " + cutoff + ":, :"), 1);
		}
		return g.synthesis(ws, SynthesisOptions.imageOnly().noise(NoiseMode.RANDOM).noiseSeed(rng.nextLong())).image();
	}

	/** Moves {@code mapping.w_avg} towards the batch mean of w: lerp(mean, w_avg, β), in place, no gradient. */
	private void updateWAvg(final NDArray ws, final double beta) {
		final NDArray mean = ws.get(":, 0, :").stopGradient().mean(new int[] { 0 });
		g.wAvg().muli((float) beta).addi(mean.mul((float) (1 - beta)));
	}

	/** n random training images, each x-flipped with probability 1/2 when enabled. */
	private NDArray realBatch(final NDManager s, final int n) {
		final int c = data.channels(), r = data.resolution(), per = c * r * r;
		final float[] batch = new float[n * per];
		for (int i = 0; i < n; i++) {
			final float[] img = data.get(rng.nextInt(data.size()));
			final boolean flip = opt.xflip && rng.nextDouble() < 0.5;
			if (!flip) System.arraycopy(img, 0, batch, i * per, per);
			else for (int ch = 0; ch < c; ch++)
				for (int y = 0; y < r; y++)
					for (int x = 0; x < r; x++) batch[i * per + (ch * r + y) * r + x] = img[(ch * r + y) * r + (r - 1 - x)];
		}
		return s.create(batch, new Shape(n, c, r, r));
	}

	/** G_ema ← G + (G_ema − G)·β with β = 0.5^(batch / ema_nimg), ema_nimg ramped up (training_loop.py). */
	private void updateEma() {
		double emaNimg = opt.emaKimgValue() * 1000;
		if (opt.emaRampup > 0) emaNimg = Math.min(emaNimg, nimg * opt.emaRampup);
		final float beta = (float) Math.pow(0.5, opt.batch / Math.max(emaNimg, 1e-8));
		try (NDManager s = root.newSubManager()) {
			TorchAutograd.withoutRecording(() -> {
				final NDArray rest = s.create(1 - beta);
				for (final Map.Entry<String, NDArray> e : gEma.weights().entrySet()) {
					final NDArray src = g.weights().get(e.getKey());
					if (!StateDict.isBuffer(e.getKey())) e.getValue().muli(beta).addi(rest.mul(src));
					else e.getValue().muli(0f).addi(src);
				}
			});
		}
		gEma.refreshDerivedWeights();
	}

	/** G: its weights require gradient. */
	public StyleGan2Generator generator() {
		return g;
	}

	/** G_ema, ready to generate. */
	public StyleGan2Generator generatorEma() {
		return gEma;
	}

	public Discriminator discriminator() {
		return d;
	}

	public TrainOptions options() {
		return opt;
	}

	public long iteration() {
		return iteration;
	}

	public long nimg() {
		return nimg;
	}

	public NDManager manager() {
		return root;
	}

	public boolean done() {
		return nimg >= opt.kimg * 1000;
	}

	@Override
	public void close() {
		root.close();
	}
}
