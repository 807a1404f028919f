package sc.fiji.draggan.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.draggan.invert.InputImage;

public class InputImagesTest {

	@Test
	public void everyTypeGivesItsRawValuesAndDisplayRange() {
		final ShortProcessor sp = new ShortProcessor(2, 1, new short[] { 1000, (short) 60000 }, null);
		sp.setMinAndMax(500, 2000);
		final InputImage s = InputImages.fromImagePlus(new ImagePlus("s", sp));
		assertEquals(InputImage.GREY16, s.bitDepth);
		assertArrayEquals(new float[] { 1000, 60000 }, s.planes[0], 0f);
		assertEquals(500, s.displayMin, 0);
		assertEquals(2000, s.displayMax, 0);

		final InputImage b = InputImages.fromImagePlus(new ImagePlus("b", new ByteProcessor(2, 1, new byte[] { 7, (byte) 250 })));
		assertEquals(InputImage.GREY8, b.bitDepth);
		assertArrayEquals(new float[] { 7, 250 }, b.planes[0], 0f);

		final InputImage f = InputImages.fromImagePlus(new ImagePlus("f", new FloatProcessor(2, 1, new float[] { -3.5f, Float.NaN })));
		assertEquals(InputImage.FLOAT32, f.bitDepth);
		assertEquals(-3.5f, f.planes[0][0], 0f);

		final InputImage c = InputImages.fromImagePlus(new ImagePlus("c", new ColorProcessor(1, 1, new int[] { 0xff102030 })));
		assertEquals(3, c.channels);
		assertArrayEquals(new float[] { 16, 32, 48 }, new float[] { c.planes[0][0], c.planes[1][0], c.planes[2][0] }, 0f);
	}

	@Test
	public void aStackGivesItsCurrentSlice() {
		final ImageStack st = new ImageStack(1, 1);
		st.addSlice(new ByteProcessor(1, 1, new byte[] { 1 }));
		st.addSlice(new ByteProcessor(1, 1, new byte[] { 2 }));
		final ImagePlus imp = new ImagePlus("st", st);
		imp.setSlice(2);
		assertEquals(2f, InputImages.fromImagePlus(imp).planes[0][0], 0f);
	}

	@Test
	public void planesGoBackToTheSourceType() {
		final ImageProcessor p16 = InputImages.toProcessor(new float[][] { { 3, 70000 } }, 2, 1, InputImage.GREY16);
		assertEquals(3, p16.get(0));
		assertEquals(65535, p16.get(1));
		final ImageProcessor p8 = InputImages.toProcessor(new float[][] { { -4, 254.6f } }, 2, 1, InputImage.GREY8);
		assertEquals(0, p8.get(0));
		assertEquals(255, p8.get(1));
		final ImageProcessor rgb = InputImages.toProcessor(new float[][] { { 16 }, { 32 }, { 48 } }, 1, 1, InputImage.RGB24);
		assertEquals(0x102030, rgb.get(0) & 0xffffff);
		final ImageProcessor f = InputImages.toProcessor(new float[][] { { -0.25f } }, 1, 1, InputImage.FLOAT32);
		assertEquals(-0.25f, f.getf(0), 0f);
	}
}
