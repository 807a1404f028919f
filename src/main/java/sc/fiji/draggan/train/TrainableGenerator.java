package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * StyleGAN2 generator ('skip' architecture, no class input) for training: the exact forward maths
 * of spec §4.2–4.11 on DJL with autograd, parameters under the official state-dict names
 * ({@code mapping.fc0.weight}, {@code synthesis.b8.conv0.affine.bias}, …), so the trained weights
 * load into the inference generator and into the official code. Noise is per-sample random
 * ({@code noise_mode='random'}) when a {@link Rng} is given, else the stored {@code noise_const}.
 * Modulated convolutions use the non-fused form (same maths, spec §4.6).
 */
public final class TrainableGenerator {

	private final GeneratorConfig cfg;
	private final Params p;

	public TrainableGenerator(final GeneratorConfig cfg, final Params params) {
		if (cfg.cDim != 0) throw new IllegalArgumentException("conditional generators cannot be trained here (c_dim must be 0)");
		if (!GeneratorConfig.SKIP.equals(cfg.architecture)) throw new IllegalArgumentException("training supports the 'skip' architecture only");
		this.cfg = cfg;
		this.p = params;
	}

	public GeneratorConfig config() {
		return cfg;
	}

	public Params params() {
		return p;
	}

	/** StyleGAN2's initialisation (networks_stylegan2.py): weights N(0,1) (FC: / lr_multiplier), biases 0, affine biases 1, noise strengths 0. */
	public static TrainableGenerator initialise(final GeneratorConfig cfg, final long seed, final NDManager manager) {
		cfg.validate();
		final Rng r = new Rng(seed);
		final Params p = new Params(manager);
		final float[] filter = Ops.filter();
		final int zIn = cfg.zDim;
		for (int i = 0; i < cfg.mappingLayers; i++) {
			final int in = i == 0 ? zIn : cfg.hiddenWidth();
			final int out = i == cfg.mappingLayers - 1 ? cfg.wDim : cfg.hiddenWidth();
			p.put("mapping.fc" + i + ".weight", scaled(r.gaussians(out * in), 1 / cfg.mappingLrMultiplier), out, in);
			p.put("mapping.fc" + i + ".bias", new float[out], out);
		}
		p.put("mapping.w_avg", new float[cfg.wDim], cfg.wDim);
		for (int b = 0; b < cfg.numBlocks(); b++) {
			final int res = cfg.blockResolution(b);
			final int out = cfg.channels(res);
			final String pre = "synthesis.b" + res + ".";
			if (res == 4) p.put(pre + "const", r.gaussians(out * 16), out, 4, 4);
			else layer(p, r, pre + "conv0.", cfg.channels(res / 2), out, res, cfg.wDim, filter);
			layer(p, r, pre + "conv1.", out, out, res, cfg.wDim, filter);
			p.put(pre + "torgb.weight", r.gaussians(cfg.imgChannels * out), cfg.imgChannels, out, 1, 1);
			p.put(pre + "torgb.bias", new float[cfg.imgChannels], cfg.imgChannels);
			p.put(pre + "torgb.affine.weight", r.gaussians(out * cfg.wDim), out, cfg.wDim);
			p.put(pre + "torgb.affine.bias", ones(out), out);
			p.put(pre + "resample_filter", filter.clone(), 4, 4);
		}
		return new TrainableGenerator(cfg, p);
	}

	private static void layer(final Params p, final Rng r, final String pre, final int in, final int out, final int res, final int wDim,
		final float[] filter)
	{
		p.put(pre + "weight", r.gaussians(out * in * 9), out, in, 3, 3);
		p.put(pre + "bias", new float[out], out);
		p.put(pre + "noise_strength", new float[1]);
		p.put(pre + "noise_const", r.gaussians(res * res), res, res);
		p.put(pre + "affine.weight", r.gaussians(in * wDim), in, wDim);
		p.put(pre + "affine.bias", ones(in), in);
		p.put(pre + "resample_filter", filter.clone(), 4, 4);
	}

	private static float[] scaled(final float[] a, final double s) {
		for (int i = 0; i < a.length; i++) a[i] *= s;
		return a;
	}

	private static float[] ones(final int n) {
		final float[] a = new float[n];
		java.util.Arrays.fill(a, 1f);
		return a;
	}

	/** Mapping network (spec §4.3) without broadcast or truncation: z [N, z_dim] → w [N, w_dim]. */
	public NDArray mapping(final NDArray z) {
		NDArray x = z.div(z.square().mean(new int[] { 1 }, true).add(1e-8f).sqrt());
		final double lr = cfg.mappingLrMultiplier;
		for (int i = 0; i < cfg.mappingLayers; i++) {
			final NDArray w = p.get("mapping.fc" + i + ".weight"), b = p.get("mapping.fc" + i + ".bias");
			final float gain = (float) (lr / Math.sqrt(w.getShape().get(1)));
			x = Ops.lrelu(Ops.scale(x.matMul(w.transpose()), gain).add(Ops.scale(b, lr)), 1f);
		}
		return x;
	}

