package sc.fiji.draggan.model;

/**
 * The low-pass filters of a StyleGAN3 layer, designed as the official constructor does
 * (docs/algorithm.md, "StyleGAN3", filter design): a Kaiser-windowed sinc (1-D, separable) or a
 * Kaiser-windowed jinc (2-D, radially symmetric). Checkpoints store their filters, so these are only
 * needed for randomly initialised generators (benchmarks, tests).
 */
public final class LowpassFilters {

	private LowpassFilters() {}

	/**
	 * Windowed-sinc low-pass filter with {@code taps} taps, cutoff and transition width in the units of
	 * the sampling rate {@code fs}, normalised to unit DC gain; null for a single tap (identity).
	 */
	public static float[] separable(final int taps, final double cutoff, final double width, final double fs) {
		if (taps == 1) return null;
		final double beta = kaiserBeta(kaiserAttenuation(taps, width / (fs / 2)));
		final double c = cutoff / (fs / 2);
		final double centre = (taps - 1) / 2.0;
		final double[] h = new double[taps];
		double sum = 0;
		for (int i = 0; i < taps; i++) {
			final double m = i - centre;
			h[i] = c * sinc(c * m) * kaiser(i, taps, beta);
			sum += h[i];
		}
		final float[] out = new float[taps];
		for (int i = 0; i < taps; i++) out[i] = (float) (h[i] / sum);
		return out;
	}

	/**
	 * Radially symmetric jinc low-pass filter, {@code taps}×{@code taps} row-major, windowed by the
	 * outer product of a Kaiser window and normalised to sum 1; null for a single tap.
	 */
	public static float[] radial(final int taps, final double cutoff, final double width, final double fs) {
		if (taps == 1) return null;
		final double beta = kaiserBeta(kaiserAttenuation(taps, width / (fs / 2)));
		final double[] x = new double[taps], w = new double[taps];
		for (int i = 0; i < taps; i++) {
			x[i] = (i - (taps - 1) / 2.0) / fs;
			w[i] = kaiser(i, taps, beta);
		}
		final double[] f = new double[taps * taps];
		double sum = 0;
		for (int i = 0; i < taps; i++)
			for (int j = 0; j < taps; j++) {
				final double r = Math.hypot(x[j], x[i]);
				// jinc; its limit at r = 0 is the cutoff (never reached for an even number of taps)
				final double v = r == 0 ? cutoff : besselJ1(2 * cutoff * Math.PI * r) / (Math.PI * r);
				f[i * taps + j] = v * w[i] * w[j];
				sum += f[i * taps + j];
			}
		final float[] out = new float[taps * taps];
		for (int i = 0; i < out.length; i++) out[i] = (float) (f[i] / sum);
		return out;
	}

	/** Attenuation (dB) of a Kaiser FIR filter with {@code taps} taps and normalised transition width. */
	static double kaiserAttenuation(final int taps, final double width) {
		return 2.285 * (taps - 1) * Math.PI * width + 7.95;
	}

	/** Kaiser's empirical β for an attenuation in dB. */
	static double kaiserBeta(final double a) {
		if (a > 50) return 0.1102 * (a - 8.7);
		if (a > 21) return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
		return 0;
	}

	/** Sample {@code i} of a symmetric Kaiser window of length {@code n}. */
	static double kaiser(final int i, final int n, final double beta) {
		final double t = 2.0 * i / (n - 1) - 1;
		return besselI0(beta * Math.sqrt(Math.max(0, 1 - t * t))) / besselI0(beta);
	}

	static double sinc(final double x) {
		if (x == 0) return 1;
		final double y = Math.PI * x;
		return Math.sin(y) / y;
	}

	/** Modified Bessel function of the first kind, order 0 (power series). */
	static double besselI0(final double x) {
		double term = 1, sum = 1;
		final double q = x * x / 4;
		for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
			term *= q / ((double) k * k);
			sum += term;
		}
		return sum;
	}

	/** Bessel function of the first kind, order 1 (power series; accurate for the |x| &lt; 40 used here). */
	static double besselJ1(final double x) {
		final double q = -x * x / 4;
		double term = x / 2, sum = term;
		for (int k = 1; k < 300; k++) {
			term *= q / ((double) k * (k + 1));
			sum += term;
			if (Math.abs(term) < 1e-18 * Math.abs(sum) && k > 5) break;
		}
		return sum;
	}
}
