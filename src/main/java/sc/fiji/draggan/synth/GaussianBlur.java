package sc.fiji.draggan.synth;

/** Separable Gaussian blur with clamped (replicated) borders. */
public final class GaussianBlur {

	private GaussianBlur() {}

	public static double[] blur(final double[] img, final int w, final int h, final double sigma) {
		if (sigma <= 0) return img.clone();
		final int r = (int) Math.ceil(3 * sigma);
		final double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		final double[] tmp = new double[w * h], out = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int i = -r; i <= r; i++) s += k[i + r] * img[y * w + Math.min(w - 1, Math.max(0, x + i))];
				tmp[y * w + x] = s;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int i = -r; i <= r; i++) s += k[i + r] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
				out[y * w + x] = s;
			}
		return out;
	}
}
