package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.draggan.io.Messages;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Sg3Config;

/**
 * {@link GeneratorConfig} from a generator's {@code _init_args}/{@code _init_kwargs} (docs/algorithm.md#state-dict-names-and-init-kwargs): top-level
 * generator keys, nested {@code mapping_kwargs}, synthesis settings either nested in
 * {@code synthesis_kwargs} (stylegan2-ada-pytorch) or flat (stylegan3 code base, TF-converted). Absent
 * keys get the constructor defaults of docs/algorithm.md#hyper-parameters; note absent {@code conv_clamp} means 256 while an
 * explicit None means no clamp (docs/algorithm.md#clamp-and-fp16).
 */
final class InitKwargs {

	private InitKwargs() {}

	/** Positional parameters of {@code Generator.__init__} in both code bases. */
	private static final String[] POSITIONAL = { "z_dim", "c_dim", "w_dim", "img_resolution", "img_channels", "mapping_kwargs",
		"synthesis_kwargs" };

	static Map<Object, Object> merge(final Object initArgs, final Object initKwargs, final String what) throws IOException {
		final Map<Object, Object> kw = new LinkedHashMap<>();
		if (initArgs instanceof Object[] || initArgs instanceof List) {
			final Object[] a = initArgs instanceof List ? ((List<?>) initArgs).toArray() : (Object[]) initArgs;
			if (a.length > POSITIONAL.length) throw new IOException(what + ": generator has " + a.length + " positional init arguments");
			for (int i = 0; i < a.length; i++) kw.put(POSITIONAL[i], a[i]);
		}
		if (initKwargs instanceof Map) kw.putAll((Map<?, ?>) initKwargs);
		else if (initKwargs != null) throw new IOException(what + ": generator init_kwargs is not a dict");
		return kw;
	}

	static GeneratorConfig toConfig(final Map<Object, Object> kw, final String what) throws IOException {
		final GeneratorConfig c = new GeneratorConfig();
		final Reader g = new Reader(kw, what, "");
		c.zDim = g.integer("z_dim", c.zDim);
		c.cDim = g.integer("c_dim", c.cDim);
		c.wDim = g.integer("w_dim", c.wDim);
		c.imgResolution = g.integer("img_resolution", c.imgResolution);
		c.imgChannels = g.integer("img_channels", c.imgChannels);
		c.square = g.bool("square", true); // StyleGAN-Human's code base; see HumanGenerators

		final Reader m = new Reader(g.dict("mapping_kwargs"), what, "mapping_kwargs.");
		c.mappingLayers = m.integer("num_layers", c.mappingLayers);
		c.mappingLrMultiplier = m.number("lr_multiplier", c.mappingLrMultiplier);
		c.embedFeatures = m.optionalInteger("embed_features");
		c.layerFeatures = m.optionalInteger("layer_features");
		if (m.has("w_avg_beta") && m.raw("w_avg_beta") != null) c.wAvgBeta = m.number("w_avg_beta", c.wAvgBeta);
		m.requireActivation("activation");

		// synthesis settings: flat keys, overridden by a nested synthesis_kwargs dict
		final Map<Object, Object> flat = new LinkedHashMap<>(kw);
		flat.putAll(g.dict("synthesis_kwargs"));
		final Reader s = new Reader(flat, what, "");
		readWidthsAndPrecision(s, c);
		c.architecture = s.string("architecture", c.architecture);
		c.resampleFilter = s.floats("resample_filter", c.resampleFilter);
		c.useNoise = s.bool("use_noise", c.useNoise);
		s.requireActivation("activation");
		try {
			return c.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(what + ": " + Messages.of(e));
		}
	}

	/**
	 * The configuration of a StyleGAN3 generator (docs/algorithm.md, "StyleGAN3"): the top-level keys
	 * as for StyleGAN2, mapping defaults of the StyleGAN3 code base (2 layers), and flat synthesis and
	 * layer settings (channel base/max, layer count, cutoffs, margin, output scale, conv kernel, filter
	 * size, radial filters, conv clamp, magnitude EMA decay).
	 */
	static GeneratorConfig toSg3Config(final Map<Object, Object> kw, final String what) throws IOException {
		final GeneratorConfig c = new GeneratorConfig();
		final Sg3Config s3 = new Sg3Config();
		c.stylegan3 = s3;
		c.mappingLayers = 2;
		final Reader g = new Reader(kw, what, "");
		c.zDim = g.integer("z_dim", c.zDim);
		c.cDim = g.integer("c_dim", c.cDim);
		c.wDim = g.integer("w_dim", c.wDim);
		c.imgResolution = g.integer("img_resolution", c.imgResolution);
		c.imgChannels = g.integer("img_channels", c.imgChannels);
		if (g.raw("resize") != null) throw new IOException(what + ": StyleGAN3 generators with an output resize (resize=" + Messages.value(g.raw("resize")) +
			") are not supported");
		final Reader m = new Reader(g.dict("mapping_kwargs"), what, "mapping_kwargs.");
		c.mappingLayers = m.integer("num_layers", c.mappingLayers);
		c.mappingLrMultiplier = m.number("lr_multiplier", c.mappingLrMultiplier);
		if (m.has("w_avg_beta") && m.raw("w_avg_beta") != null) c.wAvgBeta = m.number("w_avg_beta", c.wAvgBeta);
		readWidthsAndPrecision(g, c);
		s3.numLayers = g.integer("num_layers", s3.numLayers);
		s3.numCritical = g.integer("num_critical", s3.numCritical);
		s3.firstCutoff = g.number("first_cutoff", s3.firstCutoff);
		s3.firstStopband = g.number("first_stopband", s3.firstStopband);
		s3.lastStopbandRel = g.number("last_stopband_rel", s3.lastStopbandRel);
		s3.marginSize = g.integer("margin_size", s3.marginSize);
		s3.outputScale = g.number("output_scale", s3.outputScale);
		s3.convKernel = g.integer("conv_kernel", s3.convKernel);
		s3.filterSize = g.integer("filter_size", s3.filterSize);
		s3.lreluUpsampling = g.integer("lrelu_upsampling", s3.lreluUpsampling);
		s3.useRadialFilters = g.bool("use_radial_filters", s3.useRadialFilters);
		s3.magnitudeEmaBeta = g.number("magnitude_ema_beta", s3.magnitudeEmaBeta);
		try {
			return c.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new IOException(what + ": " + e.getMessage());
		}
	}

