package sc.fiji.draggan.model;

import java.util.Map;
import java.util.Random;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * A randomly initialised generator state dict with exactly the names and shapes of docs/algorithm.md#parameter-names, for
 * benchmarks and tests ({@code draggan bench generate --arch ...}). Initialised like the official
 * constructors (FC weights N(0,1)/lr_multiplier, conv weights and {@code const} N(0,1), affine biases 1,
 * other biases 0, {@code noise_const} N(0,1)), except that {@code noise_strength} is 0.1 instead of 0 so
 * that noise has a visible effect. Deterministic for a seed.
 */
public final class RandomWeights {

	private RandomWeights() {}

	public static StateDict create(final GeneratorConfig cfg, final long seed) {
		if (cfg.isStyleGan3()) return createSg3(cfg, seed);
		return create(cfg, seed, 0.1f);
	}

	/** As the official constructors exactly (noise strengths 0): the start of a training run. */
	public static StateDict official(final GeneratorConfig cfg, final long seed) {
		return create(cfg, seed, 0f);
	}

	private static StateDict create(final GeneratorConfig cfg, final long seed, final float noiseStrength) {
		final Random rnd = new Random(seed);
		final float[] filter = filter2d(cfg.resampleFilter);
		final StateDict sd = new StateDict();
		for (final Map.Entry<String, long[]> e : GeneratorLayout.of(cfg).entrySet()) {
			final String name = e.getKey();
			final long[] shape = e.getValue();
			long n = 1;
			for (final long s : shape) n *= s;
			final float[] v = new float[(int) n];
			if (name.endsWith("resample_filter")) System.arraycopy(filter, 0, v, 0, v.length);
			else if (name.endsWith("noise_strength")) v[0] = noiseStrength;
			else standard(name, v, cfg, rnd);
			sd.put(name, new TensorData(shape, v));
		}
		return sd;
	}

	/**
	 * A random StyleGAN3 state dict (docs/algorithm.md, "StyleGAN3"), initialised like the official
	 * constructors: FC and conv weights N(0,1) (mapping: / lr_multiplier), affine biases 1, other biases
	 * 0, {@code magnitude_ema} 1, w_avg 0, transform identity, input frequencies drawn in the disc of the
	 * bandwidth and phases in [-0.5, 0.5), filters designed from the layer geometry. Exception: the
	 * input's affine weight is 0.1·N(0,1) instead of 0, so that the Fourier features move with w.
	 */
	static StateDict createSg3(final GeneratorConfig cfg, final long seed) {
		final Random rnd = new Random(seed);
		final Sg3Geometry geo = new Sg3Geometry(cfg);
		final StateDict sd = new StateDict();
		for (final Map.Entry<String, long[]> e : Sg3Layout.of(cfg).entrySet()) {
			final String name = e.getKey();
			final long[] shape = e.getValue();
			long n = 1;
			for (final long s : shape) n *= s;
			final float[] v = new float[(int) n];
			if (name.equals("synthesis.input.transform")) {
				v[0] = v[4] = v[8] = 1;
			}
			else if (name.equals("synthesis.input.freqs")) {
				for (int c = 0; c < v.length / 2; c++) {
					final double fx = rnd.nextGaussian(), fy = rnd.nextGaussian();
					final double r = Math.hypot(fx, fy);
					final double scale = geo.inputBandwidth / (r * Math.pow(Math.exp(r * r), 0.25));
					v[2 * c] = (float) (fx * scale);
					v[2 * c + 1] = (float) (fy * scale);
				}
			}
			else if (name.equals("synthesis.input.phases")) {
				for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextDouble() - 0.5);
			}
			else if (name.equals("synthesis.input.affine.weight")) {
				for (int i = 0; i < v.length; i++) v[i] = (float) (0.1 * rnd.nextGaussian());
			}
			else if (name.equals("synthesis.input.affine.bias")) {
				v[0] = 1;
			}
			else if (name.endsWith(".magnitude_ema")) {
				v[0] = 1;
			}
			else if (name.endsWith(".up_filter") || name.endsWith(".down_filter")) {
				final Sg3Geometry.Layer l = layerOf(geo, name);
				final float[] f = name.endsWith(".up_filter") ? l.designUpFilter() : l.designDownFilter();
				System.arraycopy(f, 0, v, 0, v.length);
			}
			else standard(name, v, cfg, rnd);
			sd.put(name, new TensorData(shape, v));
		}
		return sd;
	}

	private static Sg3Geometry.Layer layerOf(final Sg3Geometry geo, final String name) {
		for (final Sg3Geometry.Layer l : geo.layers()) {
			if (name.startsWith(l.prefix() + ".")) return l;
		}
		throw new IllegalStateException("no layer for " + name);
	}

	/** {@code upfirdn2d.setup_filter}: outer product of a 1-D filter, normalised to sum 1 (docs/algorithm.md#fir-filters). */
	public static float[] filter2d(final float[] f) {
		if (f.length != 4) throw new IllegalArgumentException("only 4-tap resample filters are supported, got " + f.length + " taps");
		double sum = 0;
		for (final float a : f) for (final float b : f) sum += a * b;
		final float[] k = new float[16];
		for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) k[i * 4 + j] = (float) (f[i] * f[j] / sum);
		return k;
	}

	/**
	 * What every family draws alike, as the official constructors: w_avg zeros, affine biases 1 and
	 * other biases 0, weights N(0, 1) (the mapping's divided by its learning-rate multiplier).
	 */
	private static void standard(final String name, final float[] v, final GeneratorConfig cfg, final Random rnd) {
		if (name.endsWith("w_avg")) return;
		if (name.endsWith(".bias")) {
			if (name.contains(".affine.")) java.util.Arrays.fill(v, 1f);
			return;
		}
		final double scale = name.startsWith("mapping.fc") ? 1 / cfg.mappingLrMultiplier : 1;
		for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * scale);
	}
}
