package sc.fiji.draggan.model;

import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.engine.Djl;

/**
 * {@link UpsampleKernel} in the up-sampling layers (conv0) and {@link EpilogueKernel} in the others (conv1): the layer
 * taken without autograd on the CPU gives the values of libtorch's formulation (taken when gradients are recorded), with
 * noise or without, clamped or not, square or not, on a band of rows.
 */
public class LayerKernelsTest {

	@Test
	public void upsamplingLayersMatchLibtorchsFormulation() {
		compare(GeneratorPresets.get("small64"), NoiseMode.CONST, 0, 1f);
		compare(GeneratorPresets.get("small64"), NoiseMode.NONE, 0, 1f);
	}

	@Test
	public void clampedValuesMatch() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		c.convClamp = 0.5; // most values exceed it
		compare(c, NoiseMode.CONST, 0, 3f);
	}

	@Test
	public void unclampedPortraitLayersMatch() {
		final GeneratorConfig c = GeneratorPresets.get("small64");
		c.convClamp = null;
		c.square = false;
		compare(c, NoiseMode.CONST, 0, 1f);
	}

	@Test
	public void aBandOfRowsReceivesItsRowsOfNoise() {
		compare(GeneratorPresets.get("small64"), NoiseMode.CONST, 6, 1f);
	}

	/**
	 * The arrays a layer derives from its weight (Σ W², the polyphase kernels) are the same to the bit whether they are
	 * written in place from the weight's memory or derived by recorded ops (weights that record gradients): the layers
	 * give the same bits.
	 */
	@Test
	public void derivedWeightsAreTheSameInPlaceAndRecorded() {
		final GeneratorConfig cfg = GeneratorPresets.get("small64");
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = (StyleGan2Generator) Generator.create(cfg, RandomWeights.create(cfg, 5), root, Device.cpu());
			NDManager m = root.newSubManager())
		{
			final Fir fir = new Fir(g.weights().get("synthesis.b4.resample_filter").toFloatArray());
			final Random r = new Random(3);
			for (final boolean up : new boolean[] { true, false }) {
				final String name = "synthesis.b16." + (up ? "conv0" : "conv1");
				final NDArray weight = g.weights().get(name + ".weight");
				final ModulatedConv inPlace = new ModulatedConv(cfg, g.weights(), name, 16, up, 1, fir, m);
				weight.setRequiresGradient(true);
				final ModulatedConv recorded;
				try {
					recorded = new ModulatedConv(cfg, g.weights(), name, 16, up, 1, fir, m);
				}
				finally {
					weight.setRequiresGradient(false);
				}
				final int cin = (int) weight.getShape().get(1), rows = up ? 8 : 16;
				final float[] xv = new float[cin * rows * rows];
				for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
				final float[] wv = new float[cfg.wDim];
				for (int i = 0; i < wv.length; i++) wv[i] = (float) r.nextGaussian();
				final NDArray x = m.create(xv, new Shape(1, cin, rows, rows)), w = m.create(wv, new Shape(1, cfg.wDim));
				for (final boolean tracked : new boolean[] { true, false }) {
					org.junit.Assert.assertArrayEquals(name + (tracked ? ", tracked" : ""),
						recorded.forward(x, w, NoiseMode.CONST, null, tracked).toFloatArray(),
						inPlace.forward(x, w, NoiseMode.CONST, null, tracked).toFloatArray(), 0f);
				}
			}
		}
	}

	/** conv0 and conv1 of every block after the first, on a random input of 4 rows (plus noiseRow) fewer than the block's. */
	private static void compare(final GeneratorConfig cfg, final NoiseMode noise, final int noiseRow, final float inputScale) {
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = (StyleGan2Generator) Generator.create(cfg, RandomWeights.create(cfg, 5), root, Device.cpu());
			NDManager m = root.newSubManager())
		{
			final Random r = new Random(7);
			int checked = 0;
			for (int b = 1; b < g.numBlocks(); b++) {
				final SynthesisBlock block = g.synthesisNetwork().block(b);
				final int inRes = block.res / 2, rows = noiseRow > 0 ? inRes - noiseRow / 2 - 1 : inRes;
				if (rows < 2) continue;
				final long cin = cfg.channels(inRes);
				final float[] xv = new float[(int) (cin * rows * cfg.blockWidth(inRes))];
				for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian() * inputScale;
				final NDArray x = m.create(xv, new Shape(1, cin, rows, cfg.blockWidth(inRes)));
				final float[] wv = new float[cfg.wDim];
				for (int i = 0; i < wv.length; i++) wv[i] = (float) r.nextGaussian();
				final NDArray w = m.create(wv, new Shape(1, cfg.wDim));
				final NDArray h = block.conv0().forward(x, w, noise, null, false, noiseRow);
				Fixtures.assertRelativelyClose("block " + b + " conv0", block.conv0().forward(x, w, noise, null, true, noiseRow).toFloatArray(), h.toFloatArray(), 1e-5);
				Fixtures.assertRelativelyClose("block " + b + " conv1", block.conv1().forward(h, w, noise, null, true, noiseRow).toFloatArray(),
					block.conv1().forward(h, w, noise, null, false, noiseRow).toFloatArray(), 1e-5);
				checked++;
			}
			assertTrue(checked > 0);
		}
	}
}
