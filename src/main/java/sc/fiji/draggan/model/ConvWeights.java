package sc.fiji.draggan.model;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.HostFloats;

/**
 * The arrays a modulated convolution derives from its 3×3 weight W [O, C, 3, 3] (docs/algorithm.md#modulated-convolution):
 * Σ_k W² per output and input channel, transposed, for the demodulation, and for an up-sampling layer the four polyphase
 * kernels of step A (docs/algorithm.md#up-sampling-convolution).
 * <p>
 * A weight that records gradients (pivotal tuning) or lives off the CPU derives them by ops. Otherwise they are made with
 * no temporary as large as the weight (docs/design.md#native-memory): the polyphase kernels are copied in place from the
 * weight's memory, and Σ W² is summed by libtorch a few output channels at a time. Both ways give the same bits, which a
 * drag needs (it amplifies rounding over hundreds of steps).
 */
final class ConvWeights {

	/** [C, O]: Σ_k W[o, c, k]² */
	final NDArray sumsOfSquaresT;
	/** up: the kernels of the output parities EE, EO, OE, OO, [O, C, py + 1, px + 1]; else the weight itself */
	final NDArray[] parts;

	private ConvWeights(final NDArray sumsOfSquaresT, final NDArray[] parts) {
		this.sumsOfSquaresT = sumsOfSquaresT;
		this.parts = parts;
	}

	/** The derived arrays of weight w in m; w itself is not copied. */
	static ConvWeights of(final NDArray w, final boolean up, final NDManager m) {
		final FloatBuffer memory = w.hasGradient() ? null : HostFloats.inPlace(w);
		return memory == null ? byOps(w, up, m) : inPlace(w, memory, up, m);
	}

	/** By recorded ops (the temporaries closed, so m keeps only what is used). */
	private static ConvWeights byOps(final NDArray w, final boolean up, final NDManager m) {
		final NDArray wc = Nd.copyInto(m, w);
		final NDArray sq = wc.square();
		final NDArray sums = sq.sum(new int[] { 2, 3 }).transpose();
		sq.close();
		if (!up) {
			wc.close();
			return new ConvWeights(sums, new NDArray[] { w });
		}
		// per axis, even outputs use tap W[1], odd outputs W[2], W[0] (index 1, and indices 0 and 2 of the flipped kernel)
		final NDArray f = wc.flip(2, 3);
		wc.close();
		final String[] sel = { "1:2", "::2" };
		final NDArray[] parts = new NDArray[4];
		for (int q = 0; q < 4; q++) {
			final NDArray view = f.get(new NDIndex(":, :, " + sel[q >> 1] + ", " + sel[q & 1]));
			parts[q] = Nd.copyInto(m, view);
			view.close();
		}
		f.close();
		return new ConvWeights(sums, parts);
	}

	private static ConvWeights inPlace(final NDArray w, final FloatBuffer memory, final boolean up, final NDManager m) {
		final NDArray sums = sumsOfSquaresT(w, m);
		if (!up) return new ConvWeights(sums, new NDArray[] { w });
		final int out = (int) w.getShape().get(0), in = (int) w.getShape().get(1);
		final NDArray[] parts = new NDArray[4];
		for (int q = 0; q < 4; q++) {
			final int py = q >> 1, px = q & 1;
			parts[q] = m.create(new Shape(out, in, py + 1, px + 1), DataType.FLOAT32);
			final FloatBuffer p = HostFloats.inPlace(parts[q]);
			if (p == null) throw new IllegalStateException("the engine gave no access to a new CPU array's memory");
			phaseTaps(memory, out, in, py, px, p);
		}
		return new ConvWeights(sums, parts);
	}

	/** Σ_k W² by libtorch, a few output channels at a time: temporaries of about 1 MB, the same sums as {@link #byOps}. */
	private static NDArray sumsOfSquaresT(final NDArray w, final NDManager m) {
		final long out = w.getShape().get(0), perOut = w.getShape().size() / out;
		final long chunk = Math.max(1, (1 << 18) / perOut);
		final NDList sums = new NDList();
		try (NDManager t = m.newSubManager()) {
			for (long o = 0; o < out; o += chunk) {
				final NDArray rows = w.get(t, new NDIndex("{}:{}", o, Math.min(out, o + chunk)));
				sums.add(rows.square().sum(new int[] { 2, 3 }));
			}
			final NDArray all = NDArrays.concat(sums, 0);
			all.attach(m);
			return all.transpose();
		}
	}

	/** p = the kernel of output parity (py, px): per axis, even outputs take tap 1, odd outputs taps 2 and 0, in that order. */
	private static void phaseTaps(final FloatBuffer w, final int out, final int in, final int py, final int px, final FloatBuffer p) {
		final int[] ys = py == 0 ? new int[] { 1 } : new int[] { 2, 0 }, xs = px == 0 ? new int[] { 1 } : new int[] { 2, 0 };
		int i = 0;
		for (int oc = 0; oc < out * in; oc++) for (final int y : ys) for (final int x : xs) p.put(i++, w.get(oc * 9 + y * 3 + x));
	}
}
