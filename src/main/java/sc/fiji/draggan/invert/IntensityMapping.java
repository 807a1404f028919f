package sc.fiji.draggan.invert;

/**
 * The linear map between source intensities and the generator's range [-1, 1]:
 * {@code x = 2·(v − low)/(high − low) − 1}. Values outside [low, high] go beyond ±1 and are clamped
 * when the image is prepared. Mapping back rounds and clamps to the source type for integer images,
 * so an 8-bit image maps back exactly like the official conversion ({@code x·127.5 + 128},
 * truncated, is the same as rounding {@code x·127.5 + 127.5}).
 */
public final class IntensityMapping {

	public final double low, high;
	/** The source bit depth ({@link InputImage#GREY8} …), which decides rounding and clamping on the way back. */
	public final int bitDepth;

	public IntensityMapping(final double low, final double high, final int bitDepth) {
		if (!(high > low)) throw new IllegalArgumentException("intensity range must have high > low, got [" + low + ", " + high + "]");
		if (Double.isInfinite(low) || Double.isInfinite(high)) throw new IllegalArgumentException("intensity range must be finite");
		this.low = low;
		this.high = high;
		this.bitDepth = bitDepth;
	}

	/** Source intensity to generator range (not clamped). */
	public float toGenerator(final double v) {
		return (float) (2 * (v - low) / (high - low) - 1);
	}

	/** Generator value to source intensity: rounded and clamped to 0–255 / 0–65535 for integer types. */
	public double toSource(final float x) {
		final double v = low + (x + 1.0) * 0.5 * (high - low);
		switch (bitDepth) {
			case InputImage.GREY8:
			case InputImage.RGB24:
				return Math.max(0, Math.min(255, Math.round(v)));
			case InputImage.GREY16:
				return Math.max(0, Math.min(65535, Math.round(v)));
			default:
				return v;
		}
	}

	/** Maps every value of a generator-range array back to source intensities. */
	public float[] toSource(final float[] x) {
		final float[] v = new float[x.length];
		for (int i = 0; i < x.length; i++) v[i] = (float) toSource(x[i]);
		return v;
	}

	@Override
	public String toString() {
		return "[" + low + ", " + high + "] -> [-1, 1]";
	}
}
