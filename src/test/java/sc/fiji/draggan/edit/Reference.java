package sc.fiji.draggan.edit;

/**
 * Straightforward double-precision reference implementations of the PyTorch ops the drag loop uses
 * (docs/algorithm.md#resize-and-sampling), written from the formulas and independent of the production code.
 */
final class Reference {

	private Reference() {}

	/** interpolate(feat [C,h,w], [H,W], bilinear, align_corners=False) → [C,H,W]. */
	static double[] resize(final double[] feat, final int c, final int h, final int w, final int hh, final int ww) {
		final double[] out = new double[c * hh * ww];
		for (int y = 0; y < hh; y++) {
			final double sy = Math.max(0, (double) h / hh * (y + 0.5) - 0.5);
			final int y0 = (int) Math.floor(sy), y1 = y0 < h - 1 ? y0 + 1 : y0;
			final double ly = sy - y0;
			for (int x = 0; x < ww; x++) {
				final double sx = Math.max(0, (double) w / ww * (x + 0.5) - 0.5);
				final int x0 = (int) Math.floor(sx), x1 = x0 < w - 1 ? x0 + 1 : x0;
				final double lx = sx - x0;
				for (int k = 0; k < c; k++) {
					final int b = k * h * w;
					out[(k * hh + y) * ww + x] = (1 - ly) * ((1 - lx) * feat[b + y0 * w + x0] + lx * feat[b + y0 * w + x1]) +
						ly * ((1 - lx) * feat[b + y1 * w + x0] + lx * feat[b + y1 * w + x1]);
				}
			}
		}
		return out;
	}

	/** grid_sample(F [C,H,W]) at pixel position (y, x), align_corners=True, zero padding → [C]. */
	static double[] gridSample(final double[] f, final int c, final int hh, final int ww, final double y, final double x) {
		final double[] out = new double[c];
		final int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		final double wx1 = x - x0, wy1 = y - y0;
		for (int dy = 0; dy < 2; dy++) {
			for (int dx = 0; dx < 2; dx++) {
				final int yy = y0 + dy, xx = x0 + dx;
				if (yy < 0 || yy >= hh || xx < 0 || xx >= ww) continue;
				final double wgt = (dy == 0 ? 1 - wy1 : wy1) * (dx == 0 ? 1 - wx1 : wx1);
				for (int k = 0; k < c; k++) out[k] += wgt * f[(k * hh + yy) * ww + xx];
			}
		}
		return out;
	}

	static double[] toDouble(final float[] f) {
		final double[] d = new double[f.length];
		for (int i = 0; i < f.length; i++) d[i] = f[i];
		return d;
	}
}
