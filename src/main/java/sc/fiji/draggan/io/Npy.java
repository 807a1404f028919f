package sc.fiji.draggan.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format version 1.0–3.0), the format of saved latents (docs/algorithm.md#saved-latents) and of
 * the reference fixtures. Reads little- and big-endian bool, (u)int8/16/32/64, float16/32/64 in C
 * order; writes float32, int32 and uint8.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {}

	/** An array read from a .npy file, converted to float64 values (exact for every type read). */
	public static final class Array {
		public final long[] shape;
		/** NumPy type string, e.g. {@code <f4}. */
		public final String descr;
		public final double[] values;

		Array(final long[] shape, final String descr, final double[] values) {
			this.shape = shape;
			this.descr = descr;
			this.values = values;
		}

		public float[] toFloats() {
			final float[] f = new float[values.length];
			for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
			return f;
		}

		public int[] toInts() {
			final int[] r = new int[values.length];
			for (int i = 0; i < r.length; i++) r[i] = (int) values[i];
			return r;
		}

		public int rank() {
			return shape.length;
		}

		@Override
		public String toString() {
			return descr + Arrays.toString(shape);
		}
	}

	/** Longest header accepted (NumPy's own reader refuses more than 10 000 bytes by default). */
	static final int MAX_HEADER = 1 << 20;

	public static Array read(final Path path) throws IOException {
		if (!Files.isRegularFile(path)) throw new IOException("no such file: " + path);
		try (InputStream in = Files.newInputStream(path)) {
			return read(in, path.toString(), Files.size(path));
		}
	}

	/** Reads a stream of unknown length: the data is read before the array is allocated, up to {@link Limits#maxModelBytes()}. */
	public static Array read(final InputStream in, final String what) throws IOException {
		return read(in, what, -1);
	}

	/**
	 * @param length the stream's length in bytes, or -1 when unknown: every size the header announces
	 *          is checked against it before anything is allocated
	 */
	private static Array read(final InputStream in, final String what, final long length) throws IOException {
		final long limit = length >= 0 ? length : Limits.maxModelBytes();
		final byte[] magic = readFully(in, 6, what);
		if (!Arrays.equals(magic, MAGIC)) throw new IOException(what + " is not a .npy file (bad magic)");
		final byte[] ver = readFully(in, 2, what);
		final long headerLen;
		final int prefix;
		if (ver[0] == 1) {
			final byte[] b = readFully(in, 2, what);
			headerLen = (b[0] & 0xff) | ((b[1] & 0xff) << 8);
			prefix = 10;
		}
		else if (ver[0] == 2 || ver[0] == 3) {
			final byte[] b = readFully(in, 4, what);
			headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
			prefix = 12;
		}
		else throw new IOException(what + ": unsupported .npy version " + ver[0]);
		if (headerLen > MAX_HEADER || prefix + headerLen > limit)
			throw new IOException(what + ": .npy header of " + headerLen + " bytes " + (headerLen > MAX_HEADER ? "(at most " + MAX_HEADER + ")" : "runs past the end of the file"));
		final String header = new String(readFully(in, (int) headerLen, what), StandardCharsets.ISO_8859_1);
		final String descr = group(DESCR, header, what);
		if ("True".equals(group(FORTRAN, header, what))) throw new IOException(what + ": Fortran-order arrays are not supported");
		final List<Long> dims = new ArrayList<>();
		for (final String d : group(SHAPE, header, what).split(",")) {
			if (d.trim().isEmpty()) continue;
			try {
				dims.add(Long.parseLong(d.trim()));
			}
			catch (final NumberFormatException e) {
				throw new IOException(what + ": malformed .npy shape '" + Messages.clip(d.trim(), 40) + "'");
			}
		}
		if (descr.length() < 2) throw new IOException(what + ": malformed .npy dtype '" + Messages.clip(descr, 20) + "'");
		final ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		final String type = descr.substring(1);
		final int size = elementSize(type, what);
		final long[] shape = new long[dims.size()];
		long n = 1;
		try {
			for (int i = 0; i < shape.length; i++) {
				shape[i] = dims.get(i);
				if (shape[i] < 0) throw new IOException(what + ": negative .npy dimension " + shape[i]);
				n = Math.multiplyExact(n, shape[i]);
			}
			final long bytes = Math.multiplyExact(n, size);
			if (bytes > limit - prefix - headerLen || n > (Integer.MAX_VALUE - 8) / 8)
				throw new IOException(what + " is truncated: its .npy header announces " + n + " values (" + Limits.size(bytes) + "), more than the file holds");
		}
		catch (final ArithmeticException e) {
			throw new IOException(what + ": the .npy shape overflows");
		}
		final byte[] raw = length >= 0 ? readFully(in, (int) n * size, what) : readGrowing(in, (int) n * size, what);
		final ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
		final double[] v = new double[(int) n];
		for (int i = 0; i < v.length; i++) v[i] = readOne(buf, type);
		return new Array(shape, descr, v);
	}

	/** {@code n} bytes, allocated as they arrive (a stream may end long before what its header claims). */
	private static byte[] readGrowing(final InputStream in, final int n, final String what) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 16));
		final byte[] chunk = new byte[1 << 16];
		int left = n;
		while (left > 0) {
			final int r = in.read(chunk, 0, Math.min(left, chunk.length));
			if (r < 0) throw new IOException(what + " is truncated (expected " + left + " more bytes)");
			out.write(chunk, 0, r);
			left -= r;
		}
		return out.toByteArray();
	}

	private static int elementSize(final String type, final String what) throws IOException {
		switch (type) {
			case "b1": case "u1": case "i1": return 1;
			case "u2": case "i2": case "f2": return 2;
			case "u4": case "i4": case "f4": return 4;
			case "u8": case "i8": case "f8": return 8;
			default: throw new IOException(what + ": unsupported dtype '" + Messages.clip(type, 20) + "'");
		}
	}

	private static double readOne(final ByteBuffer b, final String type) {
		switch (type) {
			case "b1": case "u1": return b.get() & 0xff;
			case "i1": return b.get();
			case "u2": return b.getShort() & 0xffff;
			case "i2": return b.getShort();
			case "f2": return halfToFloat(b.getShort());
			case "u4": return b.getInt() & 0xffffffffL;
			case "i4": return b.getInt();
			case "f4": return b.getFloat();
			case "u8": case "i8": return b.getLong();
			default: return b.getDouble();
		}
	}

	/** IEEE 754 half precision to float (exact). */
	public static float halfToFloat(final short h) {
		final int bits = h & 0xffff;
		final int sign = (bits >>> 15) << 31;
		int exp = (bits >>> 10) & 0x1f;
		int mant = bits & 0x3ff;
		if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign);
			while ((mant & 0x400) == 0) {
				mant <<= 1;
				exp--;
			}
			exp++;
			mant &= 0x3ff;
		}
		return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
	}

	public static void writeFloat32(final Path path, final long[] shape, final float[] data) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float f : data) b.putFloat(f);
		write(path, "<f4", shape, b.array(), data.length);
	}

	public static void writeInt32(final Path path, final long[] shape, final int[] data) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final int f : data) b.putInt(f);
		write(path, "<i4", shape, b.array(), data.length);
	}

	private static void write(final Path path, final String descr, final long[] shape, final byte[] raw, final int n)
		throws IOException
	{
		long count = 1;
		for (final long s : shape) count *= s;
		if (count != n) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + n + " values");
		final StringBuilder dims = new StringBuilder();
		for (int i = 0; i < shape.length; i++) dims.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
		final StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" +
			dims.toString().replace(",", ", ").trim() + "), }");
		// pad with spaces and a trailing newline so that magic + version + length + header is a multiple of 64
		while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
		h.append('\n');
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(MAGIC);
		out.write(1);
		out.write(0);
		out.write(h.length() & 0xff);
		out.write(h.length() >>> 8);
		out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(raw);
		AtomicFiles.write(path, (AtomicFiles.StreamContent) out::writeTo);
	}

	private static String group(final Pattern p, final String header, final String what) throws IOException {
		final Matcher m = p.matcher(header);
		if (!m.find()) throw new IOException(what + ": malformed .npy header: " + Messages.clip(header.trim(), 120));
		return m.group(1);
	}

	private static byte[] readFully(final InputStream in, final int n, final String what) throws IOException {
		final byte[] b = new byte[n];
		int off = 0;
		while (off < n) {
			final int r = in.read(b, off, n - off);
			if (r < 0) throw new IOException(what + " is truncated (expected " + n + " more bytes)");
			off += r;
		}
		return b;
	}
}
