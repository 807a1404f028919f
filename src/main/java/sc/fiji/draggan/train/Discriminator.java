package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * StyleGAN2's residual discriminator ({@code networks_stylegan2.Discriminator}, architecture
 * 'resnet', no class input), with the official parameter names: {@code b64.fromrgb.*},
 * {@code b64.conv0.*}, {@code b64.conv1.*}, {@code b64.skip.weight}, …, epilogue {@code b4.conv.*},
 * {@code b4.fc.*}, {@code b4.out.*}. Equalised learning rate (weights scaled by 1/√fan_in at run
 * time), lrelu with gain √2, down-sampling with the [1,3,3,1] filter, residual gain √0.5,
 * minibatch standard deviation (group 4, 1 channel). No conv clamp (fp32 training).
 */
public final class Discriminator {

	public static final int MBSTD_GROUP = 4;

	private final int resolution, channels, channelBase, channelMax;
	private final Params p;

	public Discriminator(final int resolution, final int channels, final int channelBase, final int channelMax, final Params params) {
		this.resolution = resolution;
		this.channels = channels;
		this.channelBase = channelBase;
		this.channelMax = channelMax;
		this.p = params;
	}

	public Params params() {
		return p;
	}

	public int resolution() {
		return resolution;
	}

	int ch(final int res) {
		return Math.min(channelBase / res, channelMax);
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
		final Discriminator d = new Discriminator(g.imgResolution, g.imgChannels, channelBase, channelMax, p);
		final float[] filter = Ops.filter();
		for (int res = g.imgResolution; res >= 8; res /= 2) {
			final String pre = "b" + res + ".";
			final int in = d.ch(res), out = d.ch(res / 2);
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
		final int c = d.ch(4);
		p.put("b4.conv.weight", r.gaussians(c * (c + 1) * 9), c, c + 1, 3, 3);
		p.put("b4.conv.bias", new float[c], c);
		p.put("b4.fc.weight", r.gaussians(c * c * 16), c, c * 16);
		p.put("b4.fc.bias", new float[c], c);
		p.put("b4.out.weight", r.gaussians(c), 1, c);
		p.put("b4.out.bias", new float[1], 1);
		return d;
	}

	/** Logits [N] for images [N, C, R, R] in [-1, 1]; N must be a multiple of min(4, N). */
	public NDArray forward(final NDArray img) {
		NDArray x = null;
		for (int res = resolution; res >= 8; res /= 2) {
			final String pre = "b" + res + ".";
			if (x == null) x = Ops.lrelu(Ops.addBias(Ops.conv(img, eq(pre + "fromrgb.weight", img), null, 1, 0, 1), p.get(pre + "fromrgb.bias")), 1f);
			// skip: 1×1 conv after filtered down-sampling (conv2d_resample, down=2, kernel 1), linear, gain √0.5
			final NDArray y = Ops.conv(Ops.fir(x, 1, 1, 1f, 2), eq(pre + "skip.weight", x), null, 1, 0, 1);
			final NDArray ySkip = Ops.scale(y, Ops.SQRT_HALF);
			x = Ops.lrelu(Ops.addBias(Ops.conv(x, eq(pre + "conv0.weight", x), null, 1, 1, 1), p.get(pre + "conv0.bias")), 1f);
			// conv1: filter with padding 2, then 3×3 conv with stride 2 (conv2d_resample, down=2)
			x = Ops.fir(x, 2, 2, 1f, 1);
			x = Ops.lrelu(Ops.addBias(Ops.conv(x, eq(pre + "conv1.weight", x), null, 2, 0, 1), p.get(pre + "conv1.bias")), Ops.SQRT_HALF);
			x = ySkip.add(x);
		}
		x = minibatchStd(x);
		x = Ops.lrelu(Ops.addBias(Ops.conv(x, eq("b4.conv.weight", x), null, 1, 1, 1), p.get("b4.conv.bias")), 1f);
		final long n = x.getShape().get(0);
		x = x.reshape(n, -1);
		x = Ops.lrelu(fc("b4.fc", x), 1f);
		return fc("b4.out", x).reshape(n);
	}

	/** Weight × 1/√fan_in, computed in the step's manager (where {@code like} lives). */
	private NDArray eq(final String name, final NDArray like) {
		final NDArray w = p.get(name);
		final long fanIn = w.size() / w.getShape().get(0);
		return Ops.scale(w, 1 / Math.sqrt(fanIn));
	}

	private NDArray fc(final String pre, final NDArray x) {
		final NDArray w = p.get(pre + ".weight");
		return Ops.scale(x.matMul(w.transpose()), 1 / Math.sqrt(w.getShape().get(1))).add(p.get(pre + ".bias"));
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
