package sc.fiji.draggan.invert;

/**
 * Reconstruction quality on the heap, for images in the generator's range (peak-to-peak 2; values
 * are clamped to [-1, 1] first, as the 8-bit conversion would): PSNR and SSIM (Wang et al. 2004:
 * Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03, valid positions only, mean over channels).
 * An optional mask (one weight per pixel) restricts both to the pixels that came from the source.
 */
public final class ImageMetrics {

	private ImageMetrics() {}

	/** 10·log10(2² / MSE) in dB; infinite for identical images. */
	public static double psnr(final float[] a, final float[] b, final int channels, final int pixels, final float[] mask) {
		check(a, b, channels, pixels, mask);
		double se = 0, wsum = 0;
		for (int c = 0; c < channels; c++) {
			for (int i = 0; i < pixels; i++) {
				final double w = mask == null ? 1 : mask[i];
				final double d = clamp(a[c * pixels + i]) - clamp(b[c * pixels + i]);
				se += w * d * d;
				wsum += w;
			}
		}
		if (wsum <= 0) throw new IllegalArgumentException("the mask selects no pixel");
		final double mse = se / wsum;
		return 10 * Math.log10(4.0 / mse);
	}

	/** Mean SSIM over channels and valid window positions (weighted by the mask at the window centre). */
	public static double ssim(final float[] a, final float[] b, final int channels, final int height, final int width, final float[] mask) {
		check(a, b, channels, height * width, mask);
		final int size = Math.min(11, oddAtMost(Math.min(height, width)));
		final double[] g = gaussian(size, 1.5);
		final double c1 = Math.pow(0.01 * 2, 2), c2 = Math.pow(0.03 * 2, 2);
		final int oh = height - size + 1, ow = width - size + 1, r = size / 2;
		double total = 0, wsum = 0;
		final int n = height * width;
		for (int c = 0; c < channels; c++) {
			final double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
			for (int i = 0; i < n; i++) {
				x[i] = clamp(a[c * n + i]);
				y[i] = clamp(b[c * n + i]);
				xx[i] = x[i] * x[i];
				yy[i] = y[i] * y[i];
				xy[i] = x[i] * y[i];
			}
			final double[] mx = filter(x, height, width, g), my = filter(y, height, width, g), sxx = filter(xx, height, width, g),
				syy = filter(yy, height, width, g), sxy = filter(xy, height, width, g);
			for (int i = 0; i < oh; i++) {
				for (int j = 0; j < ow; j++) {
					final int k = i * ow + j;
					final double w = mask == null ? 1 : mask[(i + r) * width + j + r];
					if (w <= 0) continue;
					final double vx = sxx[k] - mx[k] * mx[k], vy = syy[k] - my[k] * my[k], cxy = sxy[k] - mx[k] * my[k];
					final double s = (2 * mx[k] * my[k] + c1) * (2 * cxy + c2) / ((mx[k] * mx[k] + my[k] * my[k] + c1) * (vx + vy + c2));
					total += w * s;
					wsum += w;
				}
			}
		}
		if (wsum <= 0) throw new IllegalArgumentException("the mask selects no pixel");
		return total / wsum;
	}

	private static int oddAtMost(final int n) {
		return n % 2 == 1 ? n : n - 1;
	}

	static double[] gaussian(final int size, final double sigma) {
		final double[] g = new double[size];
		double s = 0;
		for (int i = 0; i < size; i++) {
			final double d = i - (size - 1) / 2.0;
			g[i] = Math.exp(-d * d / (2 * sigma * sigma));
			s += g[i];
		}
		for (int i = 0; i < size; i++) g[i] /= s;
		return g;
	}

	/** Separable valid correlation: (h − k + 1) × (w − k + 1) output. */
	private static double[] filter(final double[] p, final int h, final int w, final double[] g) {
		final int k = g.length, ow = w - k + 1, oh = h - k + 1;
		final double[] rows = new double[h * ow];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < ow; x++) {
				double s = 0;
				for (int t = 0; t < k; t++) s += g[t] * p[y * w + x + t];
				rows[y * ow + x] = s;
			}
		}
		final double[] out = new double[oh * ow];
		for (int y = 0; y < oh; y++) {
			for (int x = 0; x < ow; x++) {
				double s = 0;
				for (int t = 0; t < k; t++) s += g[t] * rows[(y + t) * ow + x];
				out[y * ow + x] = s;
			}
		}
		return out;
	}

	private static double clamp(final float v) {
		return v < -1f ? -1 : v > 1f ? 1 : v;
	}

	private static void check(final float[] a, final float[] b, final int channels, final int pixels, final float[] mask) {
		if (a.length != channels * pixels || b.length != channels * pixels) {
			throw new IllegalArgumentException("images differ in size: " + a.length + " vs " + b.length + " values, expected " + channels * pixels);
		}
		if (mask != null && mask.length != pixels) throw new IllegalArgumentException("mask has " + mask.length + " values, expected " + pixels);
	}
}
