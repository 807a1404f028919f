package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Names and shapes of every tensor in a StyleGAN2 generator's state dict (docs/algorithm.md#parameter-names), in the order
 * PyTorch's {@code state_dict()} lists them (synthesis first, then mapping; per module its own
 * parameters, then its buffers, then its children). Also checks a loaded state dict against it.
 */
public final class GeneratorLayout {

	private GeneratorLayout() {}

	/** name → shape, in state-dict order. */
	public static Map<String, long[]> of(final GeneratorConfig cfg) {
		cfg.validate();
		final Map<String, long[]> m = new LinkedHashMap<>();
		final int w = cfg.wDim;
		final int last = cfg.numBlocks() - 1;
		final boolean skip = GeneratorConfig.SKIP.equals(cfg.architecture);
		final boolean resnet = GeneratorConfig.RESNET.equals(cfg.architecture);
		for (int b = 0; b <= last; b++) {
			final int res = cfg.blockResolution(b);
			final String p = blockName(res) + ".";
			final int out = cfg.channels(res);
			if (b == 0) m.put(p + "const", shape(out, 4, cfg.blockWidth(4)));
			m.put(p + "resample_filter", shape(4, 4));
			if (b > 0) layer(m, p + "conv0", cfg, cfg.channels(res / 2), out, res);
			layer(m, p + "conv1", cfg, out, out, res);
			if (skip || b == last) {
				m.put(p + "torgb.weight", shape(cfg.imgChannels, out, 1, 1));
				m.put(p + "torgb.bias", shape(cfg.imgChannels));
				m.put(p + "torgb.affine.weight", shape(out, w));
				m.put(p + "torgb.affine.bias", shape(out));
			}
			if (resnet && b > 0) {
				m.put(p + "skip.weight", shape(out, cfg.channels(res / 2), 1, 1));
				m.put(p + "skip.resample_filter", shape(4, 4));
			}
		}
		m.put("mapping.w_avg", shape(w));
		final int embed = cfg.cDim > 0 ? cfg.embedWidth() : 0;
		if (cfg.cDim > 0) {
			m.put("mapping.embed.weight", shape(embed, cfg.cDim));
			m.put("mapping.embed.bias", shape(embed));
		}
		for (int i = 0; i < cfg.mappingLayers; i++) {
			final int in = i == 0 ? cfg.zDim + embed : cfg.hiddenWidth();
			final int o = i == cfg.mappingLayers - 1 ? w : cfg.hiddenWidth();
			m.put("mapping.fc" + i + ".weight", shape(o, in));
			m.put("mapping.fc" + i + ".bias", shape(o));
		}
		return m;
	}

	/** {@code synthesis.b<res>} */
	public static String blockName(final int res) {
		return "synthesis.b" + res;
	}

	/**
	 * @throws IllegalArgumentException naming the first tensor that is missing or has the wrong shape
	 *           for this configuration
	 */
	public static void check(final GeneratorConfig cfg, final StateDict weights) {
		for (final Map.Entry<String, long[]> e : of(cfg).entrySet()) {
			final TensorData t = weights.get(e.getKey());
			if (!Arrays.equals(t.shape(), e.getValue())) throw new IllegalArgumentException("tensor '" + e.getKey() +
				"' has shape " + Arrays.toString(t.shape()) + " but the generator configuration needs " +
				Arrays.toString(e.getValue()));
		}
	}

	private static void layer(final Map<String, long[]> m, final String p, final GeneratorConfig cfg, final int in,
		final int out, final int res)
	{
		m.put(p + ".weight", shape(out, in, 3, 3));
		if (cfg.useNoise) m.put(p + ".noise_strength", shape());
		m.put(p + ".bias", shape(out));
		m.put(p + ".resample_filter", shape(4, 4));
		if (cfg.useNoise) m.put(p + ".noise_const", shape(res, cfg.blockWidth(res)));
		m.put(p + ".affine.weight", shape(in, cfg.wDim));
		m.put(p + ".affine.bias", shape(in));
	}

	private static long[] shape(final long... s) {
		return s;
	}
}
