package sc.fiji.draggan.checkpoint;

import java.io.IOException;

import sc.fiji.draggan.io.Limits;

/**
 * How much a model file may make its reader allocate, fixed before anything is read from the file's
 * actual size: float32 tensors of at most four times the file (a one-byte storage widened to float32)
 * plus a little slack, and never more than {@link Limits#maxModelBytes()}. Readers charge every
 * array they allocate for tensor data before allocating it, so a tiny file that claims a huge tensor
 * fails with a message instead of an OutOfMemoryError. Not thread-safe: one budget per read.
 */
final class ReadBudget {

	/** Small files may still hold tensors made of views (copies) of their storages. */
	private static final long SLACK = 16L << 20;

	private final long limit;
	private final long fileSize;
	private long used;

	private ReadBudget(final long fileSize, final long limit) {
		this.fileSize = fileSize;
		this.limit = limit;
	}

	/** The budget for a file of {@code fileSize} bytes; refuses files above the ceiling outright. */
	static ReadBudget forFile(final long fileSize, final String what) throws IOException {
		final long ceiling = Limits.maxModelBytes();
		if (fileSize > ceiling)
			throw new IOException(what + " is " + Limits.size(fileSize) + ", above the limit of " + Limits.size(ceiling) +
				" for model files (raise it with -D" + Limits.MAX_MODEL_BYTES + "=BYTES)");
		return new ReadBudget(fileSize, Math.min(ceiling, satMul(fileSize, 4) + SLACK));
	}

	/** Only the global ceiling (pickles already in memory, e.g. in tests). */
	static ReadBudget ceilingOnly() {
		final long ceiling = Limits.maxModelBytes();
		return new ReadBudget(ceiling, ceiling);
	}

	/** Bytes a compressed archive entry may inflate to, in total: generous for weights, fatal for bombs. */
	long inflationCap() {
		return Math.min(Limits.maxModelBytes(), satMul(fileSize, 8) + SLACK);
	}

	/** Reserves {@code bytes} for an array about to be allocated for {@code item}. */
	void charge(final long bytes, final String item) {
		if (bytes < 0 || bytes > limit - used)
			throw new Exceeded(item + " needs " + (bytes == Long.MAX_VALUE ? "more than a Java array holds" : Limits.size(bytes)) + ", more than a " + Limits.size(fileSize) +
				" model file can hold (" + Limits.size(limit - used) + " of its budget left; ceiling -D" + Limits.MAX_MODEL_BYTES + ")");
		used += bytes;
	}

	/** Bytes of {@code count} float32 values; {@link Long#MAX_VALUE} (never within budget) when that is no Java array. */
	static long floatBytes(final long count) {
		return count < 0 || count > Integer.MAX_VALUE - 8 ? Long.MAX_VALUE : 4 * count;
	}

	long used() {
		return used;
	}

	private static long satMul(final long a, final long b) {
		try {
			return Math.multiplyExact(a, b);
		}
		catch (final ArithmeticException e) {
			return Long.MAX_VALUE;
		}
	}

	/** The budget would be exceeded: the file claims more data than it can hold. */
	static final class Exceeded extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Exceeded(final String message) {
			super(message);
		}
	}
}
