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
