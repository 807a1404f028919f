package sc.fiji.draggan.optim;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Collections;
import java.util.Random;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.tensor.StateDict;

/** Adam against the PyTorch update rule written out in double precision. */
public class AdamTest {

	/** Backward of Σ p·g: the gradient of p becomes g. */
	private static void gradient(final NDArray p, final float[] g, final NDManager step) {
		try (GradientCollector gc = Djl.engine().newGradientCollector()) {
			gc.backward(step.create(g, p.getShape()).mul(p).sum()); // in the step manager
		}
	}

	/** 30 steps with gradients of very different sizes, for torch's defaults and for training's betas (0, 0.99). */
	@Test
	public void matchesThePyTorchRule() {
		assertMatchesTorch(0.02, 0.9, 0.999);
		assertMatchesTorch(0.0025, 0, 0.99);
	}

	private static void assertMatchesTorch(final double lr, final double beta1, final double beta2) {
		final int n = 50;
		final Random r = new Random(7);
		final float[] p0 = new float[n];
		final double[] ref = new double[n], m = new double[n], v = new double[n];
		for (int i = 0; i < n; i++) ref[i] = p0[i] = (float) r.nextGaussian();
		try (NDManager work = Djl.newManager(Djl.device("cpu"))) {
			final NDArray p = work.create(p0);
			p.setRequiresGradient(true);
			final Adam adam = new Adam(Collections.singletonMap("p", p), beta1, beta2, 1e-8, work);
			for (int t = 1; t <= 30; t++) {
				final float[] g = new float[n];
				for (int i = 0; i < n; i++) g[i] = (float) (r.nextGaussian() * (i % 5 == 0 ? 1e-4 : 1));
				try (NDManager step = work.newSubManager()) {
					gradient(p, g, step);
					adam.step(lr, step);
				}
				for (int i = 0; i < n; i++) {
					m[i] = beta1 * m[i] + (1 - beta1) * g[i];
					v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
					final double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(beta2, t)) + 1e-8;
					ref[i] -= lr / (1 - Math.pow(beta1, t)) * m[i] / denom;
				}
			}
			final float[] got = p.toFloatArray();
			for (int i = 0; i < n; i++) assertEquals("value " + i, ref[i], got[i], 1e-5);
			assertEquals(30, adam.steps());
			assertEquals("no arrays left behind by the steps", 3, work.getManagedArrays().size());
		}
	}

	@Test
	public void firstStepMovesEachValueByTheLearningRate() {
		try (NDManager work = Djl.newManager(Djl.device("cpu"))) {
			final NDArray p = work.create(new float[] { 1, 1, 1 });
			p.setRequiresGradient(true);
			final Adam adam = new Adam(Collections.singletonMap("p", p), work);
			try (NDManager step = work.newSubManager()) {
				gradient(p, new float[] { 3, -0.5f, 0 }, step);
				adam.step(0.001, step);
			}
			assertArrayEquals(new float[] { 1 - 0.001f, 1 + 0.001f, 1 }, p.toFloatArray(), 1e-7f);
		}
	}

	/** With sanitising, NaN gradients count as 0 and huge ones are clamped; the gradient is zero afterwards. */
	@Test
	public void sanitisedStepIgnoresNaNAndZeroesTheGradient() {
		try (NDManager work = Djl.newManager(Djl.device("cpu"))) {
			final NDArray p = work.create(new float[] { 1, 1 });
			p.setRequiresGradient(true);
			final Adam adam = new Adam(Collections.singletonMap("p", p), 0, 0.99, 1e-8, work).sanitisingGradients();
			try (NDManager step = work.newSubManager()) {
				gradient(p, new float[] { Float.NaN, 2 }, step);
				adam.step(0.01, step);
				assertArrayEquals(new float[] { 1, 0.99f }, p.toFloatArray(), 1e-6f);
				assertArrayEquals(new float[] { 0, 0 }, p.getGradient().toFloatArray(), 0f);
			}
		}
	}

	/** Saved moments and step count continue exactly. */
	@Test
	public void stateRoundTripContinuesExactly() {
		try (NDManager work = Djl.newManager(Djl.device("cpu"))) {
			final NDArray a = work.create(new float[] { 0.5f, -1 }), b = work.create(new float[] { 0.5f, -1 });
			a.setRequiresGradient(true);
			b.setRequiresGradient(true);
			final Adam first = new Adam(Collections.singletonMap("w", a), 0, 0.99, 1e-8, work);
			final float[][] grads = { { 1, 2 }, { -3, 0.5f }, { 0.25f, 4 } };
			try (NDManager step = work.newSubManager()) {
				gradient(a, grads[0], step);
				first.step(0.1, step);
				gradient(b, grads[0], step);
				new Adam(Collections.singletonMap("w", b), 0, 0.99, 1e-8, work).step(0.1, step);
			}
			final StateDict sd = new StateDict();
			first.putState(sd, "opt.");
			final Adam resumed = new Adam(Collections.singletonMap("w", b), 0, 0.99, 1e-8, work);
			resumed.loadState(sd, "opt.", first.steps());
			for (int k = 1; k < grads.length; k++) {
				try (NDManager step = work.newSubManager()) {
					gradient(a, grads[k], step);
					first.step(0.1, step);
					gradient(b, grads[k], step);
					resumed.step(0.1, step);
				}
			}
			assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
			assertEquals(3, resumed.steps());
		}
	}
}
