package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;


import java.util.Arrays;

/**
 * {@code torch._utils._rebuild_tensor_v2}: a (storage_offset, size, stride) view of a storage as a
 * dense row-major {@link TensorData} (spec §5.3). A view covering its whole storage contiguously shares
 * the storage's array (no copy); other contiguous views copy a range; strided views are gathered.
 */
final class TensorViews {

	private TensorViews() {}

	static TensorData view(final Storage storage, final long offset, final long[] size, final long[] stride) {
		if (size.length != stride.length)
			throw new IllegalArgumentException("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride) + " differ in rank");
		long n = 1;
		long last = offset; // largest storage index touched
		for (int d = 0; d < size.length; d++) {
			if (size[d] < 0 || stride[d] < 0)
				throw new IllegalArgumentException("negative tensor size or stride: " + Arrays.toString(size) + " / " + Arrays.toString(stride));
			n *= size[d];
			if (size[d] > 0) last += (size[d] - 1) * stride[d];
		}
		final float[] src = storage.data;
		if (n == 0) return new TensorData(size, new float[0]);
		if (offset < 0 || last >= src.length)
			throw new IllegalArgumentException("tensor view (offset " + offset + ", size " + Arrays.toString(size) + ", stride " +
				Arrays.toString(stride) + ") lies outside its storage of " + src.length + " elements");
		if (isContiguous(size, stride)) {
			if (offset == 0 && n == src.length) return new TensorData(size, src);
			return new TensorData(size, Arrays.copyOfRange(src, (int) offset, (int) (offset + n)));
		}
		return new TensorData(size, gather(src, offset, size, stride, (int) n));
	}

	/** Row-major contiguous: every dimension of extent > 1 has the stride of the dense layout. */
	static boolean isContiguous(final long[] size, final long[] stride) {
		long expected = 1;
		for (int d = size.length - 1; d >= 0; d--) {
			if (size[d] != 1 && stride[d] != expected) return false;
			expected *= size[d];
		}
		return true;
	}

	private static float[] gather(final float[] src, final long offset, final long[] size, final long[] stride, final int n) {
		final float[] out = new float[n];
		final int rank = size.length;
		final long[] index = new long[rank];
		long at = offset;
		for (int i = 0; i < n; i++) {
			out[i] = src[(int) at];
			// odometer over the dimensions, last one fastest
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < size[d]) {
					at += stride[d];
					break;
				}
				at -= (size[d] - 1) * stride[d];
				index[d] = 0;
			}
		}
		return out;
	}
}