	/** Typed access to one kwargs dict with messages naming the key. */
	/** channel_base, channel_max, num_fp16_res (None = 0) and conv_clamp (None = no clamp), as both generator families name them. */
	private static void readWidthsAndPrecision(final Reader r, final GeneratorConfig c) throws java.io.IOException {
		c.channelBase = r.integer("channel_base", c.channelBase);
		c.channelMax = r.integer("channel_max", c.channelMax);
		c.numFp16Res = r.has("num_fp16_res") && r.raw("num_fp16_res") == null ? 0 : r.integer("num_fp16_res", c.numFp16Res);
		if (r.has("conv_clamp")) c.convClamp = r.raw("conv_clamp") == null ? null : r.number("conv_clamp", 256);
	}

	private static final class Reader {

		final Map<Object, Object> kw;
		final String what, prefix;

		Reader(final Map<Object, Object> kw, final String what, final String prefix) {
			this.kw = kw;
			this.what = what;
			this.prefix = prefix;
		}

		boolean has(final String key) {
			return kw.containsKey(key);
		}

		Object raw(final String key) {
			return kw.get(key);
		}

		IOException bad(final String key, final String expected) {
			return new IOException(what + ": init_kwargs " + prefix + key + " should be " + expected + ", got " + Messages.value(kw.get(key)));
		}

		@SuppressWarnings("unchecked")
		Map<Object, Object> dict(final String key) throws IOException {
			final Object o = kw.get(key);
			if (o == null) return new LinkedHashMap<>();
			if (!(o instanceof Map)) throw bad(key, "a dict");
			return (Map<Object, Object>) o;
		}

		int integer(final String key, final int dflt) throws IOException {
			if (!has(key)) return dflt;
			final Object o = kw.get(key);
			if (o instanceof Boolean) return (Boolean) o ? 1 : 0;
			if (o instanceof Integer || o instanceof Long || o instanceof BigInteger || o instanceof Double) {
				final double d = ((Number) o).doubleValue();
				if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
			}
			throw bad(key, "a whole number");
		}

		Integer optionalInteger(final String key) throws IOException {
			return kw.get(key) == null ? null : integer(key, 0);
		}

		double number(final String key, final double dflt) throws IOException {
			if (!has(key)) return dflt;
			final Object o = kw.get(key);
			if (o instanceof Number) return ((Number) o).doubleValue();
			throw bad(key, "a number");
		}

		String string(final String key, final String dflt) throws IOException {
			if (!has(key)) return dflt;
			final Object o = kw.get(key);
			if (o instanceof String) return (String) o;
			throw bad(key, "a string");
		}

		boolean bool(final String key, final boolean dflt) throws IOException {
			if (!has(key)) return dflt;
			final Object o = kw.get(key);
			if (o instanceof Boolean) return (Boolean) o;
			if (o instanceof Number) return ((Number) o).doubleValue() != 0;
			throw bad(key, "True or False");
		}

		float[] floats(final String key, final float[] dflt) throws IOException {
			if (!has(key)) return dflt;
			Object o = kw.get(key);
			if (o instanceof Object[]) o = java.util.Arrays.asList((Object[]) o);
			if (!(o instanceof Collection) || ((Collection<?>) o).isEmpty()) throw bad(key, "a list of numbers");
			final float[] r = new float[((Collection<?>) o).size()];
			int i = 0;
			for (final Object x : (Collection<?>) o) {
				if (!(x instanceof Number)) throw bad(key, "a list of numbers");
				r[i++] = ((Number) x).floatValue();
			}
			return r;
		}

		void requireActivation(final String key) throws IOException {
			final String a = string(key, "lrelu");
			if (!"lrelu".equals(a))
				throw new IOException(what + ": activation '" + Messages.clip(a, 40) + "' (" + prefix + key + ") is not supported, only 'lrelu'");
		}
	}
}
