package sc.fiji.draggan.invert;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam ({@code torch.optim.Adam} defaults β1 0.9, β2 0.999, eps 1e-8) on device arrays, with the
 * learning rate given at every step (the inversion schedules it). The moments live in the
 * manager given at construction (closed with the optimisation); per-step temporaries go to the
 * step manager. Gradients are read from the parameters and reset to zero after the update, so the
 * parameters can stay the same leaf arrays for the whole optimisation. Call {@link #step} outside
 * the gradient collector.
 * <p>
 * The drag's {@code edit.Adam} updates a small latent on the heap at a fixed rate; this one
 * updates generator weights in place where they live, which pivotal tuning needs.
 */
final class TensorAdam {

	private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

	private final List<NDArray> params;
	private final List<NDArray> m = new ArrayList<>(), v = new ArrayList<>();
	private int t;

	TensorAdam(final List<NDArray> params, final NDManager stateManager) {
		this.params = params;
		for (final NDArray p : params) {
			m.add(stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
			v.add(stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
		}
	}

	int steps() {
		return t;
	}

	/** One update of every parameter with its current gradient, then zeroes the gradients. */
	void step(final double lr, final NDManager step) {
		sc.fiji.draggan.engine.TorchAutograd.withoutRecording(() -> update(lr, step));
	}

	private void update(final double lr, final NDManager step) {
		t++;
		final double bc1 = 1 - Math.pow(BETA1, t), bc2 = 1 - Math.pow(BETA2, t);
		final float stepSize = (float) (lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
		// scalars for in-place ops on the moments are made in the step manager: DJL would put them in the moments' manager
		final NDArray b1 = step.create(BETA1), b2 = step.create(BETA2);
		for (int i = 0; i < params.size(); i++) {
			final NDArray p = params.get(i);
			final NDArray g = local(p.getGradient(), step);
			m.get(i).muli(b1).addi(g.mul(1 - BETA1));
			v.get(i).muli(b2).addi(g.square().muli(1 - BETA2));
			// p -= stepSize · m / (sqrt(v)/sqrt(bc2) + eps); ops on the moments are re-homed to the step manager
			final NDArray denom = local(v.get(i).sqrt(), step).divi(bc2Sqrt).addi(EPS);
			final NDArray update = local(m.get(i).div(denom), step).muli(stepSize);
			p.subi(update);
			g.subi(g); // the wrapper shares the gradient's storage: this zeroes it for the next backward
		}
	}

	/** Moves an array that an op attached to a long-lived manager into the step manager. */
	static NDArray local(final NDArray a, final NDManager step) {
		a.attach(step);
		return a;
	}
}
