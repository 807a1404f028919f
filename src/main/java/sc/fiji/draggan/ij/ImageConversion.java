package sc.fiji.draggan.ij;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * Pixels between ImageJ and the generator: {@link GeneratorImage} (float CHW in [-1, 1]) to 8-bit
 * grey or RGB processors with the official conversion, images back to generator range (for
 * inversion), and imglib2 images (the ImageJ2 data model) to {@link ImagePlus} — imglib2-ij is not
 * available here, so this is the small bridge we need.
 */
public final class ImageConversion {

	private ImageConversion() {}

	/** 8-bit grey (one channel) or RGB (three channels), {@code uint8(clamp(x·127.5+128))}. */
	public static ImageProcessor toProcessor(final GeneratorImage img) {
		final byte[] u8 = img.toUint8();
		final int n = img.pixels();
		if (img.channels == 1) {
			return new ByteProcessor(img.width, img.height, java.util.Arrays.copyOf(u8, n));
		}
		if (img.channels != 3) throw new IllegalArgumentException("cannot show a " + img.channels + "-channel image as grey or RGB");
		final int[] rgb = new int[n];
		for (int i = 0; i < n; i++) {
			rgb[i] = 0xff000000 | (u8[i] & 0xff) << 16 | (u8[n + i] & 0xff) << 8 | (u8[2 * n + i] & 0xff);
		}
		return new ColorProcessor(img.width, img.height, rgb);
	}

	/**
	 * The generator-range image of an 8-bit grey or RGB processor, {@code x = (v − 128) / 127.5}
	 * (the inverse of the official conversion up to its truncation), with {@code channels} planes:
	 * grey is repeated for a colour model, RGB is averaged for a grey one.
	 */
	public static GeneratorImage fromProcessor(final ImageProcessor ip, final int channels) {
		final int w = ip.getWidth(), h = ip.getHeight(), n = w * h;
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("cannot convert to a " + channels + "-channel image");
		final float[] data = new float[channels * n];
		if (ip instanceof ColorProcessor) {
			final int[] rgb = (int[]) ip.getPixels();
			for (int i = 0; i < n; i++) {
				final int r = rgb[i] >> 16 & 0xff, g = rgb[i] >> 8 & 0xff, b = rgb[i] & 0xff;
				if (channels == 3) {
					data[i] = toRange(r);
					data[n + i] = toRange(g);
					data[2 * n + i] = toRange(b);
				}
				else data[i] = toRange((r + g + b) / 3f);
			}
		}
		else {
			final ImageProcessor grey = ip instanceof ByteProcessor ? ip : ip.convertToByte(true);
			for (int i = 0; i < n; i++) {
				final float v = toRange(grey.get(i));
				for (int c = 0; c < channels; c++) data[c * n + i] = v;
			}
		}
		return new GeneratorImage(channels, h, w, data);
	}

	static float toRange(final float v) {
		return (v - 128f) / 127.5f;
	}

	/**
	 * An imglib2 image as an {@link ImagePlus}: XY real values (0…255) → 8-bit grey, XYC with three
	 * channels → RGB, ARGB → RGB.
	 */
	@SuppressWarnings("unchecked")
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<?> rai, final String title) {
		final int nd = rai.numDimensions();
		if (nd < 2 || nd > 3) throw new IllegalArgumentException("the image has " + nd + " dimensions; Drag GAN needs XY (grey) or XYC (RGB)");
		if (rai.min(0) != 0 || rai.min(1) != 0) throw new IllegalArgumentException("the image must start at 0,0 (use Views.zeroMin)");
		final long w = rai.dimension(0), h = rai.dimension(1), c = nd == 3 ? rai.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("the image is too large");
		final Object type = rai.getType();
		final RandomAccess<?> ra = rai.randomAccess();
		final int W = (int) w, H = (int) h;
		if (type instanceof ARGBType) {
			if (nd != 2) throw new IllegalArgumentException("an ARGB image must be 2D");
			final int[] px = new int[W * H];
			final RandomAccess<ARGBType> a = (RandomAccess<ARGBType>) ra;
			for (int y = 0; y < H; y++) {
				for (int x = 0; x < W; x++) {
					a.setPosition(x, 0);
					a.setPosition(y, 1);
					px[y * W + x] = a.get().get();
				}
			}
			return new ImagePlus(title, new ColorProcessor(W, H, px));
		}
		if (!(type instanceof RealType)) throw new IllegalArgumentException("unsupported pixel type " + type.getClass().getSimpleName());
		if (c != 1 && c != 3) throw new IllegalArgumentException("the image has " + c + " channels; Drag GAN needs 1 (grey) or 3 (RGB)");
		final RandomAccess<? extends RealType<?>> r = (RandomAccess<? extends RealType<?>>) ra;
		if (c == 1) {
			final byte[] px = new byte[W * H];
			for (int y = 0; y < H; y++) {
				for (int x = 0; x < W; x++) {
					r.setPosition(x, 0);
					r.setPosition(y, 1);
					if (nd == 3) r.setPosition(rai.min(2), 2);
					px[y * W + x] = (byte) clamp8(r.get().getRealDouble());
				}
			}
			return new ImagePlus(title, new ByteProcessor(W, H, px));
		}
		final int[] px = new int[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				r.setPosition(x, 0);
				r.setPosition(y, 1);
				int v = 0xff000000;
				for (int ch = 0; ch < 3; ch++) {
					r.setPosition(rai.min(2) + ch, 2);
					v |= clamp8(r.get().getRealDouble()) << (16 - 8 * ch);
				}
				px[y * W + x] = v;
			}
		}
		return new ImagePlus(title, new ColorProcessor(W, H, px));
	}

	private static int clamp8(final double v) {
		if (!(v > 0)) return 0;
		if (v >= 255) return 255;
		return (int) Math.round(v);
	}
}
