package sc.fiji.draggan.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.optim.Adam;

public class R1EstimateTest {

	/** Exact per-batch |∇ₓ Σ D(x)|² per image [N] by first-order autograd. */
	static float[] exactGradNormSq(final Discriminator d, final NDArray real) {
		final NDArray x = real.duplicate();
		x.setRequiresGradient(true);
		try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
			gc.backward(d.forward(x).sum());
		}
		final float[] out = x.getGradient().square().sum(new int[] { 1, 2, 3 }).toFloatArray();
		Adam.zeroGradients(d.params().learnable().values(), real.getManager());
		return out;
	}

	static double mean(final float[] a) {
		double s = 0;
		for (final float v : a) s += v;
		return s / a.length;
	}

	/**
	 * The finite-difference estimate averages to the exact squared input-gradient norm, and
	 * descending on it (first-order autograd only) lowers the exact norm: it regularises.
	 */
	@Test
	public void estimatesAndLowersTheInputGradientNorm() {
		final TrainOptions o = TrainerTest.tinyOptions();
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final Discriminator d = Discriminator.initialise(o.generatorConfig(), o.channelBase, o.channelMax, 4, m.newSubManager());
			final Rng rng = new Rng(1);
			final float[] reals = rng.gaussians(4 * 16 * 16);
			double exactBefore;
			try (NDManager s = m.newSubManager()) {
				d.params().tempAttach(s);
				final NDArray x = s.create(reals, new Shape(4, 1, 16, 16));
				exactBefore = mean(exactGradNormSq(d, x));
				// 300 directions per image in one pass: the batch tiled 300 times keeps every minibatch-std group
				// made of the same 4 images (sample i is image i % 4; group members are n/4 apart)
				final double est = mean(R1Estimate.penalty(d::forward, x.tile(new long[] { 300, 1, 1, 1 }), rng, 0.01).toFloatArray());
				assertEquals("estimate " + est + " vs exact " + exactBefore, exactBefore, est, 0.15 * exactBefore);
			}
			d.params().setRequiresGradient(true);
			final Adam adam = new Adam(d.params().learnable(), 0, 0.99, 1e-8, m);
			for (int step = 0; step < 30; step++) {
				try (NDManager s = m.newSubManager()) {
					d.params().tempAttach(s);
					final NDArray x = s.create(reals, new Shape(4, 1, 16, 16));
					try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
						// a few directions per step (training averages over the batch the same way)
						gc.backward(R1Estimate.penalty(d::forward, x.tile(new long[] { 4, 1, 1, 1 }), rng, 0.01).mean());
					}
					adam.step(0.003, s);
				}
			}
			d.params().setRequiresGradient(false);
			try (NDManager s = m.newSubManager()) {
				d.params().tempAttach(s);
				final double exactAfter = mean(exactGradNormSq(d, s.create(reals, new Shape(4, 1, 16, 16))));
				assertTrue("R1 steps should lower |grad_x D|^2: before " + exactBefore + ", after " + exactAfter, exactAfter < 0.9 * exactBefore);
			}
		}
	}
}
