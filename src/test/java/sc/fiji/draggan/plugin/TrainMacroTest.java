package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import sc.fiji.draggan.ij.ExternalImageJTestBase;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.synth.CellImageSynth;

/**
 * {@code macros/train_on_stack.ijm} in real ImageJ 1.x (batch mode): a folder of synthetic cell
 * images opened as a stack, {@code Drag GAN Train...} on it (tiny settings), then
 * {@code Drag GAN Generate...} with the new model. Needs no fixtures.
 */
public class TrainMacroTest extends ExternalImageJTestBase {

	@Test
	public void theTrainingExampleTrainsAndGenerates() throws Exception {
		final Path data = tmp.newFolder("cells").toPath();
		final CellImageSynth s = new CellImageSynth(32, 9);
		for (int i = 0; i < 8; i++)
			new FileSaver(new ImagePlus("c" + i, new FloatProcessor(32, 32, s.render(i)))).saveAsTiff(data.resolve(String.format("c%02d.tif", i)).toString());
		final Path home = imagejHome();
		final Path model = home.resolve("cells16.safetensors");
		final String args = "data=[" + data + "] out=[" + model + "] res=16 kimg=0.008 batch=4 snapshot_every=0 channel_base=256 channel_max=32";
		final Path macro = Paths.get("macros", "train_on_stack.ijm").toAbsolutePath();
		final String o = runBatchMacro(home, "train.ijm", "runMacro(\"" + macro + "\", \"" + args.replace("\"", "\\\"") + "\");\n", 600).output;
		assertFalse(o, o.contains("Drag GAN error"));
		assertContainsAll(o, "training on 8 images", "train example done");
		assertTrue(Files.isRegularFile(model));
		final ImagePlus samples = IJ.openImage(home.resolve("cells16-samples.tif").toString());
		assertEquals(8 * 16, samples.getWidth());
		final ImagePlus gen = IJ.openImage(home.resolve("cells16-seed1.tif").toString());
		assertEquals(16, gen.getWidth());
		assertNotNull("the generated image carries its latent", Latent.of(gen));
	}
}
