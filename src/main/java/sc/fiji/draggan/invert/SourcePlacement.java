package sc.fiji.draggan.invert;

/**
 * Puts a generator picture back where the inverted picture came from (docs/algorithm.md#results-in-place):
 * the model's picture is resized to the source region it was fitted from ({@link FitGeometry}: square,
 * or 1:2 for StyleGAN-Human), cropped to the part that lies in the source and pasted there; channels and intensities go back through the inversion's own
 * {@link ChannelConversion} and {@link IntensityMapping} (an 8-bit source gives 8-bit values, a
 * 16-bit source its own range). Source pixels the model never saw (outside the crop) are copied
 * unchanged. The one place where frames of a drag on an inverted picture meet the source geometry.
 */
public final class SourcePlacement {

	/** The picture → model fit. */
	public final FitGeometry geometry;
	private final InputImage source;
	private final IntensityMapping mapping;
	private final ChannelConversion conversion;

	/** The placement back into {@code source} of pictures fitted to the model as {@code prepared} was. */
	public SourcePlacement(final InputImage source, final PreparedImage prepared) {
		this(source, prepared.geometry, prepared.mapping, prepared.conversion);
	}

	/**
	 * The placement back into {@code source} of a model of {@code modelChannels} to which the picture
	 * was fitted by {@code geometry} with intensities chosen by {@code range} (as {@link ImagePreparation} does).
	 */
	public static SourcePlacement fitted(final InputImage source, final FitGeometry geometry, final IntensityRange range, final int modelChannels) {
		return new SourcePlacement(source, geometry, range.mappingFor(source), ChannelConversion.of(source.channels, modelChannels));
	}

	private SourcePlacement(final InputImage source, final FitGeometry geometry, final IntensityMapping mapping, final ChannelConversion conversion) {
		if (geometry.sourceWidth != source.width || geometry.sourceHeight != source.height)
			throw new IllegalArgumentException("the picture is " + source.width + "x" + source.height + " but was fitted to the model as " + geometry
				.sourceWidth + "x" + geometry.sourceHeight);
		this.geometry = geometry;
		this.source = source;
		this.mapping = mapping;
		this.conversion = conversion;
	}

	public int width() {
		return source.width;
	}

	public int height() {
		return source.height;
	}

	/** The source's bit depth ({@link InputImage#GREY8} …): the type the placed planes are in. */
	public int bitDepth() {
		return source.bitDepth;
	}

	/** The source's display range, for showing placed frames as the source is shown. */
	public double[] displayRange() {
		return new double[] { source.displayMin, source.displayMax };
	}

	/**
	 * A generator picture (CHW in [-1, 1], {@code channels} × H × W of the model) as source planes
	 * (source channels, size and units; row-major, {@code planes[c][y·width + x]}).
	 */
	public float[][] place(final float[] chw, final int channels) {
		final int mw = geometry.modelWidth, mh = geometry.modelHeight, n = mw * mh;
		final int rw = geometry.regionWidth, rh = geometry.regionHeight;
		if (chw.length != channels * n) throw new IllegalArgumentException("expected a " + channels + "x" + mh + "x" + mw + " picture, got " + chw.length +
			" values");
		final int w = source.width, h = source.height;
		// the part of the source region that lies in the source (all of it for crop, the picture for pad)
		final int x0 = Math.max(0, geometry.offsetX), y0 = Math.max(0, geometry.offsetY);
		final int x1 = Math.min(w, geometry.offsetX + rw), y1 = Math.min(h, geometry.offsetY + rh);
		final int cw = x1 - x0, chh = y1 - y0;
		final float[][] model = new float[channels][];
		for (int c = 0; c < channels; c++) {
			final float[] plane = java.util.Arrays.copyOfRange(chw, c * n, (c + 1) * n);
			final float[] region = Resampler.resize(plane, mw, mh, rw, rh);
			final float[] part = new float[cw * chh];
			for (int y = 0; y < chh; y++)
				System.arraycopy(region, (y + y0 - geometry.offsetY) * rw + (x0 - geometry.offsetX), part, y * cw, cw);
			model[c] = part;
		}
		// channels first (generator range), then intensities, as PreparedImage.toSource does
		final float[][] back = conversion.toSource(model);
		final float[][] out = new float[source.channels][];
		for (int c = 0; c < out.length; c++) {
			final float[] values = mapping.toSource(back[c]);
			final float[] plane = source.planes[c].clone();
			for (int y = 0; y < chh; y++) System.arraycopy(values, y * cw, plane, (y + y0) * w + x0, cw);
			out[c] = plane;
		}
		return out;
	}

	@Override
	public String toString() {
		return "back to " + source + " through " + geometry;
	}
}
