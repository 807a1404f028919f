package sc.fiji.draggan.invert;

/**
 * An image ready for inversion: CHW float32 in the generator's range, at the model's picture size
 * (H × W: square, or 2:1 for StyleGAN-Human), plus everything needed to map results back to the
 * source image.
 */
public final class PreparedImage {

	public final int channels, width, height;
	/** CHW, row-major, clamped to [-1, 1]. */
	public final float[] data;
	/**
	 * Per-pixel weight (H × W, in [0, 1]) of the pixels that come from the source; null when
	 * every pixel does. Padding has weight 0 and is ignored by the losses and the metrics.
	 */
	public final float[] mask;
	public final IntensityMapping mapping;
	public final FitGeometry geometry;
	public final ChannelConversion conversion;

	PreparedImage(final int channels, final int width, final int height, final float[] data, final float[] mask, final IntensityMapping mapping,
		final FitGeometry geometry, final ChannelConversion conversion)
	{
		this.channels = channels;
		this.width = width;
		this.height = height;
		this.data = data;
		this.mask = mask;
		this.mapping = mapping;
		this.geometry = geometry;
		this.conversion = conversion;
	}

	public int pixels() {
		return width * height;
	}

	/** A generator-range CHW image of the model's shape, as planes in source channels and source intensities. */
	public float[][] toSource(final float[] chw) {
		if (chw.length != channels * pixels()) throw new IllegalArgumentException("expected " + channels + "x" + height + "x" + width + " values");
		final float[][] planes = new float[channels][];
		for (int c = 0; c < channels; c++) planes[c] = java.util.Arrays.copyOfRange(chw, c * pixels(), (c + 1) * pixels());
		// channels first (in the generator range), then intensities, so integer types stay integers
		final float[][] source = conversion.toSource(planes);
		for (int c = 0; c < source.length; c++) source[c] = mapping.toSource(source[c]);
		return source;
	}
}