	/** Moves {@code mapping.w_avg} towards the batch mean of {@code w} (training only, no gradient). */
	public void updateWAvg(final NDArray w) {
		final NDArray avg = p.get("mapping.w_avg");
		final NDArray mean = w.stopGradient().mean(new int[] { 0 });
		avg.muli((float) cfg.wAvgBeta).addi(mean.mul((float) (1 - cfg.wAvgBeta))); // in place, lerp(mean, avg, beta)
	}

	/**
	 * Synthesis network (spec §4.4–4.7): ws [N, num_ws, w_dim] → image [N, C, R, R].
	 * @param noise per-layer random noise source, or null for the stored constant noise
	 */
	public NDArray synthesis(final NDArray ws, final Rng noise) {
		final long n = ws.getShape().get(0);
		NDArray x = null, img = null;
		int wi = 0;
		for (int b = 0; b < cfg.numBlocks(); b++) {
			final int res = cfg.blockResolution(b);
			final String pre = "synthesis.b" + res + ".";
			if (res == 4) {
				final NDArray c = p.get(pre + "const");
				x = c.expandDims(0).repeat(0, n);
				x = layer(pre + "conv1.", x, w(ws, wi), false, res, noise);
				wi += 1;
			}
			else {
				x = layer(pre + "conv0.", x, w(ws, wi), true, res, noise);
				x = layer(pre + "conv1.", x, w(ws, wi + 1), false, res, noise);
				wi += 2;
			}
			final NDArray y = toRgb(pre + "torgb.", x, w(ws, wi));
			img = img == null ? y : Ops.upsample2d(img).add(y);
		}
		return img;
	}

	private static NDArray w(final NDArray ws, final int i) {
		return ws.get(":, " + i + ", :");
	}

	private NDArray affine(final String pre, final NDArray w) {
		final NDArray a = p.get(pre + "affine.weight"), b = p.get(pre + "affine.bias");
		return Ops.scale(w.matMul(a.transpose()), 1 / Math.sqrt(cfg.wDim)).add(b);
	}

	/** SynthesisLayer (spec §4.6), non-fused modulation/demodulation. */
	private NDArray layer(final String pre, NDArray x, final NDArray w, final boolean up, final int res, final Rng noise) {
		final NDArray weight = p.get(pre + "weight");
		final long n = x.getShape().get(0), cin = weight.getShape().get(1), cout = weight.getShape().get(0);
		final NDArray s = affine(pre, w); // [N, Cin]
		x = x.mul(s.reshape(n, cin, 1, 1));
		if (up) {
			x = Ops.upConv(x, weight); // spec §4.8
		}
		else x = Ops.conv(x, weight, null, 1, 1, 1);
		final NDArray dcoef = Ops.pow(s.square().matMul(weight.square().sum(new int[] { 2, 3 }).transpose()).add(1e-8f), -0.5); // [N, Cout]
		x = x.mul(dcoef.reshape(n, cout, 1, 1));
		if (cfg.useNoise) {
			final NDArray strength = p.get(pre + "noise_strength");
			final NDArray nz = noise != null ? x.getManager().create(noise.gaussians((int) n * res * res), new Shape(n, 1, res, res))
				: p.get(pre + "noise_const").reshape(1, 1, res, res);
			x = x.add(nz.mul(strength));
		}
		x = Ops.lrelu(Ops.addBias(x, p.get(pre + "bias")), 1f);
		if (cfg.convClamp != null) x = x.clip(-cfg.convClamp, cfg.convClamp);
		return x;
	}

	/** ToRGBLayer (spec §4.7): modulated 1×1 conv, no demodulation, linear. */
	private NDArray toRgb(final String pre, final NDArray x, final NDArray w) {
		final NDArray weight = p.get(pre + "weight");
		final long n = x.getShape().get(0), cin = weight.getShape().get(1);
		final NDArray s = Ops.scale(affine(pre, w), 1 / Math.sqrt(cin));
		NDArray y = Ops.addBias(Ops.conv(x.mul(s.reshape(n, cin, 1, 1)), weight, null, 1, 0, 1), p.get(pre + "bias"));
		if (cfg.convClamp != null) y = y.clip(-cfg.convClamp, cfg.convClamp);
		return y;
	}

	/** z [N, z_dim] → image, all ws equal (no mixing, no truncation). */
	public NDArray generate(final NDArray z, final Rng noise) {
		final NDArray w = mapping(z);
		final NDArray ws = w.expandDims(1).repeat(1, cfg.numWs());
		return synthesis(ws, noise);
	}
}
