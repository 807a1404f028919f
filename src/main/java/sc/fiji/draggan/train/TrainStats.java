package sc.fiji.draggan.train;

import java.util.Locale;

/** Losses and progress after the last training iteration. */
public final class TrainStats {

	public long iteration;
	public double kimg, targetKimg, seconds;
	public float lossG, lossDFake, lossDReal, r1 = Float.NaN;
	/** Augmentation probability and ADA's last r_t = E[sign D(real)] (NaN before the first update). */
	public double augmentP, rt = Double.NaN;

	/** Remaining seconds at the current average speed. */
	public double etaSeconds() {
		return kimg <= 0 ? Double.NaN : seconds / kimg * Math.max(0, targetKimg - kimg);
	}

	public boolean finite() {
		return Float.isFinite(lossG) && Float.isFinite(lossDFake) && Float.isFinite(lossDReal);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "kimg %.2f/%.0f  it %d  G %.3f  D %.3f (fake %.3f real %.3f)  R1 %.3g%s  %.1f s/kimg  ETA %s",
			kimg, targetKimg, iteration, lossG, lossDFake + lossDReal, lossDFake, lossDReal, r1,
			augmentP > 0 || !Double.isNaN(rt) ? String.format(Locale.ROOT, "  aug p %.3f r_t %.2f", augmentP, rt) : "",
			kimg > 0 ? seconds / kimg : 0, hms(etaSeconds()));
	}

	static String hms(final double s) {
		if (!Double.isFinite(s)) return "?";
		final long t = Math.round(s);
		return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
	}
}
