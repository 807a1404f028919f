package sc.fiji.draggan.model;

/**
 * A generator output image on the Java heap: float32 CHW in the generator's nominal range [-1, 1],
 * and its 8-bit form as the official tools make it (docs/algorithm.md#image-output).
 */
public final class GeneratorImage {

	public final int channels, height, width;
	/** CHW, row-major. */
	public final float[] data;

	public GeneratorImage(final int channels, final int height, final int width, final float[] data) {
		if (data.length != channels * height * width) throw new IllegalArgumentException("image data has " + data.length +
			" values, expected " + channels + "x" + height + "x" + width);
		this.channels = channels;
		this.height = height;
		this.width = width;
		this.data = data;
	}

	/** {@code uint8(clamp(x·127.5 + 128, 0, 255))}, truncating, as the official code writes images. */
	public static int toUint8(final float x) {
		final float v = x * 127.5f + 128f;
		if (!(v > 0f)) return 0; // also NaN
		if (v >= 255f) return 255;
		return (int) v;
	}

	/** The 8-bit planes, CHW. */
	public byte[] toUint8() {
		final byte[] b = new byte[data.length];
		for (int i = 0; i < b.length; i++) b[i] = (byte) toUint8(data[i]);
		return b;
	}

	public int pixels() {
		return height * width;
	}

	/** The channel mean, H×W row-major (the data itself for one channel): what content matching and salient points work on. */
	public float[] grey() {
		final int n = pixels();
		if (channels == 1) return data;
		final float[] g = new float[n];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < n; i++) g[i] += data[c * n + i] / channels;
		return g;
	}
}
