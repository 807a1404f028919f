package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The rows of ws one synthesis reads: each from the recorded ws, or from its detached copy where the caller wants no
 * gradient ({@link SynthesisOptions#constantRowsFrom}). Reading a constant row detached changes no value; the backward pass
 * then skips the style and demodulation gradients of the layers it drives (docs/algorithm.md#gradients).
 */
final class LatentRows {

	private final NDArray recorded, detached;
	private final int constantFrom;

	/**
	 * @param recorded ws [N, numWs, wDim] as recorded by autograd
	 * @param detached its detached copy, or null when every row is read from {@code recorded}
	 * @param constantFrom the first row read from {@code detached}
	 */
	LatentRows(final NDArray recorded, final NDArray detached, final int constantFrom) {
		this.recorded = recorded;
		this.detached = detached;
		this.constantFrom = detached == null ? Integer.MAX_VALUE : constantFrom;
	}

	/** Every row from {@code ws} (recorded or not). */
	static LatentRows all(final NDArray ws) {
		return new LatentRows(ws, null, Integer.MAX_VALUE);
	}

	/** ws[:, i, :] → [N, wDim], in m. */
	NDArray row(final int i, final NDManager m) {
		return (i >= constantFrom ? detached : recorded).get(m, new NDIndex(":, {}, :", i));
	}
}
