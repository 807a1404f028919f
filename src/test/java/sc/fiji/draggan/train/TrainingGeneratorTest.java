package sc.fiji.draggan.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.TorchAutograd;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * The generator as the trainer uses it (weights requiring gradient, mapping and synthesis in one
 * graph, random noise, batch 2): the gradient of every kind of weight matches central finite
 * differences of the loss.
 */
public class TrainingGeneratorTest {

	static GeneratorConfig tiny() {
		return TrainerTest.tinyOptions().generatorConfig();
	}

	/** The official initialisation moved off its special values (biases 0, noise strengths 0 would hide errors). */
	static StateDict weights(final GeneratorConfig cfg) {
		final StateDict sd = RandomWeights.official(cfg, 5);
		final Random r = new Random(9);
		for (final java.util.Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
			if (StateDict.isBuffer(e.getKey())) continue;
			final float[] v = e.getValue().data();
			for (int i = 0; i < v.length; i++) v[i] += 0.2f * (float) r.nextGaussian();
		}
		return sd;
	}

	/** Σ G(z)·R for fixed z, R and noise. */
	private static NDArray loss(final StyleGan2Generator g, final NDManager s) {
		final GeneratorConfig cfg = g.config();
		final Random r = new Random(1);
		final float[] z = new float[2 * cfg.zDim], rr = new float[2 * cfg.imgChannels * cfg.imgResolution * cfg.imgResolution];
		for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
		for (int i = 0; i < rr.length; i++) rr[i] = (float) r.nextGaussian();
		final NDArray ws = g.mapping(s.create(z, new Shape(2, cfg.zDim)), null, 1, -1);
		final NDArray img = g.synthesis(ws, new SynthesisOptions().noise(NoiseMode.RANDOM).noiseSeed(4)).image();
		return s.create(rr, img.getShape()).mul(img).sum();
	}

	@Test
	public void weightGradientsMatchFiniteDifferences() {
		final GeneratorConfig cfg = tiny();
		try (NDManager m = Djl.newManager(Djl.device("cpu")); StyleGan2Generator g = new StyleGan2Generator(cfg, weights(cfg), m, m.getDevice())) {
			g.setWeightsRequireGradient(true);
			try (NDManager s = m.newSubManager()) {
				try (GradientCollector gc = Djl.engine().newGradientCollector()) {
					gc.backward(loss(g, s));
				}
				for (final String name : new String[] { "mapping.fc0.weight", "mapping.fc1.bias", "synthesis.b4.const",
					"synthesis.b4.conv1.weight", "synthesis.b8.conv0.weight", "synthesis.b8.conv0.affine.weight", "synthesis.b8.conv0.affine.bias",
					"synthesis.b16.conv1.noise_strength", "synthesis.b16.conv1.bias", "synthesis.b8.torgb.weight", "synthesis.b16.torgb.affine.weight",
					"synthesis.b16.torgb.bias" })
				{
					final NDArray w = g.weights().get(name);
					final NDArray gradient = w.getGradient();
					gradient.attach(s);
					final float[] grad = gradient.toFloatArray();
					int best = 0;
					for (int i = 0; i < grad.length; i++) if (Math.abs(grad[i]) > Math.abs(grad[best])) best = i;
					// small enough not to cross many lrelu kinks, large enough for float32; a noise strength moves every
					// pre-activation of its layer, so its loss is piecewise linear at a fine scale: a wide step averages the kinks
					// (measured: 8.99 at 0.1, 8.2-9.9 between 3e-2 and 1e-3, autograd 9.00)
					final double eps = name.endsWith("noise_strength") ? 0.1 : 2e-3 * Math.max(1, Math.abs(w.toFloatArray()[best]));
					final double fd = (lossWith(g, w, best, eps, s) - lossWith(g, w, best, -eps, s)) / (2 * eps);
					System.out.println("d loss / d " + name + "[" + best + "]: autograd " + grad[best] + ", finite difference " + fd);
					assertTrue(name + " gets no gradient", Math.abs(grad[best]) > 1e-3);
					assertEquals("d loss / d " + name + "[" + best + "]", fd, grad[best], 0.02 * Math.abs(fd) + 0.05);
				}
			}
		}
	}

	/**
	 * The generator's per-call arrays that autograd keeps (filter kernels, random noise) survive the
	 * managers that made them: a garbage collection and new allocations between forward and backward
	 * leave every weight gradient bit-identical (docs/design.md, "DJL constants in recorded graphs").
	 */
	@Test
	public void weightGradientsSurviveGarbageCollection() throws InterruptedException {
		final GeneratorConfig cfg = tiny();
		try (NDManager m = Djl.newManager(Djl.device("cpu")); StyleGan2Generator g = new StyleGan2Generator(cfg, weights(cfg), m, m.getDevice())) {
			g.setWeightsRequireGradient(true);
			final java.util.List<float[]> quiet = gradients(g, m, false), collected = gradients(g, m, true);
			for (int i = 0; i < quiet.size(); i++) org.junit.Assert.assertArrayEquals("weight " + i, quiet.get(i), collected.get(i), 0f);
		}
	}

	private static java.util.List<float[]> gradients(final StyleGan2Generator g, final NDManager m, final boolean collect)
		throws InterruptedException
	{
		final java.util.List<float[]> out = new java.util.ArrayList<>();
		try (NDManager s = m.newSubManager()) {
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final NDArray l = loss(g, s);
				if (collect) {
					System.gc();
					Thread.sleep(50);
					final float[] junk = new float[4096];
					java.util.Arrays.fill(junk, 1e3f);
					for (int i = 0; i < 300; i++) s.create(junk);
				}
				gc.backward(l);
			}
			for (final java.util.Map.Entry<String, NDArray> e : g.weights().entrySet()) {
				if (StateDict.isBuffer(e.getKey())) continue;
				final NDArray grad = e.getValue().getGradient();
				grad.attach(s);
				out.add(grad.toFloatArray());
				grad.muli(0f);
			}
		}
		return out;
	}

	/** The loss with w[index] moved by delta (w restored afterwards). */
	private static double lossWith(final StyleGan2Generator g, final NDArray w, final int index, final double delta, final NDManager parent) {
		try (NDManager s = parent.newSubManager()) {
			final float[] one = new float[(int) w.size()];
			one[index] = (float) delta;
			final NDArray step = s.create(one, w.getShape());
			TorchAutograd.withoutRecording(() -> w.addi(step));
			final double l = loss(g, s).getFloat();
			TorchAutograd.withoutRecording(() -> w.subi(step));
			return l;
		}
	}
}
