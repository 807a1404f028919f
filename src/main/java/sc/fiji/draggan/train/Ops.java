package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The differentiable building blocks of StyleGAN2 training on DJL (spec §4.8–4.11): convolution,
 * the [1,3,3,1] FIR filter, ×2 zero-insertion, leaky ReLU with gain √2. Every op is called on a
 * per-step array, so results live in the step's manager.
 */
final class Ops {

	private Ops() {}

	static final float SQRT2 = (float) Math.sqrt(2), SQRT_HALF = (float) Math.sqrt(0.5);

	/** The 4×4 filter outer([1,3,3,1]) / 64 (sum 1), row-major. */
	static float[] filter() {
		final float[] k = { 1, 3, 3, 1 };
		final float[] f = new float[16];
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) f[i * 4 + j] = k[i] * k[j] / 64f;
		return f;
	}

	/** Cross-correlation (PyTorch conv2d); {@code bias} may be null. */
	static NDArray conv(final NDArray x, final NDArray w, final NDArray bias, final int stride, final int pad, final int groups) {
		return x.getNDArrayInternal().convolution(x, w, bias, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups).singletonOrThrow();
	}

	/**
	 * upfirdn2d without up/down sampling: zero padding (lo, hi) on both axes, then depthwise
	 * filtering with the [1,3,3,1] filter times {@code gain}, with the given stride (2 = take every
	 * second output, i.e. down-sampling).
	 */
	static NDArray fir(final NDArray x, final int lo, final int hi, final float gain, final int stride) {
		final long c = x.getShape().get(1);
		final float[] f = filter();
		final float[] w = new float[(int) c * 16];
		for (int i = 0; i < c; i++)
			for (int j = 0; j < 16; j++) w[i * 16 + j] = f[j] * gain;
		final NDArray k = x.getManager().create(w, new Shape(c, 1, 4, 4));
		return conv(x.pad(new Shape(lo, hi, lo, hi), 0), k, null, stride, 0, (int) c);
	}

	/**
	 * StyleGAN2's ×2 up-sampling 3×3 convolution (spec §4.8) in polyphase form: the combined
	 * 6×6 kernel C = full-conv(flip(W), K·4) is split by output parity into four 3×3 kernels,
	 * applied at the input resolution as one convolution with 4·Cout outputs, then interleaved.
	 * Same result as zero-insert → pad 3/2 → FIR → conv(flip(W)), at a quarter of the cost.
	 */
	static NDArray upConv(final NDArray x, final NDArray weight) {
		final Shape ws = weight.getShape();
		final long co = ws.get(0), ci = ws.get(1);
		final NDManager m = x.getManager();
		final float[] f = filter();
		for (int j = 0; j < 16; j++) f[j] *= 4f;
		final NDArray k = m.create(f, new Shape(1, 1, 4, 4));
		final NDArray flipped = weight.flip(2, 3).reshape(co * ci, 1, 3, 3).pad(new Shape(3, 3, 3, 3), 0);
		final NDArray c6 = conv(flipped, k, null, 1, 0, 1).reshape(co, ci, 6, 6);
		// phase (py, px) uses taps (1-py)::2, (1-px)::2
		final NDArray phases = c6.get(":, :, 1::2, 1::2").concat(c6.get(":, :, 1::2, 0::2"), 0)
			.concat(c6.get(":, :, 0::2, 1::2"), 0).concat(c6.get(":, :, 0::2, 0::2"), 0); // [(py,px,o), ci, 3, 3]
		final NDArray y = conv(x, phases, null, 1, 1, 1);
		final long n = y.getShape().get(0), h = y.getShape().get(2), w = y.getShape().get(3);
		return y.reshape(n, 2, 2, co, h, w).transpose(0, 3, 4, 1, 5, 2).reshape(n, co, 2 * h, 2 * w);
	}

	/** x_up[2i, 2j] = x[i, j], zeros elsewhere: [N,C,H,W] → [N,C,2H,2W]. */
	static NDArray zeroInsert(final NDArray x) {
		final Shape s = x.getShape();
		final long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
		final NDArray cols = x.expandDims(4).concat(x.zerosLike().expandDims(4), 4).reshape(n, c, h, 2 * w);
		return cols.expandDims(3).concat(cols.zerosLike().expandDims(3), 3).reshape(n, c, 2 * h, 2 * w);
	}

	/** upsample2d (spec §4.9): zero-insert, pad 2 before / 1 after, filter with gain 4. */
	static NDArray upsample2d(final NDArray x) {
		return fir(zeroInsert(x), 2, 1, 4f, 1);
	}

	/** lrelu(x, 0.2)·√2·gain (bias_act, spec §4.11). */
	static NDArray lrelu(final NDArray x, final float gain) {
		return scale(Activation.leakyRelu(x, 0.2f), SQRT2 * gain);
	}

	/**
	 * x · v with the scalar made in x's (per-step) manager. Never {@code x.mul(Number)} on arrays in
	 * an autograd graph: DJL makes the scalar from a Java direct buffer and closes it at once, while
	 * autograd keeps the scalar for the backward pass; once the garbage collector frees that buffer
	 * the gradient is scaled by whatever the memory then holds.
	 */
	static NDArray scale(final NDArray x, final double v) {
		return x.mul(x.getManager().create((float) v));
	}

	/** x^v, with the exponent kept alive like {@link #scale}. */
	static NDArray pow(final NDArray x, final double v) {
		return x.pow(x.getManager().create((float) v));
	}

	/** Adds a per-channel bias [C] to [N,C,H,W]. */
	static NDArray addBias(final NDArray x, final NDArray b) {
		return x.add(b.reshape(1, b.size(), 1, 1));
	}
}
