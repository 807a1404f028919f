package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorLayout;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * A TensorFlow StyleGAN2 generator ({@code Gs}) as the PyTorch generator config and state dict the
 * official converter would make (docs/algorithm.md, "Checkpoint families"): static kwargs renamed, dense
 * weights transposed, kernels [kh, kw, in, out] → [out, in, kh, kw] (up-sampling and skip kernels
 * flipped first), style biases + 1, {@code const[0]}, per-layer {@code noise{k}[0, 0]},
 * {@code dlatent_avg} → {@code w_avg}; every tensor checked against the shape the kwargs imply.
 */
final class TfGeneratorConverter {

	private TfGeneratorConverter() {}

	/** Kwargs the converter reads but which do not change the network. */
	private static final Set<String> IGNORED = new HashSet<>(Arrays.asList("truncation_psi", "truncation_cutoff", "style_mixing_prob",
		"structure", "conditioning", "fused_modconv"));
	private static final Set<String> KNOWN = new HashSet<>(Arrays.asList("latent_size", "label_size", "dlatent_size", "resolution",
		"num_channels", "fmap_base", "fmap_max", "num_fp16_res", "conv_clamp", "architecture", "resample_kernel", "use_noise",
		"nonlinearity", "mapping_layers", "label_fmaps", "mapping_fmaps", "mapping_nonlinearity", "mapping_lrmul", "w_avg_beta"));

	private static final Pattern BLOCK = Pattern.compile("synthesis\\.b(\\d+)\\.(const|conv0|conv1|torgb|skip)(?:\\.(.+))?");
	private static final Pattern FC = Pattern.compile("mapping\\.fc(\\d+)\\.(weight|bias)");

	static GeneratorConfig config(final TfNetwork g, final String what) throws IOException {
		final Map<String, Object> kw = g.staticKwargs;
		for (final String k : kw.keySet()) {
			if (!KNOWN.contains(k) && !IGNORED.contains(k))
				throw new IOException(what + ": unknown TensorFlow generator kwarg '" + sc.fiji.draggan.io.Messages.clip(k, 80) + "' (value " + sc.fiji.draggan.io.Messages.value(kw.get(k)) + ")");
		}
		final GeneratorConfig c = new GeneratorConfig();
		c.family = GeneratorConfig.FAMILY_STYLEGAN2_TF;
		c.zDim = integer(kw, "latent_size", 512, what);
		c.cDim = integer(kw, "label_size", 0, what);
		c.wDim = integer(kw, "dlatent_size", 512, what);
		c.imgResolution = integer(kw, "resolution", 1024, what);
		c.imgChannels = integer(kw, "num_channels", 3, what);
		c.channelBase = 2 * integer(kw, "fmap_base", 16384, what);
		c.channelMax = integer(kw, "fmap_max", 512, what);
		c.numFp16Res = integer(kw, "num_fp16_res", 0, what);
		c.convClamp = kw.get("conv_clamp") == null ? null : number(kw, "conv_clamp", 0, what);
		c.architecture = string(kw, "architecture", "skip", what);
		c.resampleFilter = floats(kw, "resample_kernel", new float[] { 1, 3, 3, 1 }, what);
		c.useNoise = bool(kw, "use_noise", true, what);
		requireLrelu(kw, "nonlinearity", what);
		c.mappingLayers = integer(kw, "mapping_layers", 8, what);
		c.embedFeatures = kw.get("label_fmaps") == null ? null : integer(kw, "label_fmaps", 0, what);
		c.layerFeatures = kw.get("mapping_fmaps") == null ? null : integer(kw, "mapping_fmaps", 0, what);
		requireLrelu(kw, "mapping_nonlinearity", what);
		c.mappingLrMultiplier = number(kw, "mapping_lrmul", 0.01, what);
		c.wAvgBeta = kw.containsKey("w_avg_beta") && kw.get("w_avg_beta") == null ? 1 : number(kw, "w_avg_beta", 0.995, what);
		try {
			return c.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(what + ": " + e.getMessage());
		}
	}

	/** Every tensor of the PyTorch generator, in its state-dict order. */
	static StateDict stateDict(final TfNetwork g, final GeneratorConfig c, final String what) throws IOException {
		for (final String v : g.variables.keySet()) {
			if (v.startsWith("synthesis/ToRGB_lod") || v.startsWith("ToRGB_lod"))
				throw new IOException(what + " is a progressive-growing TensorFlow StyleGAN2 generator (configs A-D, variable " + v +
					"), which is not supported; only config E/F networks are");
		}
		final float[] filter = RandomWeights.filter2d(c.resampleFilter);
		final StateDict sd = new StateDict();
		for (final Map.Entry<String, long[]> e : GeneratorLayout.of(c).entrySet()) {
			final String name = e.getKey();
			final TensorData t = name.endsWith("resample_filter") ? new TensorData(new long[] { 4, 4 }, filter.clone()) : convert(g, name, what);
			if (!Arrays.equals(t.shape(), e.getValue()))
				throw new IOException(what + ": the TensorFlow variable for " + name + " converts to shape " + Arrays.toString(t.shape()) +
					" but the network's kwargs imply " + Arrays.toString(e.getValue()));
			sd.put(name, t);
		}
		return sd;
	}

