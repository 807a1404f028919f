package sc.fiji.draggan.model;

import java.util.Map;
import java.util.Random;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * A randomly initialised generator state dict with exactly the names and shapes of spec §4.12, for
 * benchmarks and tests ({@code draggan bench generate --arch ...}). Initialised like the official
 * constructors (FC weights N(0,1)/lr_multiplier, conv weights and {@code const} N(0,1), affine biases 1,
 * other biases 0, {@code noise_const} N(0,1)), except that {@code noise_strength} is 0.1 instead of 0 so
 * that noise has a visible effect. Deterministic for a seed.
 */
public final class RandomWeights {

	private RandomWeights() {}

	public static StateDict create(final GeneratorConfig cfg, final long seed) {
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
			else if (name.endsWith("w_avg")) {
				// zeros, as the official constructor
			}
			else if (name.endsWith(".bias")) {
				if (name.contains(".affine.")) java.util.Arrays.fill(v, 1f);
			}
			else {
				final double scale = name.startsWith("mapping.fc") ? 1 / cfg.mappingLrMultiplier : 1;
				for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * scale);
			}
			sd.put(name, new TensorData(shape, v));
		}
		return sd;
	}

	/** {@code upfirdn2d.setup_filter}: outer product of a 1-D filter, normalised to sum 1 (spec §4.10). */
	public static float[] filter2d(final float[] f) {
		if (f.length != 4) throw new IllegalArgumentException("only 4-tap resample filters are supported, got " + f.length + " taps");
		double sum = 0;
		for (final float a : f) for (final float b : f) sum += a * b;
		final float[] k = new float[16];
		for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) k[i * 4 + j] = (float) (f[i] * f[j] / sum);
		return k;
	}
}
