package sc.fiji.draggan.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.app.DefaultModel;
import sc.fiji.draggan.train.Rng;

/** Samples for the metrics are drawn as StyleGAN2's metrics draw them: ψ = 1, fresh per-layer noise, reproducible per seed. */
public class ModelSamplesTest {

	@Test
	public void samplesUseRandomNoiseAndAreReproducible() throws Exception {
		final Checkpoint ckpt = ModelLoader.load(DefaultModel.path());
		try (NDManager m = Djl.newManager(Djl.device("cpu"));
			StyleGan2Generator g = new StyleGan2Generator(ckpt.generatorConfig(), ckpt.generator(), m, Djl.device("cpu")))
		{
			final List<float[]> a = ModelSamples.draw(g, 3, 5), b = ModelSamples.draw(g, 3, 5);
			assertEquals(3, a.size());
			for (int i = 0; i < 3; i++) assertArrayEquals(a.get(i), b.get(i), 0f);
			// the same latents with the stored constant noise: the same picture, different fine texture
			final int zd = g.config().zDim;
			final float[] constant;
			try (NDManager s = m.newSubManager()) {
				final NDArray z = s.create(new Rng(5).gaussians(3 * zd), new Shape(3, zd));
				constant = g.synthesis(g.mapping(z, null, 1, -1), new SynthesisOptions().noise(NoiseMode.CONST)).image().toFloatArray();
			}
			final int per = a.get(0).length;
			for (int i = 0; i < 3; i++) {
				double sq = 0;
				for (int k = 0; k < per; k++) sq += Math.pow(a.get(i)[k] - constant[i * per + k], 2);
				final double rms = Math.sqrt(sq / per);
				assertTrue("sample " + i + " should differ from its constant-noise rendering only by noise, RMS " + rms, rms > 1e-4 && rms < 0.2);
			}
		}
	}

	/** As StyleGAN2's metrics: (x·127.5 + 128) clamped to 0..255 and truncated, i.e. rounded to the nearest of 256 levels. */
	@Test
	public void quantisesLikeUint8Conversion() {
		final float step = 2f / 255;
		final float[] img = { -1.5f, -1f, -1 + 0.49f * step, -1 + 0.51f * step, 0f, 1 - 0.4f * step, 2f };
		final float[] q = ModelSamples.asEightBit(java.util.Collections.singletonList(img)).get(0);
		final float[] expected = { -1, -1, -1, -1 + step, 128 * step - 1, 1, 1 };
		assertArrayEquals(expected, q, 1e-6f);
	}
}
