package sc.fiji.draggan.eval;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.train.Rng;

/**
 * Draws images from a generator as CHW float arrays in [-1, 1], the way StyleGAN2's metrics do
 * ({@code metrics/metric_utils.py}: ψ = 1 and {@code noise_mode='random'}, the mode the generator was
 * trained with). Constant noise would give every sample the same fine texture. Latents and noise
 * come from {@code seed}.
 */
public final class ModelSamples {

	private ModelSamples() {}

	public static List<float[]> draw(final Generator g, final int n, final long seed) {
		final int zd = g.config().zDim, per = g.config().imgChannels * g.config().imgHeight() * g.config().imgWidth();
		final Rng rng = new Rng(seed);
		final List<float[]> out = new ArrayList<>();
		final int batch = 16;
		for (int i = 0; i < n; i += batch) {
			final int b = Math.min(batch, n - i);
			try (NDManager s = g.manager().newSubManager()) {
				final NDArray z = s.create(rng.gaussians(b * zd), new Shape(b, zd));
				final NDArray ws = g.mapping(z, null, 1, -1);
				final float[] px = g.synthesis(ws, SynthesisOptions.imageOnly().noise(NoiseMode.RANDOM).noiseSeed(seed * 1_000_003L + i)).image().toFloatArray();
				for (int k = 0; k < b; k++) out.add(java.util.Arrays.copyOfRange(px, k * per, (k + 1) * per));
			}
		}
		return out;
	}

	/**
	 * Samples rounded to 8 bits and back, {@code k/127.5 − 1} with k = uint8(clamp(x·127.5 + 128)), as
	 * StyleGAN2's metrics turn samples into uint8 before measuring: samples and 8-bit data are then
	 * compared in the same format.
	 */
	public static List<float[]> asEightBit(final List<float[]> images) {
		final List<float[]> out = new ArrayList<>(images.size());
		for (final float[] img : images) {
			final float[] q = new float[img.length];
			for (int i = 0; i < q.length; i++) q[i] = GeneratorImage.toUint8(img[i]) / 127.5f - 1;
			out.add(q);
		}
		return out;
	}
}
