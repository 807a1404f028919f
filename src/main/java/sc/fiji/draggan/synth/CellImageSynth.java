package sc.fiji.draggan.synth;

import java.util.Random;

/**
 * Renders fluorescence-microscopy-like images of nuclei into float arrays (no AWT): blobby
 * ellipses of varied size, shape, position and orientation, with chromatin texture and bright
 * nucleoli, an uneven background, optical blur and shot + read noise. Grey, one channel, values
 * in [0, 1]. Image {@code i} of seed {@code s} is the same on every machine: each image draws from
 * its own {@link Random} seeded by (s, i).
 */
public final class CellImageSynth {

	/** Nuclei per image unless told otherwise: 2 to 7. */
	public static final int MIN_NUCLEI = 2, MAX_NUCLEI = 7;

	private final int res;
	private final long seed;
	private final int minNuclei, maxNuclei;
	private boolean centred;
	private double shift;

	public CellImageSynth(final int res, final long seed) {
		this(res, seed, MIN_NUCLEI, MAX_NUCLEI);
	}

	/** Images with {@code minNuclei} to {@code maxNuclei} nuclei each (uniform). */
	public CellImageSynth(final int res, final long seed, final int minNuclei, final int maxNuclei) {
		if (res < 8 || res > 4096) throw new IllegalArgumentException("resolution must be from 8 to 4096 px, got " + res);
		if (minNuclei < 0 || maxNuclei < minNuclei || maxNuclei > 100)
			throw new IllegalArgumentException("nuclei per image must be a range MIN-MAX with 0 <= MIN <= MAX <= 100, got " + minNuclei + "-" + maxNuclei);
		this.res = res;
		this.seed = seed;
		this.minNuclei = minNuclei;
		this.maxNuclei = maxNuclei;
	}

	/**
	 * Single-cell crops instead of whole fields: the first nucleus sits at the centre (jitter
	 * σ = 3 % of the size) and is larger (7–13 px semi-axis at 64 px); the others are neighbours
	 * kept away from it, often cut by the border. The usual way cells are imaged for per-cell
	 * analysis, and a layout a small StyleGAN2 learns (whole fields with nuclei anywhere collapsed
	 * to one fixed layout in every run we tried, docs/default-model.md).
	 */
	public CellImageSynth centred(final boolean on) {
		if (on && minNuclei < 1) throw new IllegalArgumentException("centred crops need at least 1 nucleus per image");
		centred = on;
		return this;
	}

	/**
	 * Single-cell crops whose first nucleus sits anywhere within {@code radius}·size of the centre
	 * (uniform over that disc), so that the nucleus position is something a generator trained on
	 * them controls and a drag can move (docs/default-model.md). 0 = {@link #centred}.
	 */
	public CellImageSynth shifted(final double radius) {
		if (!(radius >= 0 && radius <= 0.4)) throw new IllegalArgumentException("the shift radius must be in [0, 0.4] of the size, got " + radius);
		centred(true);
		shift = radius;
		return this;
	}

	public int resolution() {
		return res;
	}

