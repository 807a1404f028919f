package sc.fiji.draggan.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.draggan.model.GeneratorImage;

public class ImageConversionTest {

	@Test
	public void rgbRoundTripIsExactOnGeneratorOutputs() {
		// values that the official 8-bit conversion maps exactly back and forth
		final float[] data = new float[3 * 4 * 2];
		for (int i = 0; i < data.length; i++) data[i] = ((i * 37) % 256 - 128) / 127.5f;
		final GeneratorImage img = new GeneratorImage(3, 2, 4, data);
		final ImageProcessor ip = ImageConversion.toProcessor(img);
		assertTrue(ip instanceof ColorProcessor);
		final GeneratorImage back = ImageConversion.fromProcessor(ip, 3);
		for (int i = 0; i < data.length; i++) assertEquals(data[i], back.data[i], 1e-6f);
		// the red channel of pixel (1,0) is data[1]
		assertEquals(GeneratorImage.toUint8(data[1]), ((ColorProcessor) ip).getPixel(1, 0) >> 16 & 0xff);
	}

	@Test
	public void greyToColourRepeatsAndColourToGreyAverages() {
		final ByteProcessor bp = new ByteProcessor(2, 1, new byte[] { 0, (byte) 255 });
		final GeneratorImage c = ImageConversion.fromProcessor(bp, 3);
		assertEquals(c.data[0], c.data[2], 0f);
		assertEquals(c.data[0], c.data[4], 0f);
		assertEquals(-128 / 127.5f, c.data[0], 1e-6f);
		assertEquals((255 - 128) / 127.5f, c.data[1], 1e-6f);
		final ColorProcessor cp = new ColorProcessor(1, 1, new int[] { 0xff0000 | 0x3000 | 0x60 });
		assertEquals(ImageConversion.toRange((255 + 0x30 + 0x60) / 3f), ImageConversion.fromProcessor(cp, 1).data[0], 1e-6f);
	}

	@Test
	public void imglib2GreyXYCAndArgb() {
		final ArrayImg<FloatType, FloatArray> grey = ArrayImgs.floats(new float[] { 0, 100.4f, 300, -5, 7, 8 }, 3, 2);
		final ImagePlus g = ImageConversion.toImagePlus(grey, "g");
		assertEquals(ImagePlus.GRAY8, g.getType());
		assertEquals(3, g.getWidth());
		assertEquals(100, g.getProcessor().get(1, 0));
		assertEquals(255, g.getProcessor().get(2, 0));
		assertEquals(0, g.getProcessor().get(0, 1));
		assertEquals(8, g.getProcessor().get(2, 1));

		final float[] xyc = new float[2 * 1 * 3];
		xyc[0] = 10; xyc[2] = 20; xyc[4] = 30; // pixel (0,0): R=10 G=20 B=30
		final ImagePlus rgb = ImageConversion.toImagePlus(ArrayImgs.floats(xyc, 2, 1, 3), "c");
		assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
		assertEquals(10 << 16 | 20 << 8 | 30, rgb.getProcessor().getPixel(0, 0) & 0xffffff);

		final ArrayImg<ARGBType, IntArray> argb = ArrayImgs.argbs(new int[] { 0xff123456, 0xff654321 }, 2, 1);
		assertEquals(0x654321, ImageConversion.toImagePlus(argb, "a").getProcessor().getPixel(1, 0) & 0xffffff);
	}

	@Test(expected = IllegalArgumentException.class)
	public void fourChannelsAreRefused() {
		ImageConversion.toImagePlus(ArrayImgs.floats(2, 2, 4), "x");
	}
}
