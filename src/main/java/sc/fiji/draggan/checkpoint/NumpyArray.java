package sc.fiji.draggan.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import net.razorvine.pickle.PickleException;

import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.tensor.TensorData;

/**
 * A NumPy array of a pickle ({@code numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')}, then BUILD
 * with {@code (version, shape, dtype, is_fortran, raw bytes)}), as TensorFlow-era network pickles store
 * their variables (docs/algorithm.md, "Checkpoint families"). The values are converted to float32 in C
 * order when the state arrives; the raw bytes are not kept.
 */
final class NumpyArray implements PyState {

	private TensorData tensor;

	@Override
	public void setState(final Object state) {
		if (!(state instanceof Object[])) throw new PickleException("numpy array state is not a tuple");
		Object[] s = (Object[]) state;
		if (s.length == 5) s = Arrays.copyOfRange(s, 1, 5); // drop the pickle version
		if (s.length != 4) throw new PickleException("numpy array state has " + s.length + " parts, expected 4 or 5");
		final long[] shape = shape(s[0]);
		if (!(s[1] instanceof NumpyDType)) throw new PickleException("numpy array without dtype");
		final NumpyDType dtype = (NumpyDType) s[1];
		final boolean fortran = Boolean.TRUE.equals(s[2]);
		final byte[] raw;
		if (s[3] instanceof byte[]) raw = (byte[]) s[3];
		else if (s[3] instanceof String) raw = ((String) s[3]).getBytes(StandardCharsets.ISO_8859_1); // protocol 2
		else throw new PickleException("numpy array of " + dtype + " holds Python objects, not numbers");
		long n = 1;
		try {
			for (final long d : shape) n = Math.multiplyExact(n, d);
		}
		catch (final ArithmeticException e) {
			throw new PickleException("numpy array shape overflows");
		}
		if (shape.length > TensorViews.MAX_RANK) throw new PickleException("numpy array of rank " + shape.length);
		final float[] values = decode(raw, dtype, n);
		tensor = new TensorData(shape, fortran ? fromFortran(values, shape) : values);
	}

	/** The array as float32, C order; null before BUILD. */
	TensorData tensor() {
		return tensor;
	}

	private static long[] shape(final Object o) {
		final Object[] a = o instanceof Object[] ? (Object[]) o : o instanceof List ? ((List<?>) o).toArray() : null;
		if (a == null) throw new PickleException("numpy array shape is not a tuple");
		final long[] r = new long[a.length];
		for (int i = 0; i < a.length; i++) {
			r[i] = PickleGlobals.toLong(a[i]);
			if (r[i] < 0) throw new PickleException("numpy array has a negative dimension");
		}
		return r;
	}

	private static float[] decode(final byte[] raw, final NumpyDType dtype, final long n) {
		final String t = dtype.type.replaceAll("^[<>=|]", "");
		final int size;
		switch (t) {
			case "f8": case "i8": case "u8": size = 8; break;
			case "f4": case "i4": case "u4": size = 4; break;
			case "f2": case "i2": case "u2": size = 2; break;
			case "i1": case "u1": case "b1": size = 1; break;
			default: throw new PickleException("numpy arrays of " + dtype + " are not supported");
		}
		if (n > (Integer.MAX_VALUE - 8) / 8 || raw.length != n * size)
			throw new PickleException("numpy array of " + n + " " + dtype + " values has " + raw.length + " bytes");
		final ByteBuffer b = ByteBuffer.wrap(raw).order(dtype.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		final float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++) {
			switch (t) {
				case "f8": v[i] = (float) b.getDouble(); break;
				case "f4": v[i] = b.getFloat(); break;
				case "f2": v[i] = Npy.halfToFloat(b.getShort()); break;
				case "i8": v[i] = b.getLong(); break;
				case "u8": v[i] = b.getLong() & Long.MAX_VALUE; break;
				case "i4": v[i] = b.getInt(); break;
				case "u4": v[i] = b.getInt() & 0xffffffffL; break;
				case "i2": v[i] = b.getShort(); break;
				case "u2": v[i] = b.getShort() & 0xffff; break;
				case "i1": v[i] = b.get(); break;
				default: v[i] = b.get() & 0xff; break; // u1, b1
			}
		}
		return v;
	}

	/** Column-major values of {@code shape} in row-major order. */
	private static float[] fromFortran(final float[] f, final long[] shape) {
		final int rank = shape.length;
		final long[] reversed = new long[rank];
		final int[] axes = new int[rank];
		for (int i = 0; i < rank; i++) {
			reversed[i] = shape[rank - 1 - i];
			axes[i] = rank - 1 - i;
		}
		return TfTensors.permute(new TensorData(reversed, f), axes).data();
	}
}
