package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;

/**
 * {@link SynthesisOptions#lazyImage}: the blocks after the recorded ones run when the image is asked for, after a backward
 * pass, and give the image and the recorded features of the eager call; {@link SynthesisOptions#imageOnly()} gives the same
 * image and keeps no features.
 */
public class LazyImageTest {

	@Test
	public void styleGan2SkipAndResnetGiveTheEagerImage() {
		for (final String arch : new String[] { GeneratorConfig.SKIP, GeneratorConfig.RESNET }) {
			final GeneratorConfig c = GeneratorPresets.get("small64");
			c.architecture = arch;
			compare(arch, c, 3);
		}
	}

	@Test
	public void styleGan3GivesTheEagerImage() {
		compare("stylegan3-r", StyleGan3ConfigRTest.smallR(), 5);
	}

	private static void compare(final String what, final GeneratorConfig cfg, final int recordedUpTo) {
		try (NDManager root = Djl.newManager(Device.cpu());
			Generator g = Generator.create(cfg, RandomWeights.create(cfg, 4), root, Device.cpu()))
		{
			final float[] ws = new float[cfg.numWs() * cfg.wDim];
			final java.util.Random r = new java.util.Random(2);
			for (int i = 0; i < ws.length; i++) ws[i] = (float) r.nextGaussian();
			final float[] eager, lazy, eagerFeat, lazyFeat;
			final float[] grad;
			try (NDManager m = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray w = m.create(ws, new ai.djl.ndarray.types.Shape(1, cfg.numWs(), cfg.wDim));
				w.setRequiresGradient(true); // the same recorded path as below
				final Synthesis s = g.synthesis(w, new SynthesisOptions().gradientUpToBlock(recordedUpTo));
				eager = s.image().toFloatArray();
				eagerFeat = s.features().get(recordedUpTo).toFloatArray();
			}
			try (NDManager m = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray w = m.create(ws, new ai.djl.ndarray.types.Shape(1, cfg.numWs(), cfg.wDim));
				w.setRequiresGradient(true);
				final Synthesis s = g.synthesis(w, new SynthesisOptions().gradientUpToBlock(recordedUpTo).lazyImage(true));
				assertEquals(what + ": only the recorded blocks ran", recordedUpTo + 1, s.features().size());
				final NDArray feat = s.features().get(recordedUpTo);
				lazyFeat = feat.stopGradient().toFloatArray();
				gc.backward(feat.square().sum());
				grad = w.getGradient().toFloatArray();
				lazy = s.image().toFloatArray();
				assertNotNull(s.image()); // computed once
			}
			try (NDManager m = root.newSubManager()) {
				final Synthesis s = g.synthesis(m.create(ws, new ai.djl.ndarray.types.Shape(1, cfg.numWs(), cfg.wDim)), SynthesisOptions.imageOnly());
				assertArrayEquals(what + ": the image alone (computed without autograd: float rounding)", eager, s.image().toFloatArray(), 1e-5f);
				if (!cfg.isStyleGan3()) assertEquals(what + ": no features kept", 0, s.features().size());
			}
			assertArrayEquals(what + ": features", eagerFeat, lazyFeat, 0f);
			assertArrayEquals(what + ": image after the backward pass", eager, lazy, 0f);
			double g2 = 0;
			for (final float v : grad) g2 += v * v;
			assertEquals(what + ": the recorded part has a gradient", true, g2 > 0);
		}
	}
}
