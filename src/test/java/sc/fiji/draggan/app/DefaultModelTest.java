package sc.fiji.draggan.app;
import sc.fiji.draggan.train.Rng;


import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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

public class DefaultModelTest {

	/** The bundled model loads, is small, and generates varied, finite, cell-like (mostly dark) grey images. */
	@Test
	public void loadsAndGenerates() throws Exception {
		final Path file = DefaultModel.path();
		assertTrue(Files.size(file) < 25L << 20);
		final Checkpoint ckpt = ModelLoader.load(file);
		assertEquals(64, ckpt.generatorConfig().imgResolution);
		assertEquals(1, ckpt.generatorConfig().imgChannels);
		assertNotNull("the bundle carries D too", ckpt.discriminator());
		try (NDManager m = Djl.newManager(Djl.device("cpu"));
			StyleGan2Generator g = new StyleGan2Generator(ckpt.generatorConfig(), ckpt.generator(), m, Djl.device("cpu"));
			NDManager s = m.newSubManager())
		{
			final int zd = g.config().zDim;
			final NDArray z = s.create(new Rng(1).gaussians(4 * zd), new Shape(4, zd));
			final float[] img = g.synthesis(g.mapping(z, null, 1, -1), new SynthesisOptions().noise(NoiseMode.CONST)).image().toFloatArray();
			assertEquals(4 * 64 * 64, img.length);
			int dark = 0;
			double diff = 0;
			for (int i = 0; i < img.length; i++) {
				assertTrue(Float.isFinite(img[i]));
				if (img[i] < -0.5f) dark++;
				if (i < 4096) diff += Math.abs(img[i] - img[i + 4096]);
			}
			assertTrue("fluorescence images are mostly dark background: " + dark, dark > img.length / 3);
			assertTrue("different latents give different images", diff / 4096 > 0.02);
		}
	}
}
