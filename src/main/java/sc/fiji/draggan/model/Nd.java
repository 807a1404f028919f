package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * Small NDArray helpers, shared by the generator and the trainer's discriminator. DJL attaches an
 * op's result to the manager of the array the method is called on, so every helper here documents
 * where its result lands.
 */
public final class Nd {

	private Nd() {}

	/** A 0-d float32 constant safe in recorded graphs ({@link GraphConstants#scalar}), attached to {@code m}. */
	static NDArray constant(final NDManager m, final float v) {
		return GraphConstants.scalar(m, v);
	}

	/** A copy of {@code a} (any manager) owned by {@code m}; keeps autograd history. */
	static NDArray copyInto(final NDManager m, final NDArray a) {
		return constant(m, 1f).mul(a);
	}

	/** {@code a * s} owned by {@code m} (a may live anywhere); keeps autograd history. */
	public static NDArray scaledInto(final NDManager m, final NDArray a, final double s) {
		return GraphConstants.scaled(m, a, s);
	}

	/** 2-D cross-correlation (PyTorch conv2d), result in x's manager. */
	static NDArray conv(final NDArray x, final NDArray w, final int padH, final int padW, final int groups) {
		return conv(x, w, null, padH, padW, groups);
	}

	/** 2-D cross-correlation plus a per-output-channel bias [O] (or null), result in x's manager. */
	static NDArray conv(final NDArray x, final NDArray w, final NDArray bias, final int padH, final int padW, final int groups) {
		return Conv2d.conv2d(x, w, bias, new Shape(1, 1), new Shape(padH, padW), new Shape(1, 1), groups).singletonOrThrow();
	}

	/** PyTorch's conv2d with equal stride and zero padding on both axes; bias [O] or null; result in x's manager. */
	public static NDArray strided(final NDArray x, final NDArray w, final NDArray bias, final int stride, final int pad, final int groups) {
		return Conv2d.conv2d(x, w, bias, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups).singletonOrThrow();
	}

	/**
	 * Returns {@code next} after closing {@code done}, an intermediate that {@code next} was computed from and nothing else
	 * uses (unless they are the same array, as after an in-place op). Frees its memory now instead of when the manager
	 * closes; autograd keeps its own reference to whatever the backward pass needs (docs/design.md#native-memory).
	 */
	static NDArray freeing(final NDArray done, final NDArray next) {
		if (done != next) done.close();
		return next;
	}

	/** Leaky ReLU (no gain), result in x's manager. */
	public static NDArray leakyRelu(final NDArray x, final float slope) {
		return x.getNDArrayInternal().leakyRelu(slope);
	}

	static NDArray float32(final NDArray a) {
		return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
	}

	static long[] dims(final NDArray a) {
		return a.getShape().getShape();
	}
}
