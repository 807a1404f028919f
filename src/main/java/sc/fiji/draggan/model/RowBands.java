package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bands of an up-sampling synthesis block's output and the input rows each needs
 * (docs/design.md#native-memory). A band of output rows [from, to) is computed from input rows
 * [from/2 − MARGIN, to/2 + MARGIN) (clipped to the picture): the ×2 up-sampling convolution, its 4-tap
 * FIR, the 3×3 convolution and the image's up-sampling each read at most two input rows beyond the rows
 * they write, so the margin leaves every kept row exact.
 */
final class RowBands {

	/** Input rows read beyond a band on each side. */
	static final int MARGIN = 2;
	/** Largest activation of one band (bytes): small enough to fit the holes freed memory leaves. */
	static final long BAND_BYTES = 16L << 20;

	/** Output rows [from, to) from input rows [inFrom, inTo). */
	static final class Band {
		final int from, to, inFrom, inTo;

		Band(final int from, final int to, final int inFrom, final int inTo) {
			this.from = from;
			this.to = to;
			this.inFrom = inFrom;
			this.inTo = inTo;
		}
	}

	private RowBands() {}

	/**
	 * Rows per band (even, at least 8) so that one activation [batch, channels, rows, width] float32 stays within
	 * {@link #BAND_BYTES}; {@code res} or more means one band.
	 */
	static int rows(final long batch, final long channels, final long width, final int res) {
		final long perRow = Math.max(1, batch * channels * width * 4);
		final long r = Math.max(8, BAND_BYTES / perRow) & ~1L;
		return (int) Math.min(res, r);
	}

	/** The bands of {@code res} output rows, {@code bandRows} (even) each but the last. */
	static List<Band> split(final int res, final int bandRows) {
		if (bandRows < 2 || bandRows % 2 != 0) throw new IllegalArgumentException("band rows must be even and at least 2, got " + bandRows);
		final int inRows = res / 2;
		final List<Band> bands = new ArrayList<>();
		for (int from = 0; from < res; from += bandRows) {
			final int to = Math.min(res, from + bandRows);
			bands.add(new Band(from, to, Math.max(0, from / 2 - MARGIN), Math.min(inRows, (to + 1) / 2 + MARGIN)));
		}
		return bands;
	}
}
