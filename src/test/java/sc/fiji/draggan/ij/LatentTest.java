package sc.fiji.draggan.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

public class LatentTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	static Latent random(final int numWs, final int wDim, final long seed) {
		final Random r = new Random(seed);
		final float[] ws = new float[numWs * wDim];
		for (int i = 0; i < ws.length; i++) ws[i] = (float) r.nextGaussian();
		ws[3] = Float.MIN_VALUE; // survives bit for bit
		ws[4] = -0f;
		return new Latent(numWs, wDim, ws, "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12");
	}

	@Test
	public void imageWithoutLatentHasNone() {
		assertNull(Latent.of(new ImagePlus("x", new ColorProcessor(4, 4))));
	}

	@Test
	public void attachedLatentIsReadBackInMemory() {
		final ImagePlus imp = new ImagePlus("x", new ColorProcessor(4, 4));
		final Latent l = random(10, 32, 1);
		l.attachTo(imp);
		assertTrue(Latent.of(imp) == l);
	}

	@Test
	public void latentSurvivesTheStringPropertiesBitForBit() {
		final ImagePlus imp = new ImagePlus("x", new ColorProcessor(4, 4));
		final Latent l = random(10, 32, 2);
		l.attachTo(imp);
		imp.setProperty(Latent.OBJECT_KEY, null); // drop the in-memory object: only the strings are left
		imp.getProperties().remove(Latent.OBJECT_KEY);
		final Latent back = Latent.of(imp);
		assertNotNull(back);
		assertEquals(10, back.numWs);
		assertEquals(32, back.wDim);
		assertArrayEquals(l.ws, back.ws, 0f);
		assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.ws[4]));
		assertEquals(l.modelSha256, back.modelSha256);
	}

	@Test
	public void latentSurvivesASavedAndReopenedTiffStack() throws Exception {
		final ImageStack stack = new ImageStack(8, 8);
		stack.addSlice("step 0: d=14.14", new ColorProcessor(8, 8));
		stack.addSlice("step 1: d=12.00", new ColorProcessor(8, 8));
		final ImagePlus imp = new ImagePlus("r (Drag GAN)", stack);
		final Latent l = random(16, 512, 3); // a 512-px FFHQ-sized latent
		l.attachTo(imp);
		final File f = tmp.newFile("result.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(f.getPath()));
		final ImagePlus back = IJ.openImage(f.getPath());
		final Latent lb = Latent.of(back);
		assertNotNull("latent lost in the TIFF", lb);
		assertArrayEquals(l.ws, lb.ws, 0f);
		assertEquals(l.modelSha256, lb.modelSha256);
		assertEquals("step 1: d=12.00", back.getStack().getSliceLabel(2));
	}

	@Test
	public void detachRemovesEverything() {
		final ImagePlus imp = new ImagePlus("x", new ColorProcessor(4, 4));
		random(4, 4, 4).attachTo(imp);
		Latent.detach(imp);
		assertNull(Latent.of(imp));
	}

	@Test
	public void checkFitsRefusesOtherShapesAndModels() {
		final Latent l = random(10, 32, 5);
		l.checkFits(10, 32, l.modelSha256.toUpperCase(), "m.pkl");
		l.checkFits(10, 32, null, "m.pkl");
		try {
			l.checkFits(12, 32, null, "m.pkl");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("another model"));
		}
		try {
			l.checkFits(10, 32, "00ff", "m.pkl");
			fail();
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("another model"));
		}
	}

	@Test(expected = IllegalArgumentException.class)
	public void damagedPropertiesGiveAClearError() {
		final ImagePlus imp = new ImagePlus("x", new ColorProcessor(4, 4));
		imp.setProp(Latent.WS_KEY, "AAAA");
		imp.setProp(Latent.SHAPE_KEY, "2x2");
		Latent.of(imp);
	}
}
