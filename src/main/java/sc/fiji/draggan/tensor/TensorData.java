package sc.fiji.draggan.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor held on the Java heap, row-major (C order): what a checkpoint stores
 * before it is turned into a DJL array. Immutable by convention: do not write into {@link #data()}.
 */
public final class TensorData {

	private final long[] shape;
	private final float[] data;

	public TensorData(final long[] shape, final float[] data) {
		long n = 1;
		for (final long s : shape) n *= s;
		if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) +
			" needs " + n + " values, got " + data.length);
		this.shape = shape.clone();
		this.data = data;
	}

	public long[] shape() {
		return shape.clone();
	}

	public float[] data() {
		return data;
	}

	public int rank() {
		return shape.length;
	}

	public long size() {
		return data.length;
	}

	@Override
	public String toString() {
		return "TensorData" + Arrays.toString(shape);
	}
}
