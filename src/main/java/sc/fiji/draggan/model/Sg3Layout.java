package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Names and shapes of every tensor in a StyleGAN3 generator's state dict, in PyTorch's
 * {@code state_dict()} order (synthesis: input, then L0…L{num_layers}; then mapping). Layers whose
 * up or down filter is the identity store none (docs/algorithm.md, "StyleGAN3").
 */
public final class Sg3Layout {

	private Sg3Layout() {}

	/** name → shape, in state-dict order. */
	public static Map<String, long[]> of(final GeneratorConfig cfg) {
		cfg.validate();
		final Sg3Geometry g = new Sg3Geometry(cfg);
		final Map<String, long[]> m = new LinkedHashMap<>();
		final int w = cfg.wDim, c0 = g.inputChannels;
		m.put("synthesis.input.weight", shape(c0, c0));
		m.put("synthesis.input.transform", shape(3, 3));
		m.put("synthesis.input.freqs", shape(c0, 2));
		m.put("synthesis.input.phases", shape(c0));
		m.put("synthesis.input.affine.weight", shape(4, w));
		m.put("synthesis.input.affine.bias", shape(4));
		for (final Sg3Geometry.Layer l : g.layers()) {
			final String p = l.prefix() + ".";
			m.put(p + "weight", shape(l.outChannels, l.inChannels, l.kernel, l.kernel));
			m.put(p + "bias", shape(l.outChannels));
			m.put(p + "magnitude_ema", shape());
			if (l.upTaps > 1) m.put(p + "up_filter", shape(l.upTaps));
			if (l.downTaps > 1) m.put(p + "down_filter", l.downRadial ? shape(l.downTaps, l.downTaps) : shape(l.downTaps));
			m.put(p + "affine.weight", shape(l.inChannels, w));
			m.put(p + "affine.bias", shape(l.inChannels));
		}
		m.put("mapping.w_avg", shape(w));
		if (cfg.cDim > 0) {
			m.put("mapping.embed.weight", shape(w, cfg.cDim));
			m.put("mapping.embed.bias", shape(w));
		}
		for (int i = 0; i < cfg.mappingLayers; i++) {
			m.put("mapping.fc" + i + ".weight", shape(w, i == 0 ? cfg.zDim + (cfg.cDim > 0 ? w : 0) : w));
			m.put("mapping.fc" + i + ".bias", shape(w));
		}
		return m;
	}

	/**
	 * @throws IllegalArgumentException naming the first tensor that is missing, has the wrong shape for
	 *           this configuration, or is not part of it
	 */
	public static void check(final GeneratorConfig cfg, final StateDict weights) {
		final Map<String, long[]> layout = of(cfg);
		for (final Map.Entry<String, long[]> e : layout.entrySet()) {
			if (!weights.contains(e.getKey())) throw new IllegalArgumentException("the " + cfg.family + " generator has no tensor '" +
				e.getKey() + "' (its configuration needs it)");
			final TensorData t = weights.get(e.getKey());
			if (!Arrays.equals(t.shape(), e.getValue())) throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " +
				Arrays.toString(t.shape()) + " but the " + cfg.family + " configuration needs " + Arrays.toString(e.getValue()));
		}
		for (final String name : weights.asMap().keySet()) {
			if (!layout.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' is not part of a " + cfg.family +
				" generator with this configuration (" + cfg.stylegan3.numLayers + " layers, " + cfg.imgResolution + " px)");
		}
	}

	private static long[] shape(final long... s) {
		return s;
	}
}
