package sc.fiji.draggan.invert;

/**
 * An image to invert, as plain float planes (channels × height × width, one row-major plane per
 * channel) in its own intensity units, with what is needed to map intensities to the generator:
 * the source bit depth and the display range. Built by the ImageJ glue from the current slice of
 * an {@code ImagePlus}; nothing here knows ImageJ.
 */
public final class InputImage {

	/** Bit depths as ImageJ names them: 8, 16, 32-bit grey and 24-bit RGB. */
	public static final int GREY8 = 8, GREY16 = 16, FLOAT32 = 32, RGB24 = 24;

	public final int channels, width, height;
	/** {@code planes[c][y * width + x]}. */
	public final float[][] planes;
	public final int bitDepth;
	public final double displayMin, displayMax;

	public InputImage(final float[][] planes, final int width, final int height, final int bitDepth, final double displayMin,
		final double displayMax)
	{
		if (planes == null || planes.length == 0) throw new IllegalArgumentException("the image has no channels");
		if (width < 1 || height < 1) throw new IllegalArgumentException("the image is empty (" + width + "x" + height + ")");
		if (bitDepth != GREY8 && bitDepth != GREY16 && bitDepth != FLOAT32 && bitDepth != RGB24) {
			throw new IllegalArgumentException("unsupported bit depth " + bitDepth + " (8, 16, 32-bit grey or RGB)");
		}
		if (bitDepth == RGB24 && planes.length != 3) throw new IllegalArgumentException("an RGB image needs 3 planes, got " + planes.length);
		if (planes.length != 1 && planes.length != 3) {
			throw new IllegalArgumentException("Drag GAN inverts grey or RGB images; this one has " + planes.length + " channels");
		}
		for (final float[] p : planes) {
			if (p == null || p.length != width * height) throw new IllegalArgumentException("a plane does not hold " + width + "x" + height + " values");
		}
		if (Double.isNaN(displayMin) || Double.isNaN(displayMax)) throw new IllegalArgumentException("the display range is not a number");
		this.planes = planes;
		this.channels = planes.length;
		this.width = width;
		this.height = height;
		this.bitDepth = bitDepth;
		this.displayMin = displayMin;
		this.displayMax = displayMax;
	}

	/** A grey image with the full range of its bit depth as display range (0–255, 0–65535, data min–max for float). */
	public static InputImage grey(final float[] pixels, final int width, final int height, final int bitDepth) {
		final double[] r = bitDepth == GREY8 ? new double[] { 0, 255 } : bitDepth == GREY16 ? new double[] { 0, 65535 } : minMax(pixels);
		return new InputImage(new float[][] { pixels }, width, height, bitDepth, r[0], r[1]);
	}

	/** An RGB image from its three planes, 0–255 each. */
	public static InputImage rgb(final float[] r, final float[] g, final float[] b, final int width, final int height) {
		return new InputImage(new float[][] { r, g, b }, width, height, RGB24, 0, 255);
	}

	public boolean isRgb() {
		return bitDepth == RGB24;
	}

	/** Smallest and largest finite value of all planes ({0, 0} when there is none). */
	public double[] dataRange() {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final float[] p : planes) {
			final double[] r = minMax(p);
			lo = Math.min(lo, r[0]);
			hi = Math.max(hi, r[1]);
		}
		return new double[] { lo, hi };
	}

	static double[] minMax(final float[] p) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final float v : p) {
			if (Float.isNaN(v) || Float.isInfinite(v)) continue;
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		return lo <= hi ? new double[] { lo, hi } : new double[] { 0, 0 };
	}

	@Override
	public String toString() {
		return width + "x" + height + " " + (isRgb() ? "RGB" : bitDepth + "-bit") + (channels > 1 && !isRgb() ? " " + channels + " channels" : "");
	}
}
