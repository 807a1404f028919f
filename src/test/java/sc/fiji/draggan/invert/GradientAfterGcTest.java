package sc.fiji.draggan.invert;

import static org.junit.Assert.assertArrayEquals;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * The inversion relies on the generator's gradient with respect to ws being the same whenever the
 * JVM collects garbage. DJL's CPU arrays made by {@code create} (scalars of {@code mul(Number)}
 * included) wrap a direct ByteBuffer without copying; if such an array is closed during the forward
 * while autograd still holds it for the backward, a GC frees its memory and the gradient reads
 * freed memory (NaN or garbage, at random).
 */
public class GradientAfterGcTest {

	@Test
	public void gradientDoesNotDependOnGarbageCollection() throws Exception {
		try (NDManager root = Djl.newManager(Device.cpu()); StyleGan2Generator g = InvertFixtures.load("small", root)) {
			final float[] a = gradient(g, false), b = gradient(g, true);
			assertArrayEquals(a, b, 0f);
		}
	}

	private static float[] gradient(final StyleGan2Generator g, final boolean collect) {
		final GeneratorConfig cfg = g.config();
		final float[] v = new float[cfg.numWs() * cfg.wDim];
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		try (NDManager m = g.manager().newSubManager()) {
			final NDArray ws = m.create(v, new Shape(1, cfg.numWs(), cfg.wDim));
			ws.setRequiresGradient(true);
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final NDArray loss = g.synthesis(ws, new SynthesisOptions()).image().square().mean();
				if (collect) churn();
				gc.backward(loss);
			}
			return ws.getGradient().toFloatArray();
		}
	}

	/** Makes the JVM free unreachable direct buffers, and reuses their memory. */
	private static void churn() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(50);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			for (int k = 0; k < 200; k++) java.nio.ByteBuffer.allocateDirect(4096).putFloat(0, Float.NaN);
		}
	}
}
