package sc.fiji.draggan.edit;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.engine.HostFloats;

/**
 * The mask term of the drag loss (docs/algorithm.md#mask-term): mean over C·H·W of |(F − F0)·m|, m = 1 on the fixed
 * region (official renderer convention), F, F0 the features bilinearly resized to the image.
 * <p>
 * Exact and cheap: resize is linear, so F − F0 = resize(D) with D = feat − feat0 at the block's own
 * resolution, and the gradient needs no autograd: with S = m·sign(resize(D)) it is
 * d/dD Σ|resize(D)·m| = R_hᵀ·S·R_w per channel (R_h, R_w the exact 1-D resize matrices,
 * docs/algorithm.md#resize-and-sampling). The session feeds it into the main loss through the surrogate
 * λ·Σ G·feat, whose gradient is exactly that of the mask term.
 * <p>
 * On the CPU (float features, binary mask) {@link MaskKernel} does it in one pass over the features'
 * memory, channels split over the threads libtorch uses on the calling thread, never making a
 * full-resolution map. On an accelerator the features stay there: resize(D) is built with the same resize
 * op PyTorch uses, a slice of channels at a time, and the adjoint is two small matmuls per slice; peak extra
 * memory a few arrays of one slice at full resolution (about {@link #SLICE_ELEMENTS} floats each) instead
 * of the two full C×H×W maps (and their autograd copies) of the official code.
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
	/** The fused CPU pass (binary masks). */
	private MaskKernel kernel;

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
		kernel = isBinary(fixed) ? new MaskKernel(fixed, height, width) : null;
	}

	private static boolean isBinary(final float[] fixed) {
		for (final float f : fixed)
			if (f != 0 && f != 1) return false;
		return true;
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
		if (kernel != null && HostFloats.onCpu(featDetached) && HostFloats.onCpu(feat0) && featDetached.getShape().equals(feat0.getShape()))
			return evaluateFused(featDetached, feat0, gradient);
		return evaluateSliced(featDetached, feat0, gradient);
	}

	/**
	 * {@link MaskKernel} on the features' memory: both are read in place, channel by channel, and the gradient
	 * is written straight into a new array of the step's manager.
	 */
	Value evaluateFused(final NDArray featDetached, final NDArray feat0, final boolean gradient) {
		final Shape s = featDetached.getShape();
		final int c = (int) s.get(1), fh = (int) s.get(2), fw = (int) s.get(3);
		final NDArray g = gradient ? featDetached.getManager().create(s, DataType.FLOAT32) : null;
		final FloatBuffer out = g == null ? null : HostFloats.inPlace(g);
		if (g != null && out == null) { // only a copy of the array's memory: cannot be written into
			g.close();
			return evaluateSliced(featDetached, feat0, gradient);
		}
		final double loss = kernel.evaluate(HostFloats.read(featDetached), HostFloats.read(feat0), c, fh, fw, out, CpuThreads.onThisThread());
		return new Value(loss, g);
	}

	/** The libtorch formulation in channel slices, for arrays on an accelerator. */
	Value evaluateSliced(final NDArray featDetached, final NDArray feat0, final boolean gradient) {
		final Shape s = featDetached.getShape();
		final long c = s.get(1);
		final int fh = (int) s.get(2), fw = (int) s.get(3);
		final double n = (double) c * height * width;
		final long slice = Math.max(1, Math.min(c, sliceElements / ((long) height * width)));
		final NDManager step = featDetached.getManager();
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
					final NDArray sign = masked.sign().reshape(c1 - c0, height, width);
					final NDArray g = adjointResize(sign, fh, fw);
					g.attach(step);
					grads.add(g);
				}
			}
		}
		if (!gradient) return new Value(sum / n, null);
		final NDArray all = grads.size() == 1 ? grads.get(0) : NDArrays.concat(grads, 0);
		return new Value(sum / n, all.reshape(1, c, fh, fw).div(n));
	}

	/**
	 * R_hᵀ·S·R_w for S [n, H, W]: the adjoint of the bilinear resize. Along an axis of the same size it is
	 * the identity; along an axis resized ×2 it is {@link #adjointDouble} (a few slices instead of a
	 * dense H×h matmul, the common case: the feature block at half the image size); otherwise the dense
	 * matmul ((S·R_w)ᵀ·R_h)ᵀ. S holds −1, 0, 1 and the weights are quarters, so every sum is exact in
	 * float and all three give the same bits.
	 */
	NDArray adjointResize(final NDArray s, final int fh, final int fw) {
		final boolean fast = (fw == width || 2 * fw == width) && (fh == height || 2 * fh == height);
		if (!fast) {
			resizeMatrices(fh, fw);
			return s.matMul(rw).transpose(0, 2, 1).matMul(rh).transpose(0, 2, 1);
		}
		final NDArray alongW = fw == width ? s : adjointDouble(s, 2);
		return fh == height ? alongW : adjointDouble(alongW, 1);
	}

	/**
	 * The adjoint of PyTorch's bilinear ×2 up-sampling (align_corners false) along {@code axis} (1 or 2)
	 * of [n, H, W]: output 2i and 2i+1 come 3/4 from input i, output 2i−1 and 2i+2 1/4 from it, and the
	 * clamped edges give the first and last input all of outputs 0 and 2N−1; so
	 * g[i] = ¾·(s[2i] + s[2i+1]) + ¼·(s[2i−1] + s[2i+2]) with s[−1] = s[0] and s[2N] = s[2N−1].
	 */
	static NDArray adjointDouble(final NDArray s, final int axis) {
		final long n = s.getShape().get(axis) / 2;
		final String pre = axis == 1 ? ":, " : ":, :, ", post = axis == 1 ? ", :" : "";
		final NDArray even = s.get(pre + "0::2" + post), odd = s.get(pre + "1::2" + post);
		final NDArray prevOdd = n == 1 ? even : even.get(pre + "0:1" + post).concat(odd.get(pre + "0:" + (n - 1) + post), axis);
		final NDArray nextEven = n == 1 ? odd : even.get(pre + "1:" + n + post).concat(odd.get(pre + (n - 1) + ":" + n + post), axis);
		return even.add(odd).mul(0.75f).add(prevOdd.add(nextEven).mul(0.25f));
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
	static float[] matrix(final ResizeAxis axis) {
		final float[] m = new float[axis.out * axis.in];
		final double[] row = new double[axis.in];
		for (int o = 0; o < axis.out; o++) {
			java.util.Arrays.fill(row, 0);
			axis.addPixelWeights(o, row);
			for (int i = 0; i < axis.in; i++) m[o * axis.in + i] = (float) row[i];
		}
		return m;
	}

	/** Frees the mask array and the fused pass's buffers. */
	@Override
	public void close() {
		manager.close();
		kernel = null;
	}
}
