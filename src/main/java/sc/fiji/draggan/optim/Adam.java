package sc.fiji.draggan.optim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.engine.TorchAutograd;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Adam as {@code torch.optim.Adam} computes it (no weight decay, no amsgrad): m ← β1·m + (1−β1)·g,
 * v ← β2·v + (1−β2)·g², p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + eps), in float32 on the
 * parameters' device. The one optimiser of the drag, inversion and training.
 * <p>
 * The parameters are named leaf arrays that keep their identity for the whole optimisation; their
 * moments live in the manager given at construction. {@link #step} reads each parameter's gradient,
 * updates it in place outside gradient recording (PyTorch's {@code no_grad}), then zeroes the
 * gradient; every temporary lands in the caller's step manager.
 */
public final class Adam {

	private final Map<String, NDArray> params;
	private final Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
	private final double beta1, beta2, eps;
	private boolean sanitise;
	private long t;

	/** With torch's defaults β1 0.9, β2 0.999, eps 1e-8. */
	public Adam(final Map<String, NDArray> params, final NDManager stateManager) {
		this(params, 0.9, 0.999, 1e-8, stateManager);
	}

	/**
	 * @param params name → parameter (requires gradient), iteration order kept
	 * @param stateManager where the moments live (as long as the optimiser)
	 */
	public Adam(final Map<String, NDArray> params, final double beta1, final double beta2, final double eps, final NDManager stateManager) {
		this.params = new LinkedHashMap<>(params);
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.eps = eps;
		for (final Map.Entry<String, NDArray> e : this.params.entrySet()) {
			final NDArray p = e.getValue();
			m.put(e.getKey(), stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
			v.put(e.getKey(), stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
		}
	}

	/**
	 * Replace NaN gradients by 0 and clamp them to ±1e5 before each update ({@code nan_to_num} of
	 * StyleGAN2's training loop), so a rare non-finite iteration changes nothing.
	 */
	public Adam sanitisingGradients() {
		sanitise = true;
		return this;
	}

	/** Updates done so far. */
	public long steps() {
		return t;
	}

	/** One update of every parameter at learning rate {@code lr} from its current gradient, which is then zeroed. */
	public void step(final double lr, final NDManager step) {
		TorchAutograd.withoutRecording(() -> update(lr, step));
	}

	private void update(final double lr, final NDManager step) {
		t++;
		final double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
		final float stepSize = (float) (lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
		// the factors of the in-place updates are made in the step manager (DJL would put op(Number)'s in the moments' manager)
		final NDArray b1 = step.create((float) beta1), b2 = step.create((float) beta2);
		for (final Map.Entry<String, NDArray> e : params.entrySet()) {
			final NDArray raw = local(e.getValue().getGradient(), step); // shares the gradient's storage
			final NDArray g = sanitise ? NDArrays.where(raw.isNaN(), raw.zerosLike(), raw).clip(-1e5f, 1e5f) : raw;
			final NDArray mk = m.get(e.getKey()), vk = v.get(e.getKey());
			mk.muli(b1).addi(g.mul((float) (1 - beta1)));
			vk.muli(b2).addi(g.square().muli((float) (1 - beta2)));
			final NDArray denom = local(vk.sqrt(), step).divi(bc2Sqrt).addi((float) eps);
			e.getValue().subi(local(mk.div(denom), step).muli(stepSize));
			zeroInPlace(raw);
		}
	}

	/** Zeroes the gradients of {@code params} (e.g. of a network that took part in another network's loss). */
	public static void zeroGradients(final Collection<NDArray> params, final NDManager step) {
		for (final NDArray p : params) {
			if (p.hasGradient()) zeroInPlace(local(p.getGradient(), step));
		}
	}

	/**
	 * Zeroes a gradient in place, NaN and inf included. Never {@code set(float[])} a gradient handle:
	 * DJL's {@code set} points the tensor at a Java buffer owned by that handle, which is freed with
	 * the handle while the parameter's {@code .grad} still uses it.
	 */
	private static void zeroInPlace(final NDArray g) {
		g.muli(0f);
		g.set(g.isNaN(), 0f);
	}

	/** Moves an array that an op attached to a long-lived manager into the step manager. */
	private static NDArray local(final NDArray a, final NDManager step) {
		a.attach(step);
		return a;
	}

	/** The moments as {@code prefix + "m." + name} and {@code prefix + "v." + name}. */
	public void putState(final StateDict sd, final String prefix) {
		for (final Map.Entry<String, NDArray> e : m.entrySet()) {
			sd.put(prefix + "m." + e.getKey(), new TensorData(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
			final NDArray vk = v.get(e.getKey());
			sd.put(prefix + "v." + e.getKey(), new TensorData(vk.getShape().getShape(), vk.toFloatArray()));
		}
	}

	/** Restores what {@link #putState} wrote, and the number of steps done. */
	public void loadState(final StateDict sd, final String prefix, final long steps) {
		for (final Map.Entry<String, NDArray> e : m.entrySet()) {
			e.getValue().set(sd.get(prefix + "m." + e.getKey()).data());
			v.get(e.getKey()).set(sd.get(prefix + "v." + e.getKey()).data());
		}
		t = steps;
	}
}
