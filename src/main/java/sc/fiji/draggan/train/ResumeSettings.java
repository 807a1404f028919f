package sc.fiji.draggan.train;

/**
 * What a resumed run may change from the options stored in its checkpoint: the length, the R1
 * weight and the learning rates (e.g. to finish a run at a lower rate). Every other option is the
 * checkpoint's own, so the networks and the data pipeline stay the same. Negative = keep.
 */
public final class ResumeSettings {

	public double kimg = -1, gamma = -1, lrG = -1, lrD = -1;

	public static ResumeSettings kimg(final double kimg) {
		final ResumeSettings s = new ResumeSettings();
		s.kimg = kimg;
		return s;
	}

	public ResumeSettings gamma(final double value) {
		gamma = value;
		return this;
	}

	/** New learning rates of G and D; ≤ 0 keeps the stored one. */
	public ResumeSettings learningRates(final double g, final double d) {
		lrG = g;
		lrD = d;
		return this;
	}

	/** {@code stored} with these changes applied (in place), validated. */
	public TrainOptions applyTo(final TrainOptions stored) {
		if (kimg > 0) stored.kimg = kimg;
		if (gamma >= 0) stored.gamma = gamma;
		if (lrG > 0) stored.lrG = lrG;
		if (lrD > 0) stored.lrD = lrD;
		return stored.validate();
	}

	/** The settings that make a resumed run use exactly {@code run} (length, R1 weight and rates). */
	public static ResumeSettings of(final TrainOptions run) {
		return kimg(run.kimg).gamma(run.gamma).learningRates(run.lrG, run.lrD);
	}
}
