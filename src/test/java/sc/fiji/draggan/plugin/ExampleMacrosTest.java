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
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.ij.ExternalImageJTestBase;
import sc.fiji.draggan.ij.Latent;

/**
 * The three example macros of {@code macros/} run in real ImageJ 1.x in batch mode (one ImageJ,
 * fewer steps than their defaults) on the fixture model and {@code test-images/}; each writes its
 * stacks, which must carry their latents.
 */
public class ExampleMacrosTest extends ExternalImageJTestBase {

	@Test
	public void theExampleMacrosRunAndSaveTheirStacks() throws Exception {
		final Path model = Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl");
		final Path macros = Paths.get("macros").toAbsolutePath(), images = Paths.get("test-images", "batch").toAbsolutePath();
		final Path home = imagejHome();
		final Path out = Files.createDirectories(home.resolve("out"));
		final String common = "model=[" + model + "] out=[" + out + "]";
		final String wrapper = "" +
			"runMacro(\"" + macros.resolve("generate_and_drag.ijm") + "\", \"" + common + " n_steps=3\");\n" +
			"runMacro(\"" + macros.resolve("drag_selection_with_mask.ijm") + "\", \"" + common + " n_steps=3\");\n" +
			"runMacro(\"" + macros.resolve("batch_folder.ijm") + "\", \"" + common + " in=[" + images + "] n_steps=2\");\n" +
			"print(\"examples done\");\n";
		final String o = runBatchMacro(home, "examples.ijm", wrapper, 900).output;
		assertFalse(o, o.contains("Drag GAN error"));
		assertContainsAll(o, "examples done", "mask: ROI Manager (1 ROI", "batch done: 3 stacks");

		final ImagePlus one = IJ.openImage(out.resolve("generate_and_drag.tif").toString());
		assertEquals(4, one.getStackSize()); // steps 0, 1, 2 and the final image (step 3)
		final ImagePlus two = IJ.openImage(out.resolve("drag_selection_with_mask.tif").toString());
		assertEquals(2, two.getStackSize()); // every=5: step 0, then the final image (step 3)
		assertTrue(String.valueOf(two.getProperty("Info")).contains("points: 25.6,25.6>32,28.8;38.4,38.4>35.2,44.8"));
		for (final ImagePlus imp : new ImagePlus[] { one, two }) assertNotNull(Latent.of(imp));
		for (final String s : new String[] { "seed3", "seed4", "seed5" }) {
			final ImagePlus b = IJ.openImage(out.resolve(s + "_draggan.tif").toString());
			assertNotNull(s, b);
			assertTrue(s, b.getStackSize() >= 2);
			assertNotNull(s, Latent.of(b));
		}
	}
}
