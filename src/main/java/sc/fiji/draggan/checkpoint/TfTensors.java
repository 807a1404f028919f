package sc.fiji.draggan.checkpoint;

import java.util.Arrays;

import sc.fiji.draggan.tensor.TensorData;

/**
 * The layout changes of the TensorFlow → PyTorch conversion (docs/algorithm.md, "Checkpoint
 * families"): axis permutation, spatial flip of a [kh, kw, in, out] kernel, leading-index selection,
 * adding a constant. Every result is a new row-major tensor.
 */
final class TfTensors {

	private TfTensors() {}

	/** {@code t.transpose(axes)} (NumPy semantics: result axis i is input axis axes[i]). */
	static TensorData permute(final TensorData t, final int... axes) {
		final long[] in = t.shape();
		final int rank = in.length;
		if (axes.length != rank) throw new IllegalArgumentException("permutation of rank " + axes.length + " for a tensor of rank " + rank);
		final long[] out = new long[rank];
		final long[] inStride = strides(in);
		final long[] stride = new long[rank]; // input stride of each output axis
		for (int i = 0; i < rank; i++) {
			out[i] = in[axes[i]];
			stride[i] = inStride[axes[i]];
		}
		final float[] src = t.data(), dst = new float[src.length];
		final long[] idx = new long[rank];
		long offset = 0;
		for (int k = 0; k < dst.length; k++) {
			dst[k] = src[(int) offset];
			for (int a = rank - 1; a >= 0; a--) { // odometer over the output index
				if (++idx[a] < out[a]) {
					offset += stride[a];
					break;
				}
				offset -= stride[a] * (out[a] - 1);
				idx[a] = 0;
			}
		}
		return new TensorData(out, dst);
	}

	/** A 2-D matrix transposed. */
	static TensorData transpose(final TensorData t) {
		return permute(t, 1, 0);
	}

	/** A TF kernel [kh, kw, in, out] as a PyTorch one [out, in, kh, kw], optionally flipped in both spatial axes first. */
	static TensorData kernel(final TensorData t, final boolean flip) {
		return permute(flip ? flipSpatial(t) : t, 3, 2, 0, 1);
	}

	/** {@code t[::-1, ::-1]} of a [kh, kw, ...] tensor. */
	static TensorData flipSpatial(final TensorData t) {
		final long[] s = t.shape();
		final int kh = (int) s[0], kw = (int) s[1];
		final int inner = (int) (t.size() / ((long) kh * kw));
		final float[] src = t.data(), dst = new float[src.length];
		for (int i = 0; i < kh; i++)
			for (int j = 0; j < kw; j++)
				System.arraycopy(src, ((kh - 1 - i) * kw + (kw - 1 - j)) * inner, dst, (i * kw + j) * inner, inner);
		return new TensorData(s, dst);
	}

	/** {@code t[i]}: the leading axis indexed (e.g. {@code const[0]}). */
	static TensorData first(final TensorData t) {
		final long[] s = t.shape();
		final long[] rest = Arrays.copyOfRange(s, 1, s.length);
		final int n = (int) (t.size() / Math.max(1, s[0]));
		return new TensorData(rest, Arrays.copyOf(t.data(), n));
	}

	/** {@code t + c} */
	static TensorData plus(final TensorData t, final float c) {
		final float[] v = t.data().clone();
		for (int i = 0; i < v.length; i++) v[i] += c;
		return new TensorData(t.shape(), v);
	}

	private static long[] strides(final long[] shape) {
		final long[] s = new long[shape.length];
		long acc = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			s[i] = acc;
			acc *= shape[i];
		}
		return s;
	}
}
