package sc.fiji.draggan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * StyleGAN2's FullyConnectedLayer with its gains folded into the stored arrays (docs/algorithm.md#fully-connected-layers):
 * {@code y = x · (W·wGain)ᵀ + b·bGain}. Activations are applied by the caller.
 */
public final class Dense {

	/** [in, out] = (W · wGain)ᵀ */
	private final NDArray wt;
	/** [out] = b · bGain */
	private final NDArray b;

	/** Derives the folded arrays from raw {@code weight [out, in]} and {@code bias [out]} into {@code m}. */
	public Dense(final NDManager m, final NDArray weight, final NDArray bias, final double wGain, final double bGain) {
		wt = Nd.scaledInto(m, weight, wGain).transpose();
		b = Nd.scaledInto(m, bias, bGain);
	}

	/** x [N, in] → [N, out], in x's manager. */
	public NDArray apply(final NDArray x) {
		return x.matMul(wt).addi(b);
	}
}
