package sc.fiji.draggan.train;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.Djl;

public class OpsTest {

	/** Polyphase up-sampling conv equals the spec's generic form (zero-insert, pad 3/2, FIR, flipped conv). */
	@Test
	public void polyphaseUpConvMatchesGenericForm() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final Rng r = new Rng(3);
			final NDArray x = m.create(r.gaussians(2 * 5 * 6 * 6), new Shape(2, 5, 6, 6));
			final NDArray w = m.create(r.gaussians(3 * 5 * 9), new Shape(3, 5, 3, 3));
			final NDArray generic = Ops.conv(Ops.fir(Ops.zeroInsert(x), 3, 2, 4f, 1), w.flip(2, 3), null, 1, 0, 1);
			final NDArray poly = Ops.upConv(x, w);
			assertEquals(generic.getShape(), poly.getShape());
			final float[] a = generic.toFloatArray(), b = poly.toFloatArray();
			float maxAbs = 0;
			for (int i = 0; i < a.length; i++) {
				assertEquals("element " + i, a[i], b[i], 1e-4f);
				maxAbs = Math.max(maxAbs, Math.abs(a[i]));
			}
			// not trivially zero
			assertEquals(true, maxAbs > 0.1f);
		}
	}

	/**
	 * Ops.scale keeps its scalar alive until the step closes, so the gradient stays right even when
	 * the garbage collector runs between forward and backward (x.mul(3f) gives garbage here: DJL
	 * closes the scalar it made from a Java direct buffer while autograd still uses it).
	 */
	@Test
	public void scaleGradientSurvivesGarbageCollection() throws Exception {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			for (int rep = 0; rep < 5; rep++) {
				try (NDManager s = m.newSubManager()) {
					final NDArray x = s.create(new float[] { 1, 2, 3, 4 }, new Shape(4));
					x.setRequiresGradient(true);
					try (ai.djl.training.GradientCollector gc = Djl.engine().newGradientCollector()) {
						final NDArray y = Ops.scale(x, 3);
						System.gc();
						Thread.sleep(10);
						for (int i = 0; i < 500; i++) s.create(1000f + i);
						gc.backward(y.sum());
					}
					for (final float g : x.getGradient().toFloatArray()) assertEquals(3f, g, 0f);
				}
			}
		}
	}
}
