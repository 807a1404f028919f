package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.ij.ExternalImageJTestBase;
import sc.fiji.draggan.ij.Latent;

/**
 * End to end through real ImageJ 1.x in batch mode ({@code ImageJ -batch macro.ijm}, a separate JVM
 * with the plugin installed from its plugins.config): generate, drag with the example call,
 * check the result stack in the macro and in the saved TIFF; then a bad call must stop the macro
 * with a line in the Log.
 */
public class MacroEndToEndTest extends ExternalImageJTestBase {

	@Test
	public void generateDragAndCheckTheStackInBatchMode() throws Exception {
		final Path model = Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl");
		final Path home = imagejHome();
		final Path out = home.resolve("result.tif");
		final String macro = "" +
			"model = getArgument();\n" +
			"setBatchMode(true);\n" +
			"run(\"Drag GAN Generate...\", \"model=[\" + model + \"] seed=0 psi=0.7 device=cpu\");\n" +
			"print(\"generated=\" + getTitle() + \" \" + getWidth() + \"x\" + getHeight() + \" latent=\" + Property.get(\"DragGAN.ws_shape\"));\n" +
			"run(\"Drag GAN...\", \"model=[\" + model + \"] points=[30,24>40,34] n_steps=6 every=2 lr=0.02 device=cpu\");\n" +
			"print(\"result=\" + getTitle());\n" +
			"print(\"frames=\" + nSlices);\n" +
			"for (i = 1; i <= nSlices; i++) { setSlice(i); print(\"label\" + i + \"=\" + getInfo(\"slice.label\")); }\n" +
			"print(\"overlay=\" + Overlay.size);\n" +
			"print(\"latent=\" + Property.get(\"DragGAN.ws_shape\"));\n" +
			"print(\"final=\" + Property.get(\"DragGAN.final_points\"));\n" +
			"print(\"selection=\" + selectionType());\n" +
			"info = getImageInfo(); print(\"ai=\" + (indexOf(info, \"AI-edited (Drag GAN)\") >= 0));\n" +
			"saveAs(\"Tiff\", \"" + out + "\");\n" +
			"print(\"saved\");\n" +
			"run(\"Drag GAN...\", \"model=[\" + model + \"] points=[30,24>40] n_steps=2 device=cpu\");\n" +
			"print(\"NOT REACHED\");\n";
		final String o = runBatchMacro(home, "e2e.ijm", macro, 900, model.toString()).output;
		assertContainsAll(o, "generated=stylegan2-small-64x64 seed 0 64x64 latent=10x128", "result=stylegan2-small-64x64 seed 0 (Drag GAN)",
			// steps 0, 2, 4 recorded, then the image of the final latent (step 6)
			"frames=4", "label1=step 0: d=14.14", "label2=step 2: d=", "label3=step 4: d=", "label4=step 6: d=",
			"latent=10x128", "selection=10" /* the final points as a point selection */, "ai=1", "saved",
			// the error: one line in the Log, and the macro stops there
			"Drag GAN error: points:");
		assertFalse(o, o.contains("NOT REACHED"));

		// the saved TIFF: frames, labels and the latent survive; the latent is the final one
		final ImagePlus saved = IJ.openImage(out.toString());
		assertNotNull(saved);
		assertEquals(4, saved.getStackSize());
		assertEquals("step 0: d=14.14", saved.getStack().getSliceLabel(1));
		final Latent l = Latent.of(saved);
		assertNotNull("latent lost in the TIFF", l);
		assertEquals(10, l.numWs);
		assertEquals(128, l.wDim);
		assertEquals("27e94b28c1bcf8edc54b64287e65688ea2f466f92ac823cdcf42d773e9c8af56", l.modelSha256);
		final float[] official0 = sc.fiji.draggan.io.Npy.read(Fixtures.dir("stylegan2/small").resolve("ws_psi0.7.npy")).toFloats();
		final float[] start = java.util.Arrays.copyOf(official0, 10 * 128);
		assertFalse("the saved latent is the dragged one, not the start", java.util.Arrays.equals(start, l.ws));
		// only the first 6 rows are optimised (docs/algorithm.md#latent-fed-to-the-generator): rows 6..9 stay those of the start latent
		assertArrayEquals(java.util.Arrays.copyOfRange(start, 6 * 128, 10 * 128), java.util.Arrays.copyOfRange(l.ws, 6 * 128, 10 * 128), 1e-4f);
		assertTrue(((String) saved.getProperty("Info")).contains("points: 30,24>40,34"));
	}

	@Test
	public void invertThenDragWithTheTunedWeightsInBatchMode() throws Exception {
		final Path model = Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl");
		final Path home = imagejHome();
		final String macro = "" +
			"model = getArgument();\n" +
			"setBatchMode(true);\n" +
			"newImage(\"cells\", \"8-bit ramp\", 80, 64, 1);\n" +
			"run(\"Drag GAN Invert...\", \"model=[\" + model + \"] steps=6 pti_steps=2 seed=1 device=cpu\");\n" +
			"print(\"recon=\" + getTitle() + \" \" + getWidth() + \"x\" + getHeight() + \" latent=\" + Property.get(\"DragGAN.ws_shape\"));\n" +
			"print(\"recon tuned=\" + (Property.get(\"DragGAN.tuned_model\") != \"\"));\n" +
			"info = getImageInfo(); print(\"recon psnr=\" + (indexOf(info, \"psnr after pti:\") >= 0));\n" +
			"selectImage(\"cells\");\n" +
			"print(\"source latent=\" + Property.get(\"DragGAN.ws_shape\") + \" fit=\" + Property.get(\"DragGAN.fit\"));\n" +
			"run(\"Drag GAN...\", \"model=[\" + model + \"] points=[40,30>44,30] n_steps=1 device=cpu\");\n" +
			"info = getImageInfo(); print(\"drag tuned=\" + (indexOf(info, \"tuned weights \") >= 0) + \" fitted=\" + (indexOf(info, \"points: 32,30>36,30\") >= 0));\n";
		final String o = runBatchMacro(home, "invert.ijm", macro, 900, model.toString()).output;
		assertFalse(o, o.contains("Drag GAN error"));
		assertContainsAll(o, "Drag GAN Invert: 'cells' inverted: PSNR ", "recon=cells (Drag GAN inversion) 64x64 latent=10x128", "recon tuned=1",
			"recon psnr=1", "source latent=10x128 fit=crop", "drag tuned=1 fitted=1");
	}
}
