package sc.fiji.draggan.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.GraphConstants;

/**
 * R1 regularisation without second-order gradients (docs/algorithm.md#r1-by-finite-differences): for δ ~ N(0, I),
 * E[(δ·∇ₓD(x))²] = |∇ₓD(x)|², and δ·∇ₓD(x) ≈ (D(x + εδ) − D(x)) / ε. The square of that finite
 * difference is an (ε → 0) unbiased estimate of each real image's squared input-gradient norm,
 * and its parameter gradient needs only first-order autograd. Both D passes see the same batch
 * layout, so minibatch-std groups correspond.
 */
public final class R1Estimate {

	private R1Estimate() {}

	/** Per-image estimate of |∇ₓD(x)|² [N] for the logits function {@code d} of the images (D, or D after a fixed augmentation). */
	public static NDArray penalty(final java.util.function.UnaryOperator<NDArray> d, final NDArray real, final Rng rng, final double eps) {
		final Shape shape = real.getShape();
		final NDArray delta = real.getManager().create(rng.gaussians((int) shape.size()), shape);
		final NDArray x = real.stopGradient();
		final NDArray q = GraphConstants.scale(d.apply(x.add(GraphConstants.scale(delta, eps))).sub(d.apply(x)), 1 / eps);
		return q.square();
	}
}
