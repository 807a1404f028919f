package sc.fiji.draggan.ij;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.draggan.invert.InputImage;

/**
 * ImageJ images to and from the inversion's {@link InputImage} planes: the current slice of any
 * 8/16/32-bit grey or RGB image (raw pixel values, the display range kept for the intensity
 * mapping), and planes in source units back to an image of the source type.
 */
public final class InputImages {

	private InputImages() {}

	/** The current slice (channel, z, t) of {@code imp}. */
	public static InputImage fromImagePlus(final ImagePlus imp) {
		return fromProcessor(imp.getProcessor(), imp.getBitDepth());
	}

	/** One processor; {@code bitDepth} as ImagePlus reports it (8, 16, 24, 32). */
	public static InputImage fromProcessor(final ImageProcessor ip, final int bitDepth) {
		final int w = ip.getWidth(), h = ip.getHeight(), n = w * h;
		if (ip instanceof ColorProcessor) {
			final int[] px = (int[]) ip.getPixels();
			final float[] r = new float[n], g = new float[n], b = new float[n];
			for (int i = 0; i < n; i++) {
				r[i] = (px[i] >> 16) & 0xff;
				g[i] = (px[i] >> 8) & 0xff;
				b[i] = px[i] & 0xff;
			}
			return InputImage.rgb(r, g, b, w, h);
		}
		final float[] f = new float[n];
		if (ip instanceof ByteProcessor) {
			final byte[] px = (byte[]) ip.getPixels();
			for (int i = 0; i < n; i++) f[i] = px[i] & 0xff;
		}
		else if (ip instanceof ShortProcessor) {
			final short[] px = (short[]) ip.getPixels();
			for (int i = 0; i < n; i++) f[i] = px[i] & 0xffff;
		}
		else if (ip instanceof FloatProcessor) {
			System.arraycopy((float[]) ip.getPixels(), 0, f, 0, n);
		}
		else throw new IllegalArgumentException("unsupported image type " + ip.getClass().getSimpleName() + " (8, 16, 32-bit grey or RGB)");
		final int depth = ip instanceof ByteProcessor ? InputImage.GREY8 : ip instanceof ShortProcessor ? InputImage.GREY16 : InputImage.FLOAT32;
		return new InputImage(new float[][] { f }, w, h, depth, ip.getMin(), ip.getMax());
	}

	/** Planes in source units (one grey or three RGB) as a processor of the source type. */
	public static ImageProcessor toProcessor(final float[][] planes, final int width, final int height, final int bitDepth) {
		final int n = width * height;
		if (planes.length == 3) {
			final int[] rgb = new int[n];
			for (int i = 0; i < n; i++) rgb[i] = 0xff000000 | u8(planes[0][i]) << 16 | u8(planes[1][i]) << 8 | u8(planes[2][i]);
			return new ColorProcessor(width, height, rgb);
		}
		if (planes.length != 1) throw new IllegalArgumentException("expected 1 or 3 planes, got " + planes.length);
		switch (bitDepth) {
			case InputImage.GREY8:
			case InputImage.RGB24: {
				final byte[] b = new byte[n];
				for (int i = 0; i < n; i++) b[i] = (byte) u8(planes[0][i]);
				return new ByteProcessor(width, height, b);
			}
			case InputImage.GREY16: {
				final short[] s = new short[n];
				for (int i = 0; i < n; i++) s[i] = (short) Math.max(0, Math.min(65535, Math.round(planes[0][i])));
				final ShortProcessor sp = new ShortProcessor(width, height, s, null);
				sp.resetMinAndMax();
				return sp;
			}
			default: {
				final FloatProcessor fp = new FloatProcessor(width, height, planes[0].clone());
				fp.resetMinAndMax();
				return fp;
			}
		}
	}

	private static int u8(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
