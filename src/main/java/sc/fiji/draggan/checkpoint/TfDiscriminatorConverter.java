package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * A TensorFlow StyleGAN2 discriminator ({@code D}) as the PyTorch state dict and init kwargs the
 * official converter makes (docs/algorithm.md, "Checkpoint families"). The project never runs this
 * network; it is carried along so that a converted bundle holds everything the pickle did. Every
 * variable must be used, so a variable of an unknown layout is an error rather than silently lost.
 */
final class TfDiscriminatorConverter {

	private TfDiscriminatorConverter() {}

	private static final Set<String> KNOWN = new HashSet<>(Arrays.asList("label_size", "resolution", "num_channels", "architecture",
		"fmap_base", "fmap_max", "num_fp16_res", "conv_clamp", "mapping_fmaps", "nonlinearity", "resample_kernel", "freeze_layers",
		"mapping_layers", "mapping_lrmul", "mbstd_group_size", "mbstd_num_features", "structure", "conditioning"));

	/** The discriminator's init kwargs in PyTorch spelling. */
	static Map<String, Object> kwargs(final TfNetwork d, final String what) throws IOException {
		final Map<String, Object> kw = d.staticKwargs;
		for (final String k : kw.keySet()) {
			if (!KNOWN.contains(k)) throw new IOException(what + ": unknown TensorFlow discriminator kwarg '" + sc.fiji.draggan.io.Messages.clip(k, 80) + "' (value " + sc.fiji.draggan.io.Messages.value(kw.get(k)) + ")");
		}
		TfGeneratorConverter.requireLrelu(kw, "nonlinearity", what);
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("c_dim", TfGeneratorConverter.integer(kw, "label_size", 0, what));
		m.put("img_resolution", TfGeneratorConverter.integer(kw, "resolution", 1024, what));
		m.put("img_channels", TfGeneratorConverter.integer(kw, "num_channels", 3, what));
		m.put("architecture", TfGeneratorConverter.string(kw, "architecture", "resnet", what));
		m.put("channel_base", 2 * TfGeneratorConverter.integer(kw, "fmap_base", 16384, what));
		m.put("channel_max", TfGeneratorConverter.integer(kw, "fmap_max", 512, what));
		m.put("num_fp16_res", TfGeneratorConverter.integer(kw, "num_fp16_res", 0, what));
		m.put("conv_clamp", kw.get("conv_clamp") == null ? null : TfGeneratorConverter.number(kw, "conv_clamp", 0, what));
		final Object cmap = kw.get("mapping_fmaps") == null ? null : TfGeneratorConverter.integer(kw, "mapping_fmaps", 0, what);
		m.put("cmap_dim", cmap);
		final Map<String, Object> block = new LinkedHashMap<>();
		block.put("activation", "lrelu");
		block.put("resample_filter", floatList(TfGeneratorConverter.floats(kw, "resample_kernel", new float[] { 1, 3, 3, 1 }, what)));
		block.put("freeze_layers", TfGeneratorConverter.integer(kw, "freeze_layers", 0, what));
		m.put("block_kwargs", block);
		final Map<String, Object> mapping = new LinkedHashMap<>();
		mapping.put("num_layers", TfGeneratorConverter.integer(kw, "mapping_layers", 0, what));
		mapping.put("embed_features", cmap);
		mapping.put("layer_features", cmap);
		mapping.put("activation", "lrelu");
		mapping.put("lr_multiplier", TfGeneratorConverter.number(kw, "mapping_lrmul", 0.1, what));
		m.put("mapping_kwargs", mapping);
		final Map<String, Object> epilogue = new LinkedHashMap<>();
		epilogue.put("mbstd_group_size", kw.get("mbstd_group_size") == null ? null : TfGeneratorConverter.integer(kw, "mbstd_group_size", 0, what));
		epilogue.put("mbstd_num_channels", TfGeneratorConverter.integer(kw, "mbstd_num_features", 1, what));
		epilogue.put("activation", "lrelu");
		m.put("epilogue_kwargs", epilogue);
		return m;
	}

