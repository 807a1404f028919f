package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.train.TrainOptions;

/**
 * The small entries that make the plugin a Fiji citizen, headless: Help writes the guide's address
 * instead of failing, File › Open Samples › Drag GAN cell is the demo image from the jar, and the
 * Train entry's defaults are the settings that trained the bundled model stably.
 */
public class FijiEntriesTest {

	@Test
	public void helpWritesTheGuidesAddressHeadless() {
		final PrintStream saved = System.out;
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		System.setOut(new PrintStream(b, true));
		try {
			new MenuEntry().run("help"); // the Log is stdout without an ImageJ window
		}
		finally {
			System.setOut(saved);
		}
		final String o = new String(b.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(o, o.contains(MenuEntry.DOCS));
		assertTrue(o, !o.contains("Drag GAN error"));
	}

	/** Headless and with no options: no dialog, and no model means the bundled one (its configuration in the Log). */
	@Test
	public void infoWithoutOptionsDescribesTheBundledModel() {
		final PrintStream saved = System.out;
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		System.setOut(new PrintStream(b, true));
		try {
			new MenuEntry().run("info");
		}
		finally {
			System.setOut(saved);
		}
		final String o = new String(b.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(o, !o.contains("Drag GAN error"));
		assertTrue(o, o.contains(sc.fiji.draggan.app.DefaultModel.NAME));
	}

	@Test
	public void theSampleIsTheDemoImage() throws Exception {
		final ImagePlus sample = MenuEntry.openSample();
		final ImagePlus demo = IJ.openImage("test-images/cell-demo.png");
		assertEquals("Drag GAN cell", sample.getTitle());
		assertEquals(8, sample.getBitDepth());
		assertEquals(demo.getWidth(), sample.getWidth());
		assertEquals(demo.getHeight(), sample.getHeight());
		assertArrayEquals((byte[]) demo.getProcessor().convertToByte(false).getPixels(), (byte[]) sample.getProcessor().getPixels());
	}

	@Test
	public void trainDefaultsAreTheStableSettings() throws Exception {
		final TrainOptions s = TrainOptions.stable();
		assertEquals(0.001, s.lrG, 0);
		assertEquals(0.001, s.lrD, 0);
		assertEquals(5, s.gamma, 0);
		assertEquals(16, s.batch);
		assertEquals("ada", s.augment);
		s.validate();
		final DragGanTrainCommand c = new DragGanTrainCommand();
		assertEquals(s.lrG, (double) field(c, "lr"), 0);
		assertEquals(s.gamma, (double) field(c, "gamma"), 0);
		assertEquals(s.batch, (int) field(c, "batch"));
		assertEquals(s.augment, field(c, "augment"));
		assertEquals(s.resolution, (int) field(c, "res"));
		assertEquals(s.channelBase, (int) field(c, "channel_base"));
		assertEquals(s.channelMax, (int) field(c, "channel_max"));
	}

	private static Object field(final Object o, final String name) throws ReflectiveOperationException {
		final Field f = o.getClass().getDeclaredField(name);
		f.setAccessible(true);
		return f.get(o);
	}
}
