package sc.fiji.draggan.engine;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * Which constants are safe in a recorded graph (docs/design.md, "DJL constants in recorded graphs").
 * DJL builds every array from Java values ({@code create(float)} and the scalar of each
 * {@code op(Number)}) on a direct buffer; these tests make that buffer explicit.
 */
public class GraphConstantsTest {

	private static ByteBuffer direct(final float v) {
		final ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
		b.putFloat(0, v);
		return b;
	}

	/**
	 * A multiplicand made from a Java buffer is not copied when the graph is recorded: the backward
	 * pass reads the Java memory again. Whatever that memory holds by then (here 5, after a freed
	 * buffer anything) scales the gradient, while the forward value used 2.
	 */
	@Test
	public void javaBackedConstantIsReadAgainByBackward() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final NDArray x = m.create(new float[] { 1, 2, 3 });
			x.setRequiresGradient(true);
			final ByteBuffer memory = direct(2f);
			final NDArray c = m.create(memory, new Shape(), DataType.FLOAT32);
			final NDArray y;
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				y = x.mul(c);
				memory.putFloat(0, 5f); // what a garbage collection and a new allocation may do to a freed buffer
				gc.backward(y.sum());
			}
			assertArrayEquals(new float[] { 2, 4, 6 }, y.toFloatArray(), 0f);
			assertArrayEquals("backward read the Java memory again", new float[] { 5, 5, 5 }, x.getGradient().toFloatArray(), 0f);
		}
	}

	/** The same constant copied into libtorch memory ({@link GraphConstants#scalar}'s way) is immune. */
	@Test
	public void libtorchOwnedCopyIsNotAffectedByTheJavaMemory() {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final NDArray x = m.create(new float[] { 1, 2, 3 });
			x.setRequiresGradient(true);
			final ByteBuffer memory = direct(2f);
			final NDArray javaBacked = m.create(memory, new Shape(), DataType.FLOAT32);
			final NDArray owned = javaBacked.duplicate();
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final NDArray y = x.mul(owned);
				javaBacked.close();
				memory.putFloat(0, 5f);
				gc.backward(y.sum());
			}
			assertArrayEquals(new float[] { 2, 2, 2 }, x.getGradient().toFloatArray(), 0f);
		}
	}

	/**
	 * Constants made by {@link GraphConstants} in a manager that closes before the backward pass (as the
	 * generator's per-block managers do) still give exact gradients after garbage collections and new
	 * allocations, for mul, scaled and scale.
	 */
	@Test
	public void constantsSurviveTheirManagerAndGarbageCollection() throws InterruptedException {
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			for (int rep = 0; rep < 5; rep++) {
				try (NDManager step = m.newSubManager()) {
					final NDArray x = step.create(new float[] { 1, 2, 3, 4 }, new Shape(4));
					x.setRequiresGradient(true);
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						final NDArray y;
						try (NDManager block = step.newSubManager()) {
							final NDArray a = x.mul(GraphConstants.scalar(block, 3f));
							final NDArray b = GraphConstants.scaled(block, a, 0.5);
							y = GraphConstants.scale(b, 4);
							y.attach(step);
						}
						System.gc();
						Thread.sleep(10);
						for (int i = 0; i < 500; i++) step.create(1000f + i);
						gc.backward(y.sum());
					}
					for (final float g : x.getGradient().toFloatArray()) assertEquals(6f, g, 0f);
				}
			}
		}
	}
}
