package sc.fiji.draggan.train;

import com.google.gson.Gson;

import sc.fiji.draggan.model.GeneratorConfig;

/**
 * Hyper-parameters of a training run, with StyleGAN2-ADA's 'auto' configuration as the model
 * (train.py cfg 'auto'): Adam lr 0.0025, betas (0, 0.99), R1 γ = 0.0002·R²/batch every 16
 * steps (lazy), EMA half-life batch·10/32 kimg with a 5% ramp-up, 2 mapping layers, style mixing
 * 0.9, x-flips. Sizes default to a small network that trains on a CPU.
 */
public final class TrainOptions {

	public int resolution = 64;
	public int channels = 1;
	public double kimg = 20;
	public int batch = 16;
	public long seed = 0;
	public int zDim = 128, wDim = 128, mappingLayers = 2;
	public int channelBase = 2048, channelMax = 64;
	public double lrG = 0.0025, lrD = 0.0025, beta1 = 0, beta2 = 0.99;
	/** R1 weight; negative = the auto heuristic 0.0002·R²/batch. */
	public double gamma = -1;
	public int r1Interval = 16;
	/** Finite-difference step of the R1 estimate (in image units, images in [-1, 1]). */
	public double r1Epsilon = 0.01;
	/** EMA half-life in kimg; negative = batch·10/32 /1000·1000 (official auto: batch·10/32). */
	public double emaKimg = -1;
	public double emaRampup = 0.05;
	public double styleMixing = 0.9;
	public boolean xflip = true;
	/**
	 * Augmentation of D's inputs ({@link Augment}): "ada" (p adapted so that E[sign D(real)] stays
	 * at {@code adaTarget}; StyleGAN2-ADA's default), "none" or "fixed" (p = {@code augmentP} throughout).
	 */
	public String augment = "ada";
	/** The fixed p, or ADA's starting p. */
	public double augmentP = 0;
	/** ADA: target of r_t = E[sign D(real)], iterations between p updates, kimg for p to move by 1 (official 0.6, 4, 500; shorter for short runs). */
	public double adaTarget = 0.6;
	public int adaInterval = 4;
	public double adaKimg = 100;
	/** Snapshot (grid + model + checkpoint) interval in kimg; 0 = only at the end. */
	public double snapshotKimg = 1;
	/** A model bundle (G_ema + D, as {@code draggan train} writes) to start from instead of random weights; null = from scratch. */
	public String initModel = null;

	/**
	 * The settings that trained the bundled model stably on 64 px cell crops (docs/default-model.md):
	 * Adam lr 0.001 (G and D), R1 γ 5, batch 16, adaptive augmentation, channel base 1024 and max 64,
	 * 64 px, 10 kimg. The Fiji command's and dialog's defaults; the command line keeps StyleGAN2-ADA's
	 * (lr 0.0025, automatic γ), which collapsed on those data.
	 */
	public static TrainOptions stable() {
		final TrainOptions t = new TrainOptions();
		t.resolution = 64;
		t.kimg = 10;
		t.batch = 16;
		t.lrG = t.lrD = 0.001;
		t.gamma = 5;
		t.augment = "ada";
		t.channelBase = 1024;
		t.channelMax = 64;
		t.snapshotKimg = 1;
		return t;
	}

	/** Sets the augmentation from its user spelling: "none", "ada" or a fixed probability in [0, 1]. */
	public TrainOptions augmentation(final String spec) {
		final String a = spec.trim();
		if ("none".equals(a) || "ada".equals(a)) augment = a;
		else {
			final double p;
			try {
				p = Double.parseDouble(a);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("augmentation must be none, ada or a probability in [0, 1], got " + spec);
			}
			if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("augmentation probability must be in [0, 1], got " + spec);
			augment = "fixed";
			augmentP = p;
		}
		return this;
	}

	public double gammaValue() {
		return gamma >= 0 ? gamma : 0.0002 * resolution * resolution / batch;
	}

	public double emaKimgValue() {
		return emaKimg >= 0 ? emaKimg : batch * 10.0 / 32;
	}

	public GeneratorConfig generatorConfig() {
		final GeneratorConfig c = new GeneratorConfig();
		c.zDim = zDim;
		c.wDim = wDim;
		c.cDim = 0;
		c.imgResolution = resolution;
		c.imgChannels = channels;
		c.mappingLayers = mappingLayers;
		c.channelBase = channelBase;
		c.channelMax = channelMax;
		c.numFp16Res = 0;
		c.convClamp = null;
		c.architecture = GeneratorConfig.SKIP;
		return c.validate();
	}

	public TrainOptions validate() {
		if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
		if (batch > 4 && batch % 4 != 0) throw new IllegalArgumentException("--batch must be a multiple of 4 (minibatch std groups), got " + batch);
		if (kimg <= 0) throw new IllegalArgumentException("--kimg must be positive");
		if (!"none".equals(augment) && !"ada".equals(augment) && !"fixed".equals(augment))
			throw new IllegalArgumentException("augment must be none, ada or fixed, got " + augment);
		if (!(augmentP >= 0 && augmentP <= 1)) throw new IllegalArgumentException("augmentation probability must be in [0, 1], got " + augmentP);
		generatorConfig();
		return this;
	}

	public String toJson() {
		return new Gson().toJson(this);
	}

	public static TrainOptions fromJson(final String json) {
		final TrainOptions o = new Gson().fromJson(json, TrainOptions.class);
		if (!json.contains("\"augment\"")) o.augment = "none"; // written before augmentation existed: resume as it ran
		return o;
	}
}
