package sc.fiji.draggan.invert;

/**
 * The learning rate of NVIDIA's StyleGAN2 projector (docs/algorithm.md#learning-rate-schedule): a linear warm-up over the first
 * {@code rampUp} of the steps, then a cosine ramp-down over the last {@code rampDown}.
 */
final class LearningRateSchedule {

	private final double base, rampUp, rampDown;

	LearningRateSchedule(final double base, final double rampUp, final double rampDown) {
		this.base = base;
		this.rampUp = rampUp;
		this.rampDown = rampDown;
	}

	/** Learning rate at step {@code step} of {@code steps} (0-based). */
	double at(final int step, final int steps) {
		final double t = steps <= 1 ? 0 : (double) step / steps;
		double r = rampDown > 0 ? Math.min(1.0, (1.0 - t) / rampDown) : 1.0;
		r = 0.5 - 0.5 * Math.cos(r * Math.PI);
		if (rampUp > 0) r *= Math.min(1.0, (t + 1.0 / Math.max(steps, 1)) / rampUp);
		return base * r;
	}
}
