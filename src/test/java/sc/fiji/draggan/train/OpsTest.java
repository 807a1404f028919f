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
}
