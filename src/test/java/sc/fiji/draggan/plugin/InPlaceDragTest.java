package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import org.junit.ClassRule;
import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import sc.fiji.draggan.ij.InvertOperation;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.TunedWeights;

/**
 * Drag GAN... on a picture without a latent gives its result in place: frames of the picture's size,
 * the model's square put back where it was cropped from, the pixels outside that crop identical to
 * the source, the source's type, display range and calibration, and a title of its own. Runs on the
 * bundled default model (64 px; no fixtures needed), with tiny step counts.
 */
public class InPlaceDragTest {

	@ClassRule
	public static final HeadlessCommands commands = new HeadlessCommands();

	/** A 300×200 picture: a bright disc on a horizontal ramp (8-bit values), in the given processor type. */
	private static ImagePlus picture(final String title, final boolean sixteenBit) {
		final int w = 300, h = 200;
		final ByteProcessor b = new ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				b.set(x, y, Math.hypot(x - 150, y - 100) < 40 ? 220 : 30 + (x * 100) / w);
		final ImagePlus imp = new ImagePlus(title, sixteenBit ? b.convertToShortProcessor(false) : b);
		if (sixteenBit) { // the same picture, scaled into 16-bit units and shown in that range
			final ShortProcessor s = (ShortProcessor) imp.getProcessor();
			s.multiply(100);
			imp.setDisplayRange(0, 25500);
		}
		final Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.25;
		cal.setUnit("um");
		imp.setCalibration(cal);
		return imp;
	}

	private static ImagePlus drag(final ImagePlus source) throws Exception {
		final CommandModule m = commands.run(DragGanCommand.class, true, "imp", source, "points", "150,100>162,100", "mask", "none", "n_steps", 2,
			"invert_steps", 4, "lr", 0.01, "device", "cpu", "show_arrows", false).get();
		return (ImagePlus) m.getOutput("result");
	}

	@Test
	public void an8BitPictureWithoutLatentGivesA300x200StackWithTheOutsideUntouched() throws Exception {
		final ImagePlus source = picture("cells.tif", false);
		final byte[] before = ((byte[]) source.getProcessor().getPixels()).clone();
		final ImagePlus r = drag(source);
		assertEquals(300, r.getWidth());
		assertEquals(200, r.getHeight());
		assertEquals(ImagePlus.GRAY8, r.getType());
		assertTrue("frames: " + r.getStackSize(), r.getStackSize() >= 2);
		assertEquals("cells-drag-1", r.getTitle());
		assertEquals(0.25, r.getCalibration().pixelWidth, 0);
		assertEquals("µm", r.getCalibration().getUnit());
		// crop: the central 200×200 square, columns 50…249; everything else is the source's, in every frame
		int changedInside = 0;
		for (int z = 1; z <= r.getStackSize(); z++) {
			final byte[] f = (byte[]) r.getStack().getPixels(z);
			for (int y = 0; y < 200; y++) {
				for (int x = 0; x < 300; x++) {
					final int i = y * 300 + x;
					if (x < 50 || x >= 250) assertEquals("frame " + z + " at " + x + "," + y, before[i], f[i]);
					else if (f[i] != before[i]) changedInside++;
				}
			}
		}
		assertTrue("the crop holds the generator's pictures", changedInside > 0);
		assertArrayEquals("the source is not changed", before, (byte[]) source.getProcessor().getPixels());
		// the latent and the fit go with the result: a second drag of it starts where this one stopped
		assertNotNull(Latent.of(r));
		assertEquals("crop", r.getProp(InvertOperation.FIT_KEY));
		final String fp = r.getProp("DragGAN.final_points");
		assertTrue(fp, fp.endsWith(">162,100"));
		final String info = (String) r.getProperty("Info");
		assertTrue(info, info.contains("points: 150,100>162,100"));
	}

	@Test
	public void aSecondDragOfTheResultGoesOnFromItsLastFrame() throws Exception {
		final ImagePlus r = drag(picture("cells.png", false));
		assertNotNull("the tuned weights go with the result", TunedWeights.of(r));
		r.setSlice(r.getStackSize());
		final ImagePlus r2 = (ImagePlus) commands.run(DragGanCommand.class, true, "imp", r, "points", "162,100>168,100", "mask", "none", "n_steps", 1,
			"device", "cpu", "show_arrows", false).get().getOutput("result");
		assertEquals(300, r2.getWidth());
		assertEquals(200, r2.getHeight());
		assertEquals("cells-drag-2", r2.getTitle());
		// same latent, same tuned weights, same placement: the second drag starts on the first one's last picture
		final byte[] last = (byte[]) r.getStack().getPixels(r.getStackSize()), first = (byte[]) r2.getStack().getPixels(1);
		int worst = 0;
		for (int i = 0; i < last.length; i++) worst = Math.max(worst, Math.abs((last[i] & 0xff) - (first[i] & 0xff)));
		assertTrue("largest difference " + worst, worst <= 1);
	}

	@Test
	public void a16BitPictureGives16BitFramesInItsOwnRange() throws Exception {
		final ImagePlus source = picture("stack16", true);
		final short[] before = ((short[]) source.getProcessor().getPixels()).clone();
		final ImagePlus r = drag(source);
		assertEquals(ImagePlus.GRAY16, r.getType());
		assertEquals(300, r.getWidth());
		assertEquals("stack16-drag-1", r.getTitle());
		assertEquals(0, r.getDisplayRangeMin(), 0);
		assertEquals(25500, r.getDisplayRangeMax(), 0);
		final short[] last = (short[]) r.getStack().getPixels(r.getStackSize());
		double inside = 0;
		int n = 0;
		for (int y = 0; y < 200; y++) {
			for (int x = 0; x < 300; x++) {
				final int i = y * 300 + x;
				if (x < 50 || x >= 250) assertEquals(before[i], last[i]);
				else {
					inside += last[i] & 0xffff;
					n++;
				}
			}
		}
		// the model's intensities are scaled back into the source's range, not left at 0…255
		assertTrue("mean inside " + inside / n, inside / n > 1000 && inside / n < 25500);
	}
}
