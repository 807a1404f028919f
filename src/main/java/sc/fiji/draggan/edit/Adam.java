package sc.fiji.draggan.edit;

/**
 * Adam as {@code torch.optim.Adam} computes it (spec §1.9; defaults β1 0.9, β2 0.999, eps 1e-8,
 * no weight decay), in float32 element arithmetic like PyTorch's single-tensor CPU path. The latent
 * is small (at most 6 × 512 values), so it lives in Java arrays.
 */
public final class Adam {

	private final float[] m, v;
	private final double lr, beta1, beta2, eps;
	private int t;

	public Adam(final int size, final double lr) {
		this(size, lr, 0.9, 0.999, 1e-8);
	}

	public Adam(final int size, final double lr, final double beta1, final double beta2, final double eps) {
		m = new float[size];
		v = new float[size];
		this.lr = lr;
		this.beta1 = beta1;
		this.beta2 = beta2;
		this.eps = eps;
	}

	/** Number of updates done so far. */
	public int steps() {
		return t;
	}

	public double learningRate() {
		return lr;
	}

	/** One update of {@code param} in place with gradient {@code grad}. */
	public void step(final float[] param, final float[] grad) {
		if (param.length != m.length || grad.length != m.length)
			throw new IllegalArgumentException("Adam was made for " + m.length + " values, got " + param.length + "/" + grad.length);
		t++;
		final float b1 = (float) beta1, b2 = (float) beta2, a1 = (float) (1 - beta1), a2 = (float) (1 - beta2);
		final double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
		final float stepSize = (float) -(lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2), e = (float) eps;
		for (int i = 0; i < param.length; i++) {
			final float g = grad[i];
			m[i] = m[i] * b1 + a1 * g;
			v[i] = v[i] * b2 + a2 * g * g;
			final float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + e;
			param[i] = param[i] + stepSize * (m[i] / denom);
		}
	}

	/** Copies of the moments (for saving a session). */
	public float[][] moments() {
		return new float[][] { m.clone(), v.clone() };
	}
}
