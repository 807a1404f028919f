package sc.fiji.draggan.invert;

/**
 * Pre-processing of any grey or RGB image to the generator's input: intensities to [-1, 1]
 * ({@link IntensityRange}), channels to the model's ({@link ChannelConversion}), crop or pad to a
 * square ({@link SquareFit}), then an anti-aliased resize to the model resolution.
 */
public final class ImagePreparation {

	private ImagePreparation() {}

	public static PreparedImage prepare(final InputImage img, final int modelChannels, final int resolution, final SquareFit fit,
		final IntensityRange range)
	{
		final IntensityMapping mapping = range.mappingFor(img);
		final ChannelConversion conversion = ChannelConversion.of(img.channels, modelChannels);
		final SquareGeometry geo = new SquareGeometry(img.width, img.height, fit, resolution);
		final int n = img.width * img.height;
		final float[][] mapped = new float[img.channels][n];
		for (int c = 0; c < img.channels; c++) {
			final float[] src = img.planes[c];
			for (int i = 0; i < n; i++) {
				final float v = src[i];
				// NaN (e.g. a 32-bit image's background) becomes the middle of the range
				mapped[c][i] = Float.isNaN(v) ? 0f : clamp(mapping.toGenerator(v));
			}
		}
		final float[][] planes = conversion.toModel(mapped);
		final float[] data = new float[modelChannels * resolution * resolution];
		for (int c = 0; c < modelChannels; c++) {
			final float[] sq = toSquare(planes[c], img.width, img.height, geo, borderMean(planes[c], img.width, img.height));
			final float[] r = Resampler.resize(sq, geo.side, geo.side, resolution, resolution);
			for (int i = 0; i < r.length; i++) data[c * r.length + i] = clamp(r[i]);
		}
		float[] mask = null;
		if (fit == SquareFit.PAD && (img.width != img.height)) {
			final float[] ones = new float[n];
			java.util.Arrays.fill(ones, 1f);
			mask = Resampler.resize(toSquare(ones, img.width, img.height, geo, 0f), geo.side, geo.side, resolution, resolution);
		}
		return new PreparedImage(modelChannels, resolution, data, mask, mapping, geo, conversion);
	}

	private static float clamp(final float x) {
		return x < -1f ? -1f : x > 1f ? 1f : x;
	}

	/** The square part of a plane (CROP) or the plane inside a square filled with {@code fill} (PAD). */
	static float[] toSquare(final float[] plane, final int w, final int h, final SquareGeometry geo, final float fill) {
		final int s = geo.side;
		final float[] sq = new float[s * s];
		if (geo.fit == SquareFit.PAD) java.util.Arrays.fill(sq, fill);
		for (int y = 0; y < s; y++) {
			final int sy = y + geo.offsetY;
			if (sy < 0 || sy >= h) continue;
			for (int x = 0; x < s; x++) {
				final int sx = x + geo.offsetX;
				if (sx >= 0 && sx < w) sq[y * s + x] = plane[sy * w + sx];
			}
		}
		return sq;
	}

	/** Mean of the outermost pixels: a neutral fill for padding. */
	static float borderMean(final float[] p, final int w, final int h) {
		double s = 0;
		int n = 0;
		for (int x = 0; x < w; x++) {
			s += p[x] + p[(h - 1) * w + x];
			n += 2;
		}
		for (int y = 0; y < h; y++) {
			s += p[y * w] + p[y * w + w - 1];
			n += 2;
		}
		return (float) (s / n);
	}
}
