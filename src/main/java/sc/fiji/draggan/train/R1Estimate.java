package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.GraphConstants;
import sc.fiji.draggan.optim.Adam;

/**
 * R1 regularisation without second-order gradients (djl-notes.md): for δ ~ N(0, I),
 * E[(δ·∇ₓD(x))²] = |∇ₓD(x)|², and δ·∇ₓD(x) ≈ (D(x + εδ) − D(x)) / ε. The square of that finite
 * difference is an (ε → 0) unbiased estimate of each real image's squared input-gradient norm,
 * and its parameter gradient needs only first-order autograd. Both D passes see the same batch
 * layout, so minibatch-std groups correspond.
 */
public final class R1Estimate {

	private R1Estimate() {}

	/** Per-image estimate of |∇ₓD(x)|² [N]. */
	public static NDArray penalty(final Discriminator d, final NDArray real, final Rng rng, final double eps) {
		return penalty(d::forward, real, rng, eps);
	}

	/** As above for any logits function of the images (e.g. D after a fixed augmentation). */
	public static NDArray penalty(final java.util.function.UnaryOperator<NDArray> d, final NDArray real, final Rng rng, final double eps) {
		final Shape shape = real.getShape();
		final NDArray delta = real.getManager().create(rng.gaussians((int) shape.size()), shape);
		final NDArray x = real.stopGradient();
		final NDArray q = GraphConstants.scale(d.apply(x.add(GraphConstants.scale(delta, eps))).sub(d.apply(x)), 1 / eps);
		return q.square();
	}

	/** Exact per-batch |∇ₓ Σ D(x)|² per image [N] by first-order autograd (for checks and measurements). */
	public static float[] exactGradNormSq(final Discriminator d, final NDArray real) {
		final NDArray x = real.duplicate();
		x.setRequiresGradient(true);
		try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
			gc.backward(d.forward(x).sum());
		}
		final NDArray grad = x.getGradient();
		final float[] out = grad.square().sum(new int[] { 1, 2, 3 }).toFloatArray();
		Adam.zeroGradients(d.params().learnable().values(), real.getManager());
		return out;
	}
}
