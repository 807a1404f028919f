package sc.fiji.draggan.edit;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.StyleGan2Generator;

/** Small random generators for behaviour tests (no fixtures needed). */
final class TestGenerators {

	private TestGenerators() {}

	/** 32 px, 64-dim latents, 2 mapping layers (the shape of the "tiny" fixture model). */
	static GeneratorConfig tinyConfig() {
		final GeneratorConfig c = new GeneratorConfig();
		c.zDim = 64;
		c.wDim = 64;
		c.mappingLayers = 2;
		c.channelBase = 1024;
		c.channelMax = 64;
		c.numFp16Res = 0;
		c.convClamp = null;
		c.imgResolution = 32;
		return c.validate();
	}

	static StyleGan2Generator tiny(final NDManager root, final long seed) {
		final GeneratorConfig c = tinyConfig();
		return new StyleGan2Generator(c, RandomWeights.create(c, seed), root, Device.cpu());
	}

	/** A w+ latent for a seed: one N(0, 1) w vector repeated on every layer, as mapping without cutoff gives. */
	static float[] ws(final StyleGan2Generator g, final long seed) {
		final int wDim = g.config().wDim, numWs = g.config().numWs();
		final java.util.Random r = new java.util.Random(seed);
		final float[] w = new float[wDim];
		for (int i = 0; i < wDim; i++) w[i] = (float) r.nextGaussian();
		final float[] ws = new float[numWs * wDim];
		for (int k = 0; k < numWs; k++) System.arraycopy(w, 0, ws, k * wDim, wDim);
		return ws;
	}
}
