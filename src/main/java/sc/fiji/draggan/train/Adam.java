package sc.fiji.draggan.train;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.tensor.StateDict;

/**
 * Adam as in {@code torch.optim.Adam} (bias-corrected, eps added to the corrected √v), over the
 * learnable tensors of one {@link Params}. Moments live in the network's manager; updates run in
 * place outside gradient recording, in the caller's step manager (the network must be
 * temporarily attached to it).
 */
public final class Adam {

	private final Params params;
	private final double lr, beta1, beta2, eps;
	private final Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
	private long t;

	public Adam(final Params params, final double lr, final double beta1, final double beta2, final double eps) {
		this.params = params;
		this.lr = lr;
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.eps = eps;
		final NDManager mm = params.manager();
		for (final Map.Entry<String, NDArray> e : params.all().entrySet()) {
			if (!Params.isLearnable(e.getKey())) continue;
			m.put(e.getKey(), mm.zeros(e.getValue().getShape()));
			v.put(e.getKey(), mm.zeros(e.getValue().getShape()));
		}
	}

	/** One step from the gradients accumulated on the parameters; then zeroes those gradients. */
	public void step(final NDManager stepManager) {
		t++;
		final double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
		final float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
		for (final Map.Entry<String, NDArray> e : m.entrySet()) {
			final NDArray p = params.get(e.getKey());
			final NDArray raw = p.getGradient(); // lands in the step manager (p is attached there)
			// nan_to_num(nan=0, posinf=1e5, neginf=-1e5) as training_loop.py does before every optimiser step
			final NDArray g = ai.djl.ndarray.NDArrays.where(raw.isNaN(), raw.zerosLike(), raw).clip(-1e5f, 1e5f);
			final NDArray mk = e.getValue(), vk = v.get(e.getKey());
			final NDArray gs = stepManager.create((float) (1 - beta1)).mul(g);
			mk.muli((float) beta1).addi(gs);
			vk.muli((float) beta2).addi(stepManager.create((float) (1 - beta2)).mul(g.square()));
			final NDArray denom = stepManager.create(1f / sqrtBc2).mul(vk).sqrt().add((float) eps);
			p.subi(stepManager.create(stepSize).mul(mk).div(denom));
			zeroInPlace(raw);
		}
	}

	/** Zeroes the gradients of all learnable tensors (e.g. after a phase that must not update them). */
	public static void zeroGradients(final Params params) {
		for (final Map.Entry<String, NDArray> e : params.all().entrySet()) {
			if (!Params.isLearnable(e.getKey()) || !e.getValue().hasGradient()) continue;
			final NDArray g = e.getValue().getGradient();
			zeroInPlace(g);
			g.close();
		}
	}

	/**
	 * Zeroes a gradient in place, NaN and inf included. Never {@code set(float[])} a gradient handle:
	 * DJL's PyTorch {@code set} points the tensor at a Java direct buffer owned by that handle, which
	 * is freed with the handle while the parameter's {@code .grad} still uses it.
	 */
	static void zeroInPlace(final NDArray g) {
		g.muli(0f);
		g.set(g.isNaN(), 0f);
	}

	public long steps() {
		return t;
	}

	public void putState(final StateDict sd, final String prefix) {
		for (final Map.Entry<String, NDArray> e : m.entrySet()) {
			sd.put(prefix + "m." + e.getKey(), new sc.fiji.draggan.tensor.TensorData(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
			final NDArray vk = v.get(e.getKey());
			sd.put(prefix + "v." + e.getKey(), new sc.fiji.draggan.tensor.TensorData(vk.getShape().getShape(), vk.toFloatArray()));
		}
	}

	public void loadState(final StateDict sd, final String prefix, final long steps) {
		for (final Map.Entry<String, NDArray> e : m.entrySet()) {
			e.getValue().set(sd.get(prefix + "m." + e.getKey()).data());
			v.get(e.getKey()).set(sd.get(prefix + "v." + e.getKey()).data());
		}
		t = steps;
	}
}
