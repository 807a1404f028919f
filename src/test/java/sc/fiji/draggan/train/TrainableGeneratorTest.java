package sc.fiji.draggan.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

public class TrainableGeneratorTest {

	static GeneratorConfig tiny() {
		final TrainOptions o = new TrainOptions();
		o.resolution = 16;
		o.zDim = o.wDim = 32;
		o.channelBase = 256;
		o.channelMax = 32;
		return o.generatorConfig();
	}

	/** The training generator computes what the inference generator (model package) computes on the same weights. */
	@Test
	public void matchesInferenceGenerator() {
		final GeneratorConfig cfg = tiny();
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final TrainableGenerator g = TrainableGenerator.initialise(cfg, 5, m.newSubManager());
			// move every learnable tensor off its initial value (biases 0, noise strengths 0 would hide bugs)
			final Rng r = new Rng(9);
			for (final Map.Entry<String, NDArray> e : g.params().all().entrySet()) {
				if (!Params.isLearnable(e.getKey())) continue;
				final float[] v = e.getValue().toFloatArray();
				for (int i = 0; i < v.length; i++) v[i] += 0.2f * (float) r.nextGaussian();
				e.getValue().set(v);
			}
			final StateDict sd = g.params().toStateDict("");
			try (NDManager s = m.newSubManager(); StyleGan2Generator ref = new StyleGan2Generator(cfg, sd, m, Djl.device("cpu"))) {
				g.params().tempAttach(s);
				final NDArray z = s.create(r.gaussians(2 * cfg.zDim), new Shape(2, cfg.zDim));
				final float[] ours = g.generate(z, null).toFloatArray();
				final NDArray ws = ref.mapping(z, null, 1, -1);
				final float[] theirs = ref.synthesis(ws, new SynthesisOptions().noise(NoiseMode.CONST)).image().toFloatArray();
				assertEquals(theirs.length, ours.length);
				double maxDiff = 0, maxAbs = 0;
				for (int i = 0; i < ours.length; i++) {
					maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
					maxAbs = Math.max(maxAbs, Math.abs(theirs[i]));
				}
				assertTrue("images differ by " + maxDiff + " (max |value| " + maxAbs + ")", maxDiff < 1e-4 * Math.max(1, maxAbs));
				assertTrue(maxAbs > 0.01);
			}
		}
	}
}
