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
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * StyleGAN2 training loop (StyleGAN2-ADA {@code training_loop.py} + {@code loss.py}, without
 * augmentation and path-length regularisation): per iteration a G step (non-saturating logistic
 * loss), a D step (logistic loss on fakes and reals), every {@code r1Interval} iterations a lazy
 * R1 step, then the EMA update of G. Every array of an iteration lives in a sub-manager closed at
 * its end. All randomness comes from one {@link Rng}, saved in checkpoints, so a resumed run
 * continues exactly.
 */
public final class Trainer implements AutoCloseable {

	private final TrainOptions opt;
	private final ImageDataset data;
	private final NDManager root;
	private final TrainableGenerator g, gEma;
	private final Discriminator d;
	private final Adam adamG, adamD;
	private Rng rng;
	private long iteration, nimg;
	private final AdaptiveAugmentation augment;
	private double seconds;
	private final TrainStats stats = new TrainStats();

	private Trainer(final TrainOptions opt, final ImageDataset data, final NDManager parent) {
		this.opt = opt.validate();
		if (data.resolution() != opt.resolution || data.channels() != opt.channels)
			throw new IllegalArgumentException("data are " + data.channels() + "x" + data.resolution() + "x" + data.resolution() +
				", options say " + opt.channels + "x" + opt.resolution);
		if (data.size() == 0) throw new IllegalArgumentException("no training images");
		this.data = data;
		this.root = parent.newSubManager();
		final GeneratorConfig cfg = opt.generatorConfig();
		g = TrainableGenerator.initialise(cfg, opt.seed, root.newSubManager());
		gEma = new TrainableGenerator(cfg, g.params().copy(root.newSubManager()));
		d = Discriminator.initialise(cfg, opt.channelBase, opt.channelMax, opt.seed + 1, root.newSubManager());
		g.params().setRequiresGradient(true);
		d.params().setRequiresGradient(true);
		adamG = new Adam(g.params(), opt.lrG, opt.beta1, opt.beta2, 1e-8);
		// lazy regularisation: lr and betas scaled by interval/(interval+1) (training_loop.py)
		final double ratio = opt.r1Interval / (opt.r1Interval + 1.0);
		adamD = new Adam(d.params(), opt.lrD * ratio, Math.pow(opt.beta1, ratio), Math.pow(opt.beta2, ratio), 1e-8);
		rng = new Rng(opt.seed + 2);
		augment = new AdaptiveAugmentation(opt);
	}

	/** A fresh run. */
	public static Trainer create(final TrainOptions opt, final ImageDataset data, final NDManager parent) {
		return new Trainer(opt, data, parent);
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
		final Trainer t = new Trainer(settings.applyTo(storedOptions(checkpoint, meta)), data, parent);
		t.g.params().load(sd, "G.");
		t.gEma.params().load(sd, "G_ema.");
		t.d.params().load(sd, "D.");
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
		copyInto(sd, g.params().toStateDict("G."));
		copyInto(sd, gEma.params().toStateDict("G_ema."));
		copyInto(sd, d.params().toStateDict("D."));
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

	private static void copyInto(final StateDict to, final StateDict from) {
		for (final Map.Entry<String, sc.fiji.draggan.tensor.TensorData> e : from.asMap().entrySet()) to.put(e.getKey(), e.getValue());
	}

	/** One training iteration (G step, D step, maybe R1 step, EMA). */
	public TrainStats step() {
		final long t0 = System.nanoTime();
		final int n = opt.batch;
		// G main: softplus(-D(G(z)))
		try (NDManager s = root.newSubManager()) {
			g.params().tempAttach(s);
			d.params().tempAttach(s);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray fake = generateForTraining(s, n, false);
				final NDArray loss = Activation.softPlus(d.forward(augmentation(n).apply(fake)).neg()).mean();
				gc.backward(loss);
				stats.lossG = loss.getFloat();
			}
			adamG.step(s);
			Adam.zeroGradients(d.params());
		}
		// D main: softplus(D(G(z))) + softplus(-D(x))
		try (NDManager s = root.newSubManager()) {
			g.params().tempAttach(s);
			d.params().tempAttach(s);
			final NDArray fake;
			g.params().setRequiresGradient(false);
			try {
				fake = generateForTraining(s, n, true);
			}
			finally {
				g.params().setRequiresGradient(true);
			}
			final NDArray real = realBatch(s, n);
			final Augment.Plan augFake = augmentation(n), augReal = augmentation(n);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray lossFake = Activation.softPlus(d.forward(augFake.apply(fake.stopGradient()))).mean();
				final NDArray realLogits = d.forward(augReal.apply(real));
				final NDArray lossReal = Activation.softPlus(realLogits.neg()).mean();
				augment.observeReal(realLogits);
				final NDArray loss = lossFake.add(lossReal);
				gc.backward(loss);
				stats.lossDFake = lossFake.getFloat();
				stats.lossDReal = lossReal.getFloat();
			}
			adamD.step(s);
			// lazy R1 on the same reals
			if (opt.gammaValue() > 0 && iteration % opt.r1Interval == 0) {
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					// on the same augmented reals (loss.py runs R1 through the augment pipe too)
					final NDArray penalty = R1Estimate.penalty(x -> d.forward(augReal.apply(x)), real, rng, opt.r1Epsilon); // [N], ≈ |∇x D(x)|²
					final NDArray loss = Ops.scale(penalty.mean(), opt.gammaValue() / 2 * opt.r1Interval);
					gc.backward(loss);
					stats.r1 = penalty.mean().getFloat();
				}
				adamD.step(s);
			}
			Adam.zeroGradients(g.params());
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
		final NDArray z = s.create(rng.gaussians(n * cfg.zDim), new Shape(n, cfg.zDim));
		final NDArray w = g.mapping(z);
		if (updateWAvg) g.updateWAvg(w);
		NDArray ws = w.expandDims(1).repeat(1, cfg.numWs());
		if (opt.styleMixing > 0 && rng.nextDouble() < opt.styleMixing) {
			final int cutoff = 1 + rng.nextInt(cfg.numWs() - 1);
			final NDArray z2 = s.create(rng.gaussians(n * cfg.zDim), new Shape(n, cfg.zDim));
			final NDArray w2 = g.mapping(z2);
			ws = ws.get(":, :" + cutoff + ", :").concat(w2.expandDims(1).repeat(1, cfg.numWs() - cutoff), 1);
		}
		return g.synthesis(ws, rng);
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
			g.params().tempAttach(s);
			gEma.params().tempAttach(s);
			for (final Map.Entry<String, NDArray> e : gEma.params().all().entrySet()) {
				final NDArray src = g.params().get(e.getKey()).stopGradient();
				// in place (never set(float[]): see Adam.zeroInPlace)
				if (Params.isLearnable(e.getKey())) e.getValue().muli(beta).addi(s.create(1 - beta).mul(src));
				else e.getValue().muli(0f).addi(src);
			}
		}
	}

	public TrainableGenerator generator() {
		return g;
	}

	public TrainableGenerator generatorEma() {
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

	public double seconds() {
		return seconds;
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
