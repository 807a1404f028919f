package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * The up/down-sampling FIR steps of StyleGAN3's filtered leaky ReLU (docs/algorithm.md, "StyleGAN3",
 * resampling) as DJL ops: zero insertion, padding or cropping, and depthwise correlation with a
 * filter given either as one 1-D tap vector (applied along x, then y) or as a 2-D kernel. Filters are
 * stored as the true-convolution taps of the checkpoint; {@link #kernels} flips them for correlation.
 * Kernels are libtorch-owned copies: the convolutions keep them for the backward pass, which may run
 * after the manager that made them closed (docs/design.md, "DJL constants in recorded graphs").
 */
final class Resampling {

	private Resampling() {}

	/**
	 * Depthwise correlation kernels of a filter for {@code channels} channels, scaled by
	 * {@code gain}: for a 1-D filter two kernels [C,1,1,T] (along x) and [C,1,T,1] (along y), each
	 * scaled by √gain; for a 2-D filter one kernel [C,1,T,T]. Null filter: null.
	 */
	static NDArray[] kernels(final NDManager m, final float[] taps, final long[] shape, final int channels, final double gain) {
		if (taps == null) return null;
		if (shape.length == 1) {
			final int t = taps.length;
			final double g = Math.sqrt(gain);
			final float[] v = new float[channels * t];
			for (int c = 0; c < channels; c++) for (int i = 0; i < t; i++) v[c * t + i] = (float) (taps[t - 1 - i] * g);
			return new NDArray[] { GraphConstants.array(m, v, new Shape(channels, 1, 1, t)), GraphConstants.array(m, v, new Shape(channels, 1, t, 1)) };
		}
		final int h = (int) shape[0], w = (int) shape[1];
		final float[] v = new float[channels * h * w];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) v[(c * h + i) * w + j] = (float) (taps[(h - 1 - i) * w + (w - 1 - j)] * gain);
		return new NDArray[] { GraphConstants.array(m, v, new Shape(channels, 1, h, w)) };
	}

	/**
	 * Up-sampling by {@code up} (zero insertion), padding/cropping by {@code lo}/{@code hi} and
	 * correlation with a 1-D filter along both axes (x, then y), computed polyphase: output sample
	 * q·up + r only meets the taps k[t0 + j·up] (t0 = (lo − r) mod up) and the input samples
	 * q + j + s_r, so each axis is one depthwise convolution at the input rate with up phase kernels
	 * (shifted to a common window), followed by interleaving. Same result as zero insertion; up times
	 * fewer multiply-adds and no zero-filled intermediate.
	 */
	static NDArray upsample(final NDArray x, final Polyphase p) {
		return p.applyY(p.applyX(x));
	}

	/** The phase kernels of one up-sampling filter for {@link #upsample}. */
	static final class Polyphase {
		final int up, lo, hi, window, shiftMin, taps, channels;
		final NDArray kx, ky;

		Polyphase(final NDManager m, final float[] f, final int up, final int lo, final int hi, final int channels) {
			this.up = up;
			this.lo = lo;
			this.hi = hi;
			this.channels = channels;
			taps = f.length;
			if (taps % up != 0) throw new IllegalArgumentException("up filter of " + taps + " taps for factor " + up);
			final int j = taps / up;
			int sMin = Integer.MAX_VALUE, sMax = Integer.MIN_VALUE;
			final int[] t0 = new int[up], sh = new int[up];
			for (int r = 0; r < up; r++) {
				t0[r] = Math.floorMod(lo - r, up);
				sh[r] = Math.floorDiv(r + t0[r] - lo, up);
				sMin = Math.min(sMin, sh[r]);
				sMax = Math.max(sMax, sh[r]);
			}
			shiftMin = sMin;
			window = j + sMax - sMin;
			// correlation taps k[t] = f[T − 1 − t] · up; phase r uses k[t0 + i·up] at window position i + s_r − s_min
			final float[] v = new float[channels * up * window];
			for (int c = 0; c < channels; c++)
				for (int r = 0; r < up; r++)
					for (int i = 0; i < j; i++) v[(c * up + r) * window + i + sh[r] - sMin] = f[taps - 1 - (t0[r] + i * up)] * up;
			kx = GraphConstants.array(m, v, new Shape(channels * (long) up, 1, 1, window));
			ky = GraphConstants.array(m, v, new Shape(channels * (long) up, 1, window, 1));
		}

		/** Output length for an input of n samples. */
		int outLength(final int n) {
			return n * up + lo + hi - taps + 1;
		}

		NDArray applyX(final NDArray x) {
			final long[] d = Nd.dims(x);
			final int n = (int) d[3], len = outLength(n), q = (len + up - 1) / up;
			// window of output q starts at input q + s_min; pad so that every window lies inside
			final int padL = Math.max(0, -shiftMin), padR = Math.max(0, q - 1 + shiftMin + window - n);
			NDArray y = padOrCrop1(x, 3, padL, padR);
			final int start = shiftMin + padL;
			if (start > 0 || Nd.dims(y)[3] > start + q - 1 + window) y = y.get(new NDIndex(":, :, :, {}:{}", start, start + q - 1 + window));
			final NDArray p = conv(y, kx, 1, 1, channels); // [N, C·up, H, q]
			final NDArray inter = p.reshape(d[0], d[1], up, d[2], q).transpose(0, 1, 3, 4, 2).reshape(d[0], d[1], d[2], (long) q * up);
			return (long) q * up == len ? inter : inter.get(new NDIndex(":, :, :, :{}", len));
		}

		NDArray applyY(final NDArray x) {
			final long[] d = Nd.dims(x);
			final int n = (int) d[2], len = outLength(n), q = (len + up - 1) / up;
			final int padL = Math.max(0, -shiftMin), padR = Math.max(0, q - 1 + shiftMin + window - n);
			NDArray y = padOrCrop1(x, 2, padL, padR);
			final int start = shiftMin + padL;
			if (start > 0 || Nd.dims(y)[2] > start + q - 1 + window) y = y.get(new NDIndex(":, :, {}:{}, :", start, start + q - 1 + window));
			final NDArray p = conv(y, ky, 1, 1, channels); // [N, C·up, q, W]
			final NDArray inter = p.reshape(d[0], d[1], up, q, d[3]).transpose(0, 1, 3, 2, 4).reshape(d[0], d[1], (long) q * up, d[3]);
			return (long) q * up == len ? inter : inter.get(new NDIndex(":, :, :{}, :", len));
		}
	}

	/** Zero padding of one spatial axis (2 = y, 3 = x). */
	private static NDArray padOrCrop1(final NDArray x, final int axis, final int before, final int after) {
		NDArray y = x;
		final NDManager m = x.getManager();
		final long[] d = Nd.dims(x);
		if (before > 0) {
			final long[] s = d.clone();
			s[axis] = before;
			y = m.zeros(new Shape(s), x.getDataType()).concat(y, axis);
		}
		if (after > 0) {
			final long[] s = d.clone();
			s[axis] = after;
			y = y.concat(m.zeros(new Shape(s), x.getDataType()), axis);
		}
		return y;
	}

	/** [N,C,H,W] → [N,C,H·up,W·up] with x at every up-th sample, zeros between (and after the last). */
	static NDArray zeroInsert(final NDArray x, final int up) {
		if (up == 1) return x;
		final long[] d = Nd.dims(x);
		final NDManager m = x.getManager();
		NDArray z = x.reshape(d[0], d[1], d[2], 1, d[3], 1);
		z = z.concat(m.zeros(new Shape(d[0], d[1], d[2], 1, d[3], up - 1), x.getDataType()), 5);
		z = z.concat(m.zeros(new Shape(d[0], d[1], d[2], up - 1, d[3], up), x.getDataType()), 3);
		return z.reshape(d[0], d[1], d[2] * up, d[3] * up);
	}

	/** Pads (positive) or crops (negative) both spatial axes by {@code lo} before and {@code hi} after. */
	static NDArray padOrCrop(final NDArray x, final int lo, final int hi) {
		NDArray y = x;
		if (lo < 0 || hi < 0) {
			final long[] d = Nd.dims(y);
			final long a = Math.max(-lo, 0), bh = d[2] - Math.max(-hi, 0), bw = d[3] - Math.max(-hi, 0);
			y = y.get(new NDIndex(":, :, {}:{}, {}:{}", a, bh, a, bw));
		}
		if (lo > 0 || hi > 0) {
			final int pl = Math.max(lo, 0), ph = Math.max(hi, 0);
			final long[] d = Nd.dims(y);
			final NDManager m = x.getManager();
			if (pl > 0) y = m.zeros(new Shape(d[0], d[1], d[2], pl), y.getDataType()).concat(y, 3);
			if (ph > 0) y = y.concat(m.zeros(new Shape(d[0], d[1], d[2], ph), y.getDataType()), 3);
			final long w = Nd.dims(y)[3];
			if (pl > 0) y = m.zeros(new Shape(d[0], d[1], pl, w), y.getDataType()).concat(y, 2);
			if (ph > 0) y = y.concat(m.zeros(new Shape(d[0], d[1], ph, w), y.getDataType()), 2);
		}
		return y;
	}

	/**
	 * Valid depthwise correlation with {@link #kernels} and keeps every {@code down}-th sample (the
	 * first included); null kernels only subsample.
	 */
	static NDArray filter(final NDArray x, final NDArray[] k, final int down) {
		final int c = (int) x.getShape().get(1);
		if (k == null) return down == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", down, down));
		if (k.length == 2) {
			final NDArray a = conv(x, k[0], 1, down, c);
			return conv(a, k[1], down, 1, c);
		}
		return conv(x, k[0], down, down, c);
	}

	private static NDArray conv(final NDArray x, final NDArray k, final int sy, final int sx, final int groups) {
		return Conv2d.conv2d(x, k, null, new Shape(sy, sx), new Shape(0, 0), new Shape(1, 1), groups).singletonOrThrow();
	}
}
