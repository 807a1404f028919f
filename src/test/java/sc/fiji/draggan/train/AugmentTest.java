package sc.fiji.draggan.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;

public class AugmentTest {

	private static final int RES = 8;

	private static float[] ramp(final int n) {
		final float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = i;
		return a;
	}

	@Test
	public void reflectPaddingDoesNotRepeatTheEdge() {
		assertEquals(1, Augment.reflect(-1, 8));
		assertEquals(2, Augment.reflect(-2, 8));
		assertEquals(6, Augment.reflect(8, 8));
		assertEquals(5, Augment.reflect(9, 8));
		assertEquals(3, Augment.reflect(3, 8));
	}

	@Test
	public void probabilityZeroIsTheIdentity() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final NDArray x = m.create(ramp(2 * RES * RES), new Shape(2, 1, RES, RES));
			final Rng rng = new Rng(1);
			final String before = rng.save();
			assertSame(x, Augment.sample(rng, 2, 1, RES, 0).apply(x));
			assertEquals("p = 0 draws no random numbers (runs without augmentation are unchanged)", before, rng.save());
		}
	}

	/** Geometry matches DJL's own flip / rot90, translation shifts with reflect padding, intensity is x·c + b. */
	@Test
	public void singleTransformsMatchTheirDefinitions() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final NDArray x = m.create(ramp(RES * RES), new Shape(1, 1, RES, RES));
			assertArrayEquals(x.flip(3).toFloatArray(), Augment.single(1, RES, true, 0, 0, 0, 1, 0).apply(x).toFloatArray(), 0);
			final float[] r1 = Augment.single(1, RES, false, 1, 0, 0, 1, 0).apply(x).toFloatArray();
			final float[] r2 = Augment.single(1, RES, false, 2, 0, 0, 1, 0).apply(x).toFloatArray();
			assertTrue("a quarter turn", java.util.Arrays.equals(r1, x.rotate90(1, new int[] { 2, 3 }).toFloatArray())
				|| java.util.Arrays.equals(r1, x.rotate90(3, new int[] { 2, 3 }).toFloatArray()));
			assertArrayEquals(x.flip(2, 3).toFloatArray(), r2, 0);
			final float[] t = Augment.single(1, RES, false, 0, 2, -1, 1, 0).apply(x).toFloatArray();
			for (int y = 0; y < RES; y++)
				for (int xx = 0; xx < RES; xx++)
					assertEquals(Augment.reflect(y + 1, RES) * RES + Augment.reflect(xx - 2, RES), t[y * RES + xx], 0);
			final float[] c = Augment.single(1, RES, false, 0, 0, 0, 2, 0.5f).apply(x).toFloatArray();
			for (int i = 0; i < c.length; i++) assertEquals(2 * i + 0.5f, c[i], 1e-5);
		}
	}

	/** Gradients flow through the augmentation to its input (G trains through it). */
	@Test
	public void isDifferentiable() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final NDArray x = m.create(ramp(4 * RES * RES), new Shape(4, 1, RES, RES));
			x.setRequiresGradient(true);
			final Augment.Plan plan = Augment.sample(new Rng(5), 4, 1, RES, 1);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				final NDArray y = plan.apply(x);
				gc.backward(y.sum());
			}
			final float[] g = x.getGradient().toFloatArray();
			double total = 0;
			for (final float v : g) total += v;
			// d(sum y)/dx: each output pixel reads one input pixel, times that image's contrast factor
			double expected = 0;
			for (int i = 0; i < 4; i++) expected += plan.scale[i] * RES * RES;
			assertEquals(expected, total, 1e-3);
		}
	}

	@Test
	public void adaMovesPTowardsTheTarget() {
		assertEquals(0.5 + 64 * 4 / 100e3, AdaptiveAugmentation.adjust(0.5, 0.9, 0.6, 64, 4, 100), 1e-12);
		assertEquals(0.5 - 64 * 4 / 100e3, AdaptiveAugmentation.adjust(0.5, 0.1, 0.6, 64, 4, 100), 1e-12);
		assertEquals(0, AdaptiveAugmentation.adjust(0, -1, 0.6, 64, 4, 100), 0);
		assertEquals(1, AdaptiveAugmentation.adjust(1, 1, 0.6, 64, 4, 0.001), 0);
	}
}
