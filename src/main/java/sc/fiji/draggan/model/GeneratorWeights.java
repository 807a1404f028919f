package sc.fiji.draggan.model;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/** The named weight arrays of a generator (any family): made from a state dict or copied, and back. */
final class GeneratorWeights {

	private GeneratorWeights() {}

	/**
	 * The arrays named {@code names}, in that order, in {@code manager}: from {@code heap} when it is
	 * given, else deep copies of {@code source} (detached from any gradient).
	 */
	static Map<String, NDArray> load(final Set<String> names, final StateDict heap, final Map<String, NDArray> source, final NDManager manager) {
		final Map<String, NDArray> w = new LinkedHashMap<>();
		for (final String name : names) {
			final NDArray a;
			if (heap != null) {
				final TensorData t = heap.get(name);
				a = manager.create(FloatBuffer.wrap(t.data()), new Shape(t.shape()), DataType.FLOAT32);
			}
			else {
				final NDArray detached = source.get(name).stopGradient();
				a = detached.duplicate();
				a.attach(manager);
				detached.close();
			}
			a.setName(name);
			w.put(name, a);
		}
		return Collections.unmodifiableMap(w);
	}

	/** The weights back on the heap, in the same order. */
	static StateDict toStateDict(final Map<String, NDArray> weights) {
		final StateDict sd = new StateDict();
		for (final Map.Entry<String, NDArray> e : weights.entrySet()) {
			sd.put(e.getKey(), new TensorData(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
		}
		return sd;
	}

	/** Learnable values (buffers such as w_avg, constant noise and filters excluded). */
	static long numParameters(final Map<String, NDArray> weights) {
		long n = 0;
		for (final Map.Entry<String, NDArray> e : weights.entrySet()) {
			if (!StateDict.isBuffer(e.getKey())) n += e.getValue().size();
		}
		return n;
	}
}
