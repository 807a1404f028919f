package sc.fiji.draggan.ij;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import sc.fiji.draggan.model.GeneratorImage;

/** A drag's frames written through the virtual stack come back as every frame, with its label, pixel for pixel. */
public class FrameStackTest {

	@Test
	public void aTiffWrittenFromTheVirtualStackHoldsEveryFrame() throws Exception {
		final List<GeneratorImage> frames = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		final Random r = new Random(5);
		for (int i = 0; i < 7; i++) {
			final float[] f = new float[3 * 6 * 9];
			for (int k = 0; k < f.length; k++) f[k] = (float) (r.nextDouble() * 2 - 1);
			frames.add(new GeneratorImage(3, 6, 9, f));
			labels.add("step " + 3 * i);
		}
		final Path dir = Files.createTempDirectory("framestack");
		final Path file = dir.resolve("drag.tif");
		ImageSaving.save(new ImagePlus("drag", new FrameStack(frames, labels)), file);
		final ImagePlus back = IJ.openImage(file.toString());
		assertEquals(7, back.getStackSize());
		assertEquals(24, back.getBitDepth());
		for (int i = 0; i < 7; i++) {
			assertEquals(labels.get(i), back.getStack().getSliceLabel(i + 1));
			final int[] want = (int[]) ImageConversion.toProcessor(frames.get(i)).getPixels();
			final int[] got = (int[]) ((ColorProcessor) back.getStack().getProcessor(i + 1)).getPixels();
			assertArrayEquals("frame " + i, want, got);
		}
		for (final Path p : Files.list(dir).toArray(Path[]::new)) Files.delete(p);
		Files.delete(dir);
	}
}
