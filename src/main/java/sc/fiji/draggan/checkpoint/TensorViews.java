package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;


import java.io.IOException;
import java.util.Arrays;

import sc.fiji.draggan.io.Messages;

/**
 * {@code torch._utils._rebuild_tensor_v2}: a (storage_offset, size, stride) view of a storage as a
 * dense row-major {@link TensorData} (docs/algorithm.md#tensors-and-storages). A view covering its whole storage contiguously shares
 * the storage's array (no copy); other contiguous views copy a range; strided views are gathered.
 * Sizes are multiplied with overflow checks and checked against the storage's extent before it is
 * read, and every copy is charged to the read's {@link ReadBudget} before it is allocated (a stride-0
 * view may claim far more elements than its storage holds).
 */
final class TensorViews {

	private TensorViews() {}

	/** PyTorch's own limit on the number of dimensions. */
	static final int MAX_RANK = 64;

	static TensorData view(final Storage storage, final long offset, final long[] size, final long[] stride) throws IOException {
		if (size.length != stride.length)
			throw new IllegalArgumentException("tensor size " + dims(size) + " and stride " + dims(stride) + " differ in rank");
		if (size.length > MAX_RANK) throw new IllegalArgumentException("tensor of rank " + size.length + " (at most " + MAX_RANK + ")");
		long n = 1;
		long last = offset; // largest storage index touched
		try {
			for (int d = 0; d < size.length; d++) {
				if (size[d] < 0 || stride[d] < 0)
					throw new IllegalArgumentException("negative tensor size or stride: " + dims(size) + " / " + dims(stride));
				n = Math.multiplyExact(n, size[d]);
				if (size[d] > 0) last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
			}
		}
		catch (final ArithmeticException e) {
			throw new IllegalArgumentException("tensor size " + dims(size) + " / stride " + dims(stride) + " overflows");
		}
		if (n == 0) return new TensorData(size, new float[0]);
		if (offset < 0 || last >= storage.numel)
			throw new IllegalArgumentException("tensor view (offset " + offset + ", size " + dims(size) + ", stride " + dims(stride) +
				") lies outside its storage of " + storage.numel + " elements");
		final boolean whole = offset == 0 && n == storage.numel && isContiguous(size, stride);
		if (!whole) storage.budget.charge(ReadBudget.floatBytes(n), "tensor view of " + n + " elements");
		final float[] src = storage.data();
		if (whole) return new TensorData(size, src);
		if (isContiguous(size, stride)) return new TensorData(size, Arrays.copyOfRange(src, (int) offset, (int) (offset + n)));
		return new TensorData(size, gather(src, offset, size, stride, (int) n));
	}

	private static String dims(final long[] a) {
		return Messages.clip(Arrays.toString(a.length > 16 ? Arrays.copyOf(a, 16) : a), 120);
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
