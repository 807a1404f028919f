package sc.fiji.draggan.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * The mask term of the drag loss (spec §1.4): mean over C·H·W of |(F − F0)·m|, m = 1 on the fixed
 * region (official renderer convention), F, F0 the features bilinearly resized to the image.
 * <p>
 * Exact and cheap: resize is linear, so F − F0 = resize(feat − feat0), computed from the
 * block-resolution maps with the same resize op PyTorch uses. The full-resolution difference is
 * only ever built for a slice of channels at a time: for each slice the value Σ|resize(D)·m| and its
 * gradient with respect to D (= resizeᵀ(m·sign(·)), obtained by a small backward pass on the slice
 * alone) are accumulated; the gradient G with respect to the block features is then fed into the
 * main loss through the surrogate (1/N)·Σ G·feat, which has exactly the gradient of the mask term.
 * Peak extra memory: one channel slice at full resolution (about {@link #SLICE_ELEMENTS} floats)
 * instead of the two full C×H×W maps of the official code.
 */
final class MaskTerm implements AutoCloseable {

	/** Full-resolution elements handled per channel slice. */
	static final long SLICE_ELEMENTS = 1L << 22;

	private final NDArray mask; // [1, 1, H, W], 1 = fixed
	private final int height, width;
	private final long sliceElements;

	/**
	 * @param fixed 1 = fixed, 0 = may change, row-major H×W; must contain both values
	 * @param manager where the mask lives (the session's)
	 */
	MaskTerm(final float[] fixed, final int height, final int width, final NDManager manager) {
		this(fixed, height, width, manager, SLICE_ELEMENTS);
	}

	MaskTerm(final float[] fixed, final int height, final int width, final NDManager manager,
		final long sliceElements)
	{
		this.sliceElements = sliceElements;
		this.height = height;
		this.width = width;
		mask = manager.create(fixed, new Shape(1, 1, height, width));
	}

	/**
	 * The official condition for using a mask: it holds both 0 and 1 ({@code mask.min() == 0 and
	 * mask.max() == 1}); an all-fixed or all-free mask is ignored.
	 */
	static boolean isActive(final float[] fixed) {
		boolean zero = false, one = false;
		for (final float f : fixed) {
			if (f == 0) zero = true;
			else if (f == 1) one = true;
			else return false;
		}
		return zero && one;
	}

	/** Value (and optionally gradient) of the unweighted mask term. */
	static final class Value {
		/** mean |(F − F0)·m| */
		final double loss;
		/** d loss / d feat, [1, C, h, w], or null if not requested */
		final NDArray gradient;

		Value(final double loss, final NDArray gradient) {
			this.loss = loss;
			this.gradient = gradient;
		}
	}

	/**
	 * @param featDetached current block features [1, C, h, w], not recording gradients (step manager)
	 * @param feat0 block features at the start of the drag session [1, C, h, w]
	 * @param collector the active gradient collector, or null when no gradient is needed
	 */
	Value evaluate(final NDArray featDetached, final NDArray feat0, final GradientCollector collector) {
		final Shape s = featDetached.getShape();
		final long c = s.get(1);
		final double n = (double) c * height * width;
		final long slice = Math.max(1, Math.min(c, sliceElements / ((long) height * width)));
		double sum = 0;
		final NDList grads = new NDList();
		for (long c0 = 0; c0 < c; c0 += slice) {
			final long c1 = Math.min(c, c0 + slice);
			final NDIndex idx = new NDIndex(":, {}:{}", c0, c1);
			final NDArray d = featDetached.get(idx).sub(feat0.get(featDetached.getManager(), idx)); // leaf, step manager
			if (collector != null) d.setRequiresGradient(true);
			final NDArray up = d.getNDArrayInternal().interpolation(new long[] { height, width }, 1, false);
			final NDArray l = up.mul(mask).abs().sum();
			sum += l.getFloat();
			if (collector != null) {
				collector.backward(l);
				grads.add(d.getGradient());
			}
		}
		final NDArray g = collector == null ? null : (grads.size() == 1 ? grads.get(0) : NDArrays.concat(grads, 1))
			.div(n);
		return new Value(sum / n, g);
	}

	/** Frees the mask array. */
	@Override
	public void close() {
		mask.close();
	}
}
