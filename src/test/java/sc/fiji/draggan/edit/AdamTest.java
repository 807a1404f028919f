package sc.fiji.draggan.edit;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

/** Adam against the PyTorch update rule written out in double precision. */
public class AdamTest {

	@Test
	public void matchesThePyTorchRule() {
		final int n = 50;
		final Random r = new Random(7);
		final float[] p = new float[n];
		final double[] ref = new double[n], m = new double[n], v = new double[n];
		for (int i = 0; i < n; i++) ref[i] = p[i] = (float) r.nextGaussian();
		final Adam adam = new Adam(n, 0.02);
		for (int t = 1; t <= 30; t++) {
			final float[] g = new float[n];
			for (int i = 0; i < n; i++) g[i] = (float) (r.nextGaussian() * (i % 5 == 0 ? 1e-4 : 1));
			adam.step(p, g);
			for (int i = 0; i < n; i++) {
				m[i] = 0.9 * m[i] + 0.1 * g[i];
				v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
				final double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
				ref[i] -= 0.02 / (1 - Math.pow(0.9, t)) * m[i] / denom;
			}
		}
		for (int i = 0; i < n; i++) assertEquals(ref[i], p[i], 1e-5);
		assertEquals(30, adam.steps());
	}

	@Test
	public void firstStepMovesEachValueByTheLearningRate() {
		final float[] p = { 1, 1, 1 };
		new Adam(3, 0.001).step(p, new float[] { 3, -0.5f, 0 });
		assertEquals(1 - 0.001, p[0], 1e-7);
		assertEquals(1 + 0.001, p[1], 1e-7);
		assertEquals(1, p[2], 0);
	}
}