	private static TensorData convert(final TfNetwork g, final String name, final String what) throws IOException {
		if (name.equals("mapping.w_avg")) return g.require("dlatent_avg", name, what);
		if (name.equals("mapping.embed.weight")) return TfTensors.transpose(matrix(g, "mapping/LabelEmbed/weight", name, what));
		if (name.equals("mapping.embed.bias")) return g.require("mapping/LabelEmbed/bias", name, what);
		Matcher m = FC.matcher(name);
		if (m.matches()) {
			final String v = "mapping/Dense" + m.group(1) + "/" + m.group(2);
			return m.group(2).equals("weight") ? TfTensors.transpose(matrix(g, v, name, what)) : g.require(v, name, what);
		}
		m = BLOCK.matcher(name);
		if (!m.matches()) throw new IOException(what + ": no TensorFlow variable maps to " + name);
		final int res = Integer.parseInt(m.group(1));
		final String block = "synthesis/" + res + "x" + res + "/";
		final String layer = m.group(2), field = m.group(3);
		if (layer.equals("const")) return TfTensors.first(rank(g, block + "Const/const", 4, name, what));
		if (layer.equals("skip")) return TfTensors.kernel(rank(g, block + "Skip/weight", 4, name, what), true);
		final String tfLayer = layer.equals("torgb") ? "ToRGB" : res == 4 ? "Conv" : layer.equals("conv0") ? "Conv0_up" : "Conv1";
		final String v = block + tfLayer + "/";
		switch (field) {
			case "weight": return TfTensors.kernel(rank(g, v + "weight", 4, name, what), layer.equals("conv0"));
			case "bias": return g.require(v + "bias", name, what);
			case "noise_strength": return g.require(v + "noise_strength", name, what);
			case "affine.weight": return TfTensors.transpose(matrix(g, v + "mod_weight", name, what));
			case "affine.bias": return TfTensors.plus(g.require(v + "mod_bias", name, what), 1f);
			case "noise_const": {
				final int log2 = 31 - Integer.numberOfLeadingZeros(res);
				final int k = res == 4 ? 0 : layer.equals("conv0") ? 2 * log2 - 5 : 2 * log2 - 4;
				return TfTensors.first(TfTensors.first(rank(g, "synthesis/noise" + k, 4, name, what)));
			}
			default: throw new IOException(what + ": no TensorFlow variable maps to " + name);
		}
	}

	private static TensorData matrix(final TfNetwork g, final String v, final String name, final String what) throws IOException {
		return rank(g, v, 2, name, what);
	}

	private static TensorData rank(final TfNetwork g, final String v, final int rank, final String name, final String what) throws IOException {
		final TensorData t = g.require(v, name, what);
		if (t.rank() != rank) throw new IOException(what + ": TensorFlow variable " + v + " has shape " + Arrays.toString(t.shape()) +
			", expected " + rank + " dimensions");
		return t;
	}

	// -- kwargs ------------------------------------------------------------------------------------

	static IOException bad(final String key, final Object value, final String expected, final String what) {
		return new IOException(what + ": TensorFlow kwarg " + key + " should be " + expected + ", got " + sc.fiji.draggan.io.Messages.value(value));
	}

	static int integer(final Map<String, Object> kw, final String key, final int dflt, final String what) throws IOException {
		final Object o = kw.get(key);
		if (o == null) return dflt;
		if (o instanceof Number) {
			final double d = ((Number) o).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
		}
		throw bad(key, o, "a whole number", what);
	}

	static double number(final Map<String, Object> kw, final String key, final double dflt, final String what) throws IOException {
		final Object o = kw.get(key);
		if (o == null) return dflt;
		if (o instanceof Number) return ((Number) o).doubleValue();
		throw bad(key, o, "a number", what);
	}

	static String string(final Map<String, Object> kw, final String key, final String dflt, final String what) throws IOException {
		final Object o = kw.get(key);
		if (o == null) return dflt;
		if (o instanceof String) return (String) o;
		throw bad(key, o, "a string", what);
	}

	static boolean bool(final Map<String, Object> kw, final String key, final boolean dflt, final String what) throws IOException {
		final Object o = kw.get(key);
		if (o == null) return dflt;
		if (o instanceof Boolean) return (Boolean) o;
		if (o instanceof Number) return ((Number) o).doubleValue() != 0;
		throw bad(key, o, "True or False", what);
	}

	static float[] floats(final Map<String, Object> kw, final String key, final float[] dflt, final String what) throws IOException {
		Object o = kw.get(key);
		if (o == null) return dflt;
		if (o instanceof Object[]) o = Arrays.asList((Object[]) o);
		if (o instanceof NumpyArray && ((NumpyArray) o).tensor() != null) return ((NumpyArray) o).tensor().data().clone();
		if (!(o instanceof Collection) || ((Collection<?>) o).isEmpty()) throw bad(key, o, "a list of numbers", what);
		final float[] r = new float[((Collection<?>) o).size()];
		int i = 0;
		for (final Object x : (Collection<?>) o) {
			if (!(x instanceof Number)) throw bad(key, o, "a list of numbers", what);
			r[i++] = ((Number) x).floatValue();
		}
		return r;
	}

	static void requireLrelu(final Map<String, Object> kw, final String key, final String what) throws IOException {
		final String a = string(kw, key, "lrelu", what);
		if (!"lrelu".equals(a))
			throw new IOException(what + ": TensorFlow kwarg " + key + " '" + sc.fiji.draggan.io.Messages.clip(a, 40) + "' is not supported, only 'lrelu'");
	}
}
