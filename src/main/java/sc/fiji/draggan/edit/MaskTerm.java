package sc.fiji.draggan.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The mask term of the drag loss (docs/algorithm.md#mask-term): mean over C·H·W of |(F − F0)·m|, m = 1 on the fixed
 * region (official renderer convention), F, F0 the features bilinearly resized to the image.
 * <p>
 * Exact and cheap: resize is linear, so F − F0 = resize(D) with D = feat − feat0 at the block's own
 * resolution; resize(D) is built with the same resize op PyTorch uses, but only for a slice of
 * channels at a time. The gradient needs no autograd: with S = m·sign(resize(D)) it is
 * d/dD Σ|resize(D)·m| = R_hᵀ·S·R_w per channel (R_h, R_w the exact 1-D resize matrices, docs/algorithm.md#resize-and-sampling), two
 * small matmuls per slice. The session feeds it into the main loss through the surrogate
 * λ·Σ G·feat, whose gradient is exactly that of the mask term. Peak extra memory: a few arrays of
 * one channel slice at full resolution (about {@link #SLICE_ELEMENTS} floats each) instead of the
 * two full C×H×W maps (and their autograd copies) of the official code.
 */
final class MaskTerm implements AutoCloseable {

	/** Full-resolution elements handled per channel slice. */
	static final long SLICE_ELEMENTS = 1L << 22;

	private final NDManager manager;
	private final NDArray mask; // [1, 1, H, W], 1 = fixed
	private final int height, width;
	private final long sliceElements;
	/** R_h [H, h] and R_w [W, w], created for the first feature size seen. */
	private NDArray rh, rw;

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
		this.manager = manager.newSubManager();
		mask = this.manager.create(fixed, new Shape(1, 1, height, width));
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
	 * @param gradient also compute d loss / d feat (in featDetached's manager)
	 */
	Value evaluate(final NDArray featDetached, final NDArray feat0, final boolean gradient) {
		final Shape s = featDetached.getShape();
		final long c = s.get(1);
		final int fh = (int) s.get(2), fw = (int) s.get(3);
		final double n = (double) c * height * width;
		final long slice = Math.max(1, Math.min(c, sliceElements / ((long) height * width)));
		final NDManager step = featDetached.getManager();
		if (gradient) resizeMatrices(fh, fw);
		double sum = 0;
		final NDList grads = new NDList();
		for (long c0 = 0; c0 < c; c0 += slice) {
			final long c1 = Math.min(c, c0 + slice);
			try (NDManager sm = step.newSubManager()) {
				final NDIndex idx = new NDIndex(":, {}:{}", c0, c1);
				final NDArray d = featDetached.get(sm, idx).sub(feat0.get(sm, idx));
				final NDArray up = d.getNDArrayInternal().interpolation(new long[] { height, width }, 1, false);
				final NDArray masked = up.mul(mask);
				sum += masked.abs().sum().getFloat();
				if (gradient) {
					// R_hᵀ·S·R_w, computed as ((S·R_w)ᵀ·R_h)ᵀ so that every op is called on a slice array
					final NDArray sign = masked.sign().reshape(c1 - c0, height, width);
					final NDArray g = sign.matMul(rw).transpose(0, 2, 1).matMul(rh).transpose(0, 2, 1);
					g.attach(step);
					grads.add(g);
				}
			}
		}
		if (!gradient) return new Value(sum / n, null);
		final NDArray all = grads.size() == 1 ? grads.get(0) : NDArrays.concat(grads, 0);
		return new Value(sum / n, all.reshape(1, c, fh, fw).div(n));
	}

	private void resizeMatrices(final int fh, final int fw) {
		if (rh != null && rh.getShape().get(1) == fh && rw.getShape().get(1) == fw) return;
		if (rh != null) {
			rh.close();
			rw.close();
		}
		rh = manager.create(matrix(new ResizeAxis(fh, height)), new Shape(height, fh));
		rw = manager.create(matrix(new ResizeAxis(fw, width)), new Shape(width, fw));
	}

	/** The dense resize matrix [out, in] of one axis. */
	private static float[] matrix(final ResizeAxis axis) {
		final float[] m = new float[axis.out * axis.in];
		final double[] row = new double[axis.in];
		for (int o = 0; o < axis.out; o++) {
			java.util.Arrays.fill(row, 0);
			axis.addPixelWeights(o, row);
			for (int i = 0; i < axis.in; i++) m[o * axis.in + i] = (float) row[i];
		}
		return m;
	}

	/** Frees the mask array. */
	@Override
	public void close() {
		manager.close();
	}
}
