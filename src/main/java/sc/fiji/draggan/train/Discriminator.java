package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.model.Dense;
import sc.fiji.draggan.model.Fir;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Nd;
import sc.fiji.draggan.model.RandomWeights;

/**
 * StyleGAN2's residual discriminator ({@code networks_stylegan2.Discriminator}, architecture
 * 'resnet', no class input), with the official parameter names: {@code b64.fromrgb.*},
 * {@code b64.conv0.*}, {@code b64.conv1.*}, {@code b64.skip.weight}, …, epilogue {@code b4.conv.*},
 * {@code b4.fc.*}, {@code b4.out.*}. Equalised learning rate (weights scaled by 1/√fan_in at run
 * time), lrelu with gain √2, down-sampling with the [1,3,3,1] filter, residual gain √0.5,
 * minibatch standard deviation (group 4, 1 channel). No conv clamp (fp32 training). The layers are
 * built from the generator's blocks ({@link Nd}, {@link Fir}, {@link Dense}); parameters are
 * temporarily attached to the step's manager by the caller ({@link Params#tempAttach}).
 */
public final class Discriminator {

	public static final int MBSTD_GROUP = 4;
	private static final double SQRT2 = Math.sqrt(2), SQRT_HALF = Math.sqrt(0.5);

	private final int resolution, channels, channelBase, channelMax;
	private final Params p;
	private final Fir fir;

	public Discriminator(final int resolution, final int channels, final int channelBase, final int channelMax, final Params params) {
		this.resolution = resolution;
		this.channels = channels;
		this.channelBase = channelBase;
		this.channelMax = channelMax;
		this.p = params;
		fir = new Fir(params.get("b" + resolution + ".resample_filter").toFloatArray());
	}

	public Params params() {
		return p;
	}

	/** D init kwargs in the official spelling (written next to D's tensors in our bundle). */
	public java.util.Map<String, Object> kwargs() {
		final java.util.Map<String, Object> k = new java.util.LinkedHashMap<>();
		k.put("c_dim", 0);
		k.put("img_resolution", resolution);
		k.put("img_channels", channels);
		k.put("architecture", "resnet");
		k.put("channel_base", channelBase);
		k.put("channel_max", channelMax);
		k.put("num_fp16_res", 0);
		k.put("conv_clamp", null);
		k.put("mbstd_group_size", MBSTD_GROUP);
		k.put("mbstd_num_channels", 1);
		return k;
	}

	public static Discriminator initialise(final GeneratorConfig g, final int channelBase, final int channelMax, final long seed,
		final NDManager manager)
	{
		final Rng r = new Rng(seed);
		final Params p = new Params(manager);
		final java.util.function.IntUnaryOperator ch = res -> Math.min(channelBase / res, channelMax);
		final float[] filter = RandomWeights.filter2d(new float[] { 1, 3, 3, 1 });
		for (int res = g.imgResolution; res >= 8; res /= 2) {
			final String pre = "b" + res + ".";
			final int in = ch.applyAsInt(res), out = ch.applyAsInt(res / 2);
			if (res == g.imgResolution) {
				p.put(pre + "fromrgb.weight", r.gaussians(in * g.imgChannels), in, g.imgChannels, 1, 1);
				p.put(pre + "fromrgb.bias", new float[in], in);
			}
			p.put(pre + "conv0.weight", r.gaussians(in * in * 9), in, in, 3, 3);
			p.put(pre + "conv0.bias", new float[in], in);
			p.put(pre + "conv0.resample_filter", filter.clone(), 4, 4);
			p.put(pre + "conv1.weight", r.gaussians(out * in * 9), out, in, 3, 3);
			p.put(pre + "conv1.bias", new float[out], out);
			p.put(pre + "conv1.resample_filter", filter.clone(), 4, 4);
			p.put(pre + "skip.weight", r.gaussians(out * in), out, in, 1, 1);
			p.put(pre + "skip.resample_filter", filter.clone(), 4, 4);
			p.put(pre + "resample_filter", filter.clone(), 4, 4);
		}
		final int c = ch.applyAsInt(4);
		p.put("b4.conv.weight", r.gaussians(c * (c + 1) * 9), c, c + 1, 3, 3);
		p.put("b4.conv.bias", new float[c], c);
		p.put("b4.fc.weight", r.gaussians(c * c * 16), c, c * 16);
		p.put("b4.fc.bias", new float[c], c);
		p.put("b4.out.weight", r.gaussians(c), 1, c);
		p.put("b4.out.bias", new float[1], 1);
		return new Discriminator(g.imgResolution, g.imgChannels, channelBase, channelMax, p);
	}

