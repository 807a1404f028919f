package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.ij.ExternalImageJ;
import sc.fiji.draggan.ij.ExternalImageJTestBase;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.ResultInfo;

/**
 * Every example macro of {@code macros/} runs as shipped — no arguments, so the bundled cell model
 * and {@code test-images/} — in real ImageJ 1.x through the batch entry of {@code ./draggan imagej
 * -batch} ({@link BatchMacro}), which must exit with status 0. The temp folder (where the macros
 * write by default) is the test's own. Needs no fixtures.
 */
public class ExampleMacrosTest extends ExternalImageJTestBase {

	@Test
	public void everyExampleMacroRunsAsShipped() throws Exception {
		final Path macros = Paths.get("macros").toAbsolutePath();
		final List<Path> all = new ArrayList<>();
		try (DirectoryStream<Path> d = Files.newDirectoryStream(macros, "*.ijm")) {
			for (final Path p : d) all.add(p);
		}
		Collections.sort(all);
		assertEquals("the four examples", 4, all.size());
		final Path home = imagejHome();
		final Path temp = Files.createDirectories(home.resolve("temp"));
		final StringBuilder wrapper = new StringBuilder();
		for (final Path m : all) wrapper.append("runMacro(\"").append(m).append("\", \"\");\nprint(\"ran ").append(m.getFileName()).append("\");\n");
		final Path file = ExternalImageJ.write(home.resolve("examples.ijm"), wrapper.toString());
		final ExternalImageJ.Result r = ExternalImageJ.run(home, Arrays.asList("-Djava.io.tmpdir=" + temp), BatchMacro.class.getName(), 1500, "-batch",
			file.toString());
		assertFalse(r.toString(), r.timedOut);
		assertEquals(r.toString(), 0, r.exitCode);
		final String o = r.output;
		assertFalse(o, o.contains("Drag GAN error"));
		for (final Path m : all) assertContainsAll(o, "ran " + m.getFileName());
		assertContainsAll(o, "mask: ROI Manager (1 ROI", "batch done: 3 stacks", "train example done");

		final Path out = temp.resolve("draggan");
		for (final String name : new String[] { "generate_and_drag.tif", "drag_selection_with_mask.tif", "seed3_draggan.tif", "seed4_draggan.tif",
			"seed5_draggan.tif" })
		{
			final ImagePlus imp = IJ.openImage(out.resolve(name).toString());
			assertNotNull(name, imp);
			assertTrue(name, imp.getStackSize() >= 2);
			assertNotNull(name + " carries its latent", Latent.of(imp));
			assertTrue(name + " says it is AI-edited", String.valueOf(imp.getProperty("Info")).contains(ResultInfo.EDITED));
		}
		assertTrue(Files.isRegularFile(out.resolve("train-example.safetensors")));
		assertNotNull(Latent.of(IJ.openImage(out.resolve("train-example-seed1.tif").toString())));
	}
}
