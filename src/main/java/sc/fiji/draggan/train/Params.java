package sc.fiji.draggan.train;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Named tensors of one network (official state-dict names), all in one manager that lives as
 * long as the network. Learnable parameters and buffers ({@link StateDict#isBuffer}) are kept
 * apart only by name. Per-step work {@link #tempAttach temporarily attaches} the tensors to the
 * step's manager, so every derived array (and every gradient) lands there and is freed with it.
 */
public final class Params {

	private final Map<String, NDArray> tensors = new LinkedHashMap<>();
	private final NDManager manager;

	public Params(final NDManager manager) {
		this.manager = manager;
	}

	public void put(final String name, final float[] data, final long... shape) {
		final NDArray a = manager.create(data, new Shape(shape));
		final NDArray old = tensors.put(name, a);
		if (old != null) old.close();
	}

	public NDArray get(final String name) {
		final NDArray a = tensors.get(name);
		if (a == null) throw new IllegalArgumentException("network has no tensor '" + name + "'");
		return a;
	}

	/** The learnable tensors (buffers excluded), in order. */
	public Map<String, NDArray> learnable() {
		final Map<String, NDArray> out = new LinkedHashMap<>();
		for (final Map.Entry<String, NDArray> e : tensors.entrySet())
			if (!StateDict.isBuffer(e.getKey())) out.put(e.getKey(), e.getValue());
		return out;
	}

	public void setRequiresGradient(final boolean on) {
		for (final NDArray a : learnable().values()) a.setRequiresGradient(on);
	}

	/** Attaches every tensor to {@code step} until {@code step} closes (then they come back here). */
	public void tempAttach(final NDManager step) {
		for (final NDArray a : tensors.values()) a.tempAttach(step);
	}

	public StateDict toStateDict(final String prefix) {
		final StateDict sd = new StateDict();
		for (final Map.Entry<String, NDArray> e : tensors.entrySet())
			sd.put(prefix + e.getKey(), new TensorData(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
		return sd;
	}

	/** Overwrites every tensor from {@code sd} (names with {@code prefix}); shapes must match. */
	public void load(final StateDict sd, final String prefix) {
		for (final Map.Entry<String, NDArray> e : tensors.entrySet()) {
			final TensorData t = sd.get(prefix + e.getKey());
			if (!java.util.Arrays.equals(t.shape(), e.getValue().getShape().getShape()))
				throw new IllegalArgumentException("tensor '" + prefix + e.getKey() + "' has shape " + java.util.Arrays.toString(t.shape()) +
					", expected " + e.getValue().getShape());
			e.getValue().set(t.data());
		}
	}
}