	/**
	 * Logits [N] for images [N, C, R, R] in [-1, 1]; N must be a multiple of min(4, N). Every array
	 * lands in the images' manager (the step's).
	 */
	public NDArray forward(final NDArray img) {
		final NDManager s = img.getManager();
		NDArray x = null;
		for (int res = resolution; res >= 8; res /= 2) {
			final String pre = "b" + res + ".";
			if (x == null) x = conv(s, img, pre + "fromrgb", SQRT2, 0, 1);
			final NDArray down = fir.kernelGain1(s, (int) x.getShape().get(1));
			// skip: filtered down-sampling, then a 1×1 conv without bias, linear, gain √0.5 (conv2d_resample, down=2)
			final NDArray y = Nd.strided(Fir.filter(x, down, 1, 1, 2), Nd.scaledInto(s, p.get(pre + "skip.weight"), SQRT_HALF /
				Math.sqrt(fanIn(p.get(pre + "skip.weight")))), null, 1, 0, 1);
			x = conv(s, x, pre + "conv0", SQRT2, 1, 1);
			// conv1: the filter padded by 2, then the 3×3 conv with stride 2 (conv2d_resample, down=2); gain √2·√0.5
			x = conv(s, Fir.filter(x, down, 2, 2, 1), pre + "conv1", 1, 0, 2);
			x = y.add(x);
		}
		x = minibatchStd(x);
		x = conv(s, x, "b4.conv", SQRT2, 1, 1);
		final long n = x.getShape().get(0);
		x = x.reshape(n, -1);
		// lrelu(y)·√2 = lrelu(√2·y): the activation gain folded into weight and bias, as the generator's mapping does
		x = Nd.leakyRelu(dense(s, "b4.fc", SQRT2).apply(x), 0.2f);
		return dense(s, "b4.out", 1).apply(x).reshape(n);
	}

	/**
	 * Conv layer {@code name} (equalised learning rate, bias, lrelu 0.2 × {@code gain}; the gain of
	 * lrelu folded into weight and bias: lrelu(a·y) = a·lrelu(y) for a &gt; 0).
	 */
	private NDArray conv(final NDManager s, final NDArray x, final String name, final double gain, final int pad, final int stride) {
		final NDArray w = p.get(name + ".weight");
		final NDArray weight = Nd.scaledInto(s, w, gain / Math.sqrt(fanIn(w)));
		return Nd.leakyRelu(Nd.strided(x, weight, Nd.scaledInto(s, p.get(name + ".bias"), gain), stride, pad, 1), 0.2f);
	}

	/** FC layer {@code name} with equalised learning rate, weight and bias × {@code gain}. */
	private Dense dense(final NDManager s, final String name, final double gain) {
		final NDArray w = p.get(name + ".weight");
		return new Dense(s, w, p.get(name + ".bias"), gain / Math.sqrt(w.getShape().get(1)), gain);
	}

	private static long fanIn(final NDArray w) {
		return w.size() / w.getShape().get(0);
	}

	/** MinibatchStdLayer(group_size=4, num_channels=1) as in the official code. */
	static NDArray minibatchStd(final NDArray x) {
		final long n = x.getShape().get(0), c = x.getShape().get(1), h = x.getShape().get(2), w = x.getShape().get(3);
		final long g = Math.min(MBSTD_GROUP, n);
		if (n % g != 0) throw new IllegalArgumentException("batch size " + n + " must be a multiple of " + g + " (minibatch std groups)");
		NDArray y = x.reshape(g, -1, 1, c, h, w);
		y = y.sub(y.mean(new int[] { 0 }, true));
		y = y.square().mean(new int[] { 0 });
		y = y.add(1e-8f).sqrt();
		y = y.reshape(n / g, 1, -1).mean(new int[] { 2 }); // [n/g, 1]
		y = y.reshape(-1, 1, 1, 1).tile(new long[] { g, 1, h, w });
		return x.concat(y, 1);
	}
}