	/** Image {@code index}: res×res values in [0, 1], row-major. */
	public float[] render(final long index) {
		final Random rnd = new Random(mix(seed, index));
		final int n = res * res;
		final double[] img = new double[n];
		// background: dim, slowly varying (out-of-focus light)
		final double bg = 0.03 + 0.05 * rnd.nextDouble();
		final double gx = (rnd.nextDouble() - 0.5) * 0.04, gy = (rnd.nextDouble() - 0.5) * 0.04;
		for (int y = 0; y < res; y++)
			for (int x = 0; x < res; x++)
				img[y * res + x] = bg + gx * (x / (double) res - 0.5) + gy * (y / (double) res - 0.5);

		final ValueNoise texture = new ValueNoise(rnd.nextLong());
		final int cells = minNuclei + rnd.nextInt(maxNuclei - minNuclei + 1);
		final double scale = res / 64.0;
		double mx = res / 2.0, my = res / 2.0; // the first nucleus (centred layouts)
		for (int c = 0; c < cells; c++) {
			if (!centred) {
				final double cx = res * (0.1 + 0.8 * rnd.nextDouble());
				final double cy = res * (0.1 + 0.8 * rnd.nextDouble());
				addNucleus(img, rnd, texture, scale, cx, cy, (4 + 7 * rnd.nextDouble()) * scale);
			}
			else if (c == 0) {
				if (shift > 0) {
					// uniform over the disc: radius ∝ √u
					final double r = shift * Math.sqrt(rnd.nextDouble()), phi = 2 * Math.PI * rnd.nextDouble();
					mx = res * (0.5 + r * Math.cos(phi));
					my = res * (0.5 + r * Math.sin(phi));
				}
				else {
					mx = res * (0.5 + 0.03 * rnd.nextGaussian());
					my = res * (0.5 + 0.03 * rnd.nextGaussian());
				}
				addNucleus(img, rnd, texture, scale, mx, my, (7 + 6 * rnd.nextDouble()) * scale);
			}
			else {
				// a neighbour: anywhere at least 0.4·res from the first nucleus (the image centre when centred; rejection, a few tries)
				final double ax = shift > 0 ? mx : res / 2.0, ay = shift > 0 ? my : res / 2.0;
				double cx = 0, cy = 0;
				for (int tries = 0; tries < 20; tries++) {
					cx = res * (-0.05 + 1.1 * rnd.nextDouble());
					cy = res * (-0.05 + 1.1 * rnd.nextDouble());
					if (Math.hypot(cx - ax, cy - ay) >= 0.4 * res) break;
				}
				addNucleus(img, rnd, texture, scale, cx, cy, (4 + 7 * rnd.nextDouble()) * scale);
			}
		}

		final double sigma = (0.6 + 1.0 * rnd.nextDouble()) * scale;
		final double[] blurred = GaussianBlur.blur(img, res, res, sigma);

		// shot noise (Gaussian approximation of Poisson) + read noise
		final double photons = 80 + 400 * rnd.nextDouble();
		final double read = 0.005 + 0.01 * rnd.nextDouble();
		final float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			final double v = Math.max(0, blurred[i]);
			final double noisy = v + Math.sqrt(v / photons) * rnd.nextGaussian() + read * rnd.nextGaussian();
			out[i] = (float) Math.min(1, Math.max(0, noisy));
		}
		return out;
	}

	/** A nucleus centred at (cx, cy) with major semi-axis {@code a} px; the rest of its look is drawn here. */
	private void addNucleus(final double[] img, final Random rnd, final ValueNoise texture, final double scale, final double cx, final double cy,
		final double a)
	{
		final double b = a * (0.55 + 0.45 * rnd.nextDouble());
		final double theta = Math.PI * rnd.nextDouble();
		final double cos = Math.cos(theta), sin = Math.sin(theta);
		// irregular outline: low harmonics of the radius
		final double h2 = 0.08 * rnd.nextDouble(), p2 = 2 * Math.PI * rnd.nextDouble();
		final double h3 = 0.06 * rnd.nextDouble(), p3 = 2 * Math.PI * rnd.nextDouble();
		final double brightness = 0.35 + 0.5 * rnd.nextDouble();
		final double texAmp = 0.15 + 0.35 * rnd.nextDouble();
		final double texFreq = (0.25 + 0.25 * rnd.nextDouble()) / scale;
		final double edge = (0.6 + 0.8 * rnd.nextDouble()) * scale; // edge softness (px)
		final double rim = 0.3 * rnd.nextDouble(); // brighter nuclear envelope
		final int spots = rnd.nextInt(4);
		final double[] sx = new double[spots], sy = new double[spots], sr = new double[spots], sa = new double[spots];
		for (int s = 0; s < spots; s++) {
			final double r = 0.6 * rnd.nextDouble(), phi = 2 * Math.PI * rnd.nextDouble();
			sx[s] = r * Math.cos(phi);
			sy[s] = r * Math.sin(phi);
			sr[s] = (0.8 + 1.2 * rnd.nextDouble()) * scale;
			sa[s] = 0.2 + 0.4 * rnd.nextDouble();
		}
		final double ox = 1000 * rnd.nextDouble(), oy = 1000 * rnd.nextDouble();
		final int x0 = Math.max(0, (int) (cx - a * 1.5 - 3 * edge)), x1 = Math.min(res - 1, (int) (cx + a * 1.5 + 3 * edge));
		final int y0 = Math.max(0, (int) (cy - a * 1.5 - 3 * edge)), y1 = Math.min(res - 1, (int) (cy + a * 1.5 + 3 * edge));
		for (int y = y0; y <= y1; y++) {
			for (int x = x0; x <= x1; x++) {
				final double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
				final double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
				final double rr = Math.sqrt(u * u + v * v);
				final double phi = Math.atan2(v, u);
				final double boundary = 1 + h2 * Math.cos(2 * phi + p2) + h3 * Math.cos(3 * phi + p3);
				final double signedPx = (rr - boundary) * b; // ~ distance to the outline in px
				final double inside = 1 / (1 + Math.exp(signedPx / edge * 2));
				if (inside < 1e-4) continue;
				final double tex = texture.fbm((x + ox) * texFreq, (y + oy) * texFreq);
				double val = brightness * (1 + texAmp * (tex - 0.5) * 2);
				val *= 1 + rim * Math.exp(-Math.pow(signedPx / (1.2 * scale), 2));
				for (int s = 0; s < spots; s++) {
					final double ddx = u - sx[s], ddy = v - sy[s];
					final double d2 = (ddx * ddx * a * a + ddy * ddy * b * b) / (sr[s] * sr[s]);
					val += brightness * sa[s] * Math.exp(-d2);
				}
				final int i = y * res + x;
				// nuclei overlap like fluorescence: the brighter wins, softly
				img[i] = Math.max(img[i], img[i] * (1 - inside) + val * inside);
			}
		}
	}

	/** SplitMix64 of (seed, index): independent, platform-independent per-image seeds. */
	static long mix(final long seed, final long index) {
		long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
