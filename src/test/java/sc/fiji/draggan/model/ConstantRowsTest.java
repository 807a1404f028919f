package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;

/**
 * {@link SynthesisOptions#constantRowsFrom}: the rows from k on carry no gradient, the rows before k get the gradient of a
 * plain synthesis, and the features do not change.
 */
public class ConstantRowsTest {

	@Test
	public void styleGan2() {
		compare("small64", GeneratorPresets.get("small64"), 3, 4);
	}

	@Test
	public void styleGan3() {
		compare("stylegan3-r", StyleGan3ConfigRTest.smallR(), 6, 5);
	}

	private static void compare(final String what, final GeneratorConfig cfg, final int k, final int featureIndex) {
		try (NDManager root = Djl.newManager(Device.cpu());
			Generator g = Generator.create(cfg, RandomWeights.create(cfg, 4), root, Device.cpu()))
		{
			final int rows = cfg.numWs(), dim = cfg.wDim;
			final float[] ws = new float[rows * dim];
			final java.util.Random r = new java.util.Random(3);
			for (int i = 0; i < ws.length; i++) ws[i] = (float) r.nextGaussian();
			final float[][] plain = run(g, ws, rows, dim, featureIndex, Integer.MAX_VALUE, root);
			final float[][] cut = run(g, ws, rows, dim, featureIndex, k, root);
			assertArrayEquals(what + ": features", plain[0], cut[0], 0f);
			final float[] before = java.util.Arrays.copyOf(plain[1], k * dim), beforeCut = java.util.Arrays.copyOf(cut[1], k * dim);
			assertArrayEquals(what + ": gradient of the optimised rows", before, beforeCut, 1e-6f);
			double plainAfter = 0;
			for (int i = k * dim; i < rows * dim; i++) {
				assertEquals(what + ": no gradient from row " + i / dim, 0f, cut[1][i], 0f);
				plainAfter += Math.abs(plain[1][i]);
			}
			assertTrue(what + ": the plain synthesis has a gradient there (the test can fail)", plainAfter > 0);
		}
	}

	/** {features of the block, d sum(features²) / d ws} */
	private static float[][] run(final Generator g, final float[] ws, final int rows, final int dim, final int featureIndex,
		final int constantFrom, final NDManager root)
	{
		try (NDManager m = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
			final NDArray w = m.create(ws, new Shape(1, rows, dim));
			w.setRequiresGradient(true);
			final Synthesis s = g.synthesis(w, new SynthesisOptions().lastBlock(featureIndex).image(false).constantRowsFrom(constantFrom));
			final NDArray f = s.features().get(featureIndex);
			final float[] values = f.toFloatArray();
			gc.backward(f.square().sum());
			return new float[][] { values, w.getGradient().toFloatArray() };
		}
	}
}
