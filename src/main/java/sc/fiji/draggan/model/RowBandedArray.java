package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * An activation [N, C, H, W] kept as bands of rows, so that a block computed in row bands hands its output to the
 * next without ever allocating it whole (docs/design.md#native-memory). Each band is an array that may hold more
 * rows than it stands for (a banded block's window, margins included): band i gives picture rows
 * [from(i), to(i)) from its own rows starting at picture row start(i). The bands' rows follow each other without gap
 * or overlap. The arrays are owned by the caller's manager.
 */
final class RowBandedArray {

	private final List<NDArray> arrays = new ArrayList<>();
	private final List<int[]> rows = new ArrayList<>(); // {start, from, to}

	/** One band: the whole array. */
	static RowBandedArray whole(final NDArray a) {
		return new RowBandedArray().add(a, 0, 0, (int) a.getShape().get(2));
	}

	/** Bands that are exactly their rows, top to bottom. */
	static RowBandedArray of(final List<NDArray> bands) {
		final RowBandedArray r = new RowBandedArray();
		int at = 0;
		for (final NDArray b : bands) {
			final int n = (int) b.getShape().get(2);
			r.add(b, at, at, at + n);
			at += n;
		}
		return r;
	}

	/** Appends a band: {@code a}'s row 0 is picture row {@code start}; it stands for picture rows [from, to). */
	RowBandedArray add(final NDArray a, final int start, final int from, final int to) {
		if (from != rows()) throw new IllegalArgumentException("band rows " + from + ".." + to + " do not follow row " + rows());
		if (from < start || to > start + a.getShape().get(2) || to <= from) throw new IllegalArgumentException("rows " + from + ".." + to +
			" are not in the array's rows " + start + ".." + (start + a.getShape().get(2)));
		arrays.add(a);
		rows.add(new int[] { start, from, to });
		return this;
	}

	int rows() {
		return rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[2];
	}

	/** Rows [from, to) as one contiguous array in m (a copy: convolutions read it several times). */
	NDArray window(final int from, final int to, final NDManager m) {
		if (from < 0 || to > rows() || from >= to) throw new IllegalArgumentException("rows " + from + ".." + to + " of " + rows());
		final NDList parts = new NDList();
		for (int i = 0; i < arrays.size(); i++) {
			final int[] r = rows.get(i);
			final int lo = Math.max(from, r[1]), hi = Math.min(to, r[2]);
			if (lo < hi) parts.add(arrays.get(i).get(m, new NDIndex(":, :, {}:{}", lo - r[0], hi - r[0])));
		}
		return parts.size() == 1 ? parts.singletonOrThrow().duplicate() : NDArrays.concat(parts, 2);
	}

	/** The whole array in m (the bands' rows concatenated). */
	NDArray joined(final NDManager m) {
		return window(0, rows(), m);
	}

	void close() {
		for (final NDArray a : arrays) a.close();
	}
}
