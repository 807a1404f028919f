package sc.fiji.draggan.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch-style state dict: parameter and buffer names (e.g. {@code synthesis.b8.conv0.weight})
 * to float32 tensors, in the module's own order (docs/algorithm.md#parameter-names, #state-dict-names-and-init-kwargs).
 */
public final class StateDict {

	private final Map<String, TensorData> tensors = new LinkedHashMap<>();

	public void put(final String name, final TensorData tensor) {
		tensors.put(name, tensor);
	}

	public boolean contains(final String name) {
		return tensors.containsKey(name);
	}

	/** @throws IllegalArgumentException naming the missing tensor */
	public TensorData get(final String name) {
		final TensorData t = tensors.get(name);
		if (t == null) throw new IllegalArgumentException("checkpoint has no tensor '" + name + "'");
		return t;
	}

	public Map<String, TensorData> asMap() {
		return Collections.unmodifiableMap(tensors);
	}

	public int size() {
		return tensors.size();
	}

	/**
	 * Number of learnable values: everything but the buffers StyleGAN2 keeps in its state dict
	 * ({@code w_avg}, {@code noise_const}, {@code resample_filter}; docs/algorithm.md#parameter-names) and those of StyleGAN3
	 * (the input's {@code transform}, {@code freqs}, {@code phases}; per layer {@code magnitude_ema},
	 * {@code up_filter}, {@code down_filter}; docs/algorithm.md, "StyleGAN3").
	 */
	public long numParameters() {
		long n = 0;
		for (final Map.Entry<String, TensorData> e : tensors.entrySet()) {
			if (!isBuffer(e.getKey())) n += e.getValue().size();
		}
		return n;
	}

	public static boolean isBuffer(final String name) {
		return name.endsWith("w_avg") || name.endsWith("noise_const") || name.endsWith("resample_filter") ||
			name.endsWith(".magnitude_ema") || name.endsWith(".up_filter") || name.endsWith(".down_filter") ||
			name.startsWith("synthesis.input.") && (name.endsWith(".transform") || name.endsWith(".freqs") || name.endsWith(".phases"));
	}

	/** Number of float values over all tensors. */
	public long numElements() {
		long n = 0;
		for (final TensorData t : tensors.values()) n += t.size();
		return n;
	}
}
