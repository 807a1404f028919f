package sc.fiji.draggan.engine;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constants that may enter a recorded autograd graph (docs/design.md, "DJL constants in recorded
 * graphs"). DJL's PyTorch engine makes every array created from Java values ({@code create(float)},
 * {@code create(float[])}, and the temporary of each {@code op(Number)}) a view of a Java direct
 * buffer, kept alive only by the open Java array. Autograd saves the operands of {@code mul},
 * {@code div} and {@code pow} and reads them again in the backward pass, so such an operand must
 * stay open until backward is done; DJL's {@code x.mul(Number)} closes its scalar at once, and a
 * constant made in a manager that closes before backward (a per-block or per-call manager) is freed
 * as well: a garbage collection in between then scales the gradient by whatever that memory holds.
 * The constants made here are copies owned by libtorch, which autograd keeps alive itself.
 */
public final class GraphConstants {

	private GraphConstants() {}

	/** A 0-d float32 constant owned by libtorch, attached to {@code m}. */
	public static NDArray scalar(final NDManager m, final float v) {
		final NDArray javaBacked = m.create(v);
		final NDArray owned = javaBacked.duplicate();
		javaBacked.close();
		return owned;
	}

	/**
	 * An array of Java values in memory owned by libtorch, attached to {@code m}: for data that enters
	 * a recorded graph from a manager that may close before the backward pass (filter kernels, noise), and
	 * for arrays derived from weights in Java. On the CPU the values are written into a new array in place,
	 * so no temporary of the same size is made (such holes fragment the native heap: docs/design.md#native-memory);
	 * elsewhere they are copied from a Java-backed array.
	 */
	public static NDArray array(final NDManager m, final float[] values, final Shape shape) {
		final NDArray owned = m.create(shape, DataType.FLOAT32);
		final FloatBuffer memory = HostFloats.inPlace(owned);
		if (memory != null) {
			memory.put(values);
			return owned;
		}
		owned.close();
		final NDArray javaBacked = m.create(values, shape);
		final NDArray copy = javaBacked.duplicate();
		javaBacked.close();
		return copy;
	}

	/** {@code a · s}, owned by {@code m} ({@code a} may live anywhere); keeps autograd history. */
	public static NDArray scaled(final NDManager m, final NDArray a, final double s) {
		return scalar(m, (float) s).mul(a);
	}

	/** {@code x · s} in x's manager; keeps autograd history. */
	public static NDArray scale(final NDArray x, final double s) {
		return scaled(x.getManager(), x, s);
	}
}
