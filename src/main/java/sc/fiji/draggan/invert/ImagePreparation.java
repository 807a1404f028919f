package sc.fiji.draggan.invert;

/**
 * Pre-processing of any grey or RGB image to the generator's input: intensities to [-1, 1]
 * ({@link IntensityRange}), channels to the model's ({@link ChannelConversion}), crop or pad to the
 * model picture's aspect ({@link AspectFit}, {@link FitGeometry}), then an anti-aliased resize to the
 * model's picture size (docs/algorithm.md#pre-processing).
 */
public final class ImagePreparation {

	private ImagePreparation() {}

	/** For a square model of {@code resolution} pixels. */
	public static PreparedImage prepare(final InputImage img, final int modelChannels, final int resolution, final AspectFit fit,
		final IntensityRange range)
	{
		return prepare(img, modelChannels, resolution, resolution, fit, range);
	}

	/** For a model whose pictures are {@code modelWidth} × {@code modelHeight}. */
	public static PreparedImage prepare(final InputImage img, final int modelChannels, final int modelWidth, final int modelHeight, final AspectFit fit,
		final IntensityRange range)
	{
		final IntensityMapping mapping = range.mappingFor(img);
		final ChannelConversion conversion = ChannelConversion.of(img.channels, modelChannels);
		final FitGeometry geo = new FitGeometry(img.width, img.height, fit, modelWidth, modelHeight);
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
		final int rw = geo.regionWidth, rh = geo.regionHeight;
		final float[] data = new float[modelChannels * modelWidth * modelHeight];
		for (int c = 0; c < modelChannels; c++) {
			final float[] region = toRegion(planes[c], img.width, img.height, geo, borderMean(planes[c], img.width, img.height));
			final float[] r = Resampler.resize(region, rw, rh, modelWidth, modelHeight);
			for (int i = 0; i < r.length; i++) data[c * r.length + i] = clamp(r[i]);
		}
		float[] mask = null;
		if (fit == AspectFit.PAD && geo.padded()) {
			final float[] ones = new float[n];
			java.util.Arrays.fill(ones, 1f);
			mask = Resampler.resize(toRegion(ones, img.width, img.height, geo, 0f), rw, rh, modelWidth, modelHeight);
		}
		return new PreparedImage(modelChannels, modelWidth, modelHeight, data, mask, mapping, geo, conversion);
	}

	private static float clamp(final float x) {
		return x < -1f ? -1f : x > 1f ? 1f : x;
	}

	/** The region of a plane the model sees (CROP), or the plane inside the region filled with {@code fill} (PAD). */
	static float[] toRegion(final float[] plane, final int w, final int h, final FitGeometry geo, final float fill) {
		final int rw = geo.regionWidth, rh = geo.regionHeight;
		final float[] out = new float[rw * rh];
		if (geo.fit == AspectFit.PAD) java.util.Arrays.fill(out, fill);
		for (int y = 0; y < rh; y++) {
			final int sy = y + geo.offsetY;
			if (sy < 0 || sy >= h) continue;
			for (int x = 0; x < rw; x++) {
				final int sx = x + geo.offsetX;
				if (sx >= 0 && sx < w) out[y * rw + x] = plane[sy * w + sx];
			}
		}
		return out;
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