	/** Every tensor of the PyTorch discriminator (blocks from the image resolution down, mapping, epilogue). */
	static StateDict stateDict(final TfNetwork d, final Map<String, Object> kwargs, final String what) throws IOException {
		final int res = (Integer) kwargs.get("img_resolution");
		@SuppressWarnings("unchecked")
		final Map<String, Object> block = (Map<String, Object>) kwargs.get("block_kwargs");
		final float[] f1 = new float[((java.util.List<?>) block.get("resample_filter")).size()];
		for (int i = 0; i < f1.length; i++) f1[i] = ((Number) ((java.util.List<?>) block.get("resample_filter")).get(i)).floatValue();
		final TensorData filter = new TensorData(new long[] { 4, 4 }, RandomWeights.filter2d(f1));
		if (d.variables.keySet().stream().anyMatch(v -> v.startsWith("FromRGB_lod")))
			throw new IOException(what + " has a progressive-growing TensorFlow discriminator (configs A-D), which is not supported");
		final Set<String> unused = new LinkedHashSet<>(d.variables.keySet());
		final StateDict sd = new StateDict();
		final Builder b = new Builder(d, sd, unused, filter, what);
		for (int r = res; r >= 8; r /= 2) {
			final String tf = r + "x" + r + "/", pt = "b" + r + ".";
			sd.put(pt + "resample_filter", filter);
			if (d.variables.containsKey(tf + "FromRGB/weight")) b.conv(tf + "FromRGB", pt + "fromrgb", false);
			b.conv(tf + "Conv0", pt + "conv0", false);
			b.conv(tf + "Conv1_down", pt + "conv1", false);
			if (d.variables.containsKey(tf + "Skip/weight")) b.conv(tf + "Skip", pt + "skip", true);
		}
		if (d.variables.containsKey("LabelEmbed/weight")) b.dense("LabelEmbed", "mapping.embed");
		for (int i = 0; d.variables.containsKey("Mapping" + i + "/weight"); i++) b.dense("Mapping" + i, "mapping.fc" + i);
		if (d.variables.containsKey("4x4/FromRGB/weight")) b.conv("4x4/FromRGB", "b4.fromrgb", false);
		b.conv("4x4/Conv", "b4.conv", false);
		b.dense("4x4/Dense0", "b4.fc");
		b.dense("Output", "b4.out");
		if (!unused.isEmpty())
			throw new IOException(what + ": TensorFlow discriminator variable " + unused.iterator().next() + " has no PyTorch counterpart");
		return sd;
	}

	private static java.util.List<Object> floatList(final float[] f) {
		final java.util.List<Object> l = new java.util.ArrayList<>();
		for (final float x : f) l.add(x == Math.rint(x) ? (Object) (int) x : (Object) (double) x);
		return l;
	}

	/** Adds converted layers to the state dict and marks their variables used. */
	private static final class Builder {

		final TfNetwork d;
		final StateDict sd;
		final Set<String> unused;
		final TensorData filter;
		final String what;

		Builder(final TfNetwork d, final StateDict sd, final Set<String> unused, final TensorData filter, final String what) {
			this.d = d;
			this.sd = sd;
			this.unused = unused;
			this.filter = filter;
			this.what = what;
		}

		TensorData take(final String v, final String pt, final int rank) throws IOException {
			final TensorData t = d.require(v, pt, what);
			if (t.rank() != rank) throw new IOException(what + ": TensorFlow variable " + v + " has shape " + Arrays.toString(t.shape()) +
				", expected " + rank + " dimensions");
			unused.remove(v);
			return t;
		}

		/** A conv layer: kernel (flipped for the skip layer), bias when it has one, its filter buffer. */
		void conv(final String tf, final String pt, final boolean flip) throws IOException {
			final TensorData w = TfTensors.kernel(take(tf + "/weight", pt + ".weight", 4), flip);
			sd.put(pt + ".weight", w);
			if (d.variables.containsKey(tf + "/bias")) {
				final TensorData bias = take(tf + "/bias", pt + ".bias", 1);
				if (bias.shape()[0] != w.shape()[0]) throw new IOException(what + ": TensorFlow variable " + tf + "/bias has " +
					bias.shape()[0] + " values for " + w.shape()[0] + " output channels");
				sd.put(pt + ".bias", bias);
			}
			sd.put(pt + ".resample_filter", filter);
		}

		void dense(final String tf, final String pt) throws IOException {
			final TensorData w = TfTensors.transpose(take(tf + "/weight", pt + ".weight", 2));
			sd.put(pt + ".weight", w);
			final TensorData bias = take(tf + "/bias", pt + ".bias", 1);
			if (bias.shape()[0] != w.shape()[0]) throw new IOException(what + ": TensorFlow variable " + tf + "/bias has " +
				bias.shape()[0] + " values for " + w.shape()[0] + " outputs");
			sd.put(pt + ".bias", bias);
		}
	}
}
