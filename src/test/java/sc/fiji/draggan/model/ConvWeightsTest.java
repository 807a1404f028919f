package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;

import java.util.Random;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.Djl;

/** {@link ConvWeights}: made in place or by recorded ops, a layer gives the same bits. */
public class ConvWeightsTest {

	/**
	 * The arrays a layer derives from its weight (Σ W², the polyphase kernels) are the same to the bit whether they are
	 * made without large temporaries (a CPU weight) or by recorded ops (a weight that records gradients): both layers give
	 * the same bits, recorded or not, up-sampling or not.
	 */
	@Test
	public void inPlaceAndRecordedGiveTheSameBits() {
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
					assertArrayEquals(name + (tracked ? ", tracked" : ""),
						recorded.forward(x, w, NoiseMode.CONST, null, tracked).toFloatArray(),
						inPlace.forward(x, w, NoiseMode.CONST, null, tracked).toFloatArray(), 0f);
				}
			}
		}
	}

}
