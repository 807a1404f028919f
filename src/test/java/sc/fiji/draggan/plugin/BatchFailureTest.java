package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Test;

import sc.fiji.draggan.ij.ExternalImageJ;
import sc.fiji.draggan.ij.ExternalImageJTestBase;

/**
 * {@code ./draggan imagej -batch} fails loudly ({@link BatchMacro}): a Drag GAN error (unknown key,
 * odd number of points, missing value) and a macro error each end the run with status 1 within
 * seconds — no dialog, no hang under the virtual display — and a good macro exits with 0. Needs no
 * fixtures: the bundled model.
 */
public class BatchFailureTest extends ExternalImageJTestBase {

	/** Generous for a loaded 2-core machine; a hang would run until the dialog is closed, i.e. forever. */
	private static final long LIMIT_S = 120;

	private ExternalImageJ.Result batch(final Path home, final String name, final String macro) throws Exception {
		final Path file = ExternalImageJ.write(home.resolve(name), macro);
		final long t0 = System.nanoTime();
		final ExternalImageJ.Result r = ExternalImageJ.run(home, BatchMacro.class.getName(), LIMIT_S, "-batch", file.toString());
		System.out.printf("%s: exit %d after %.1f s%n", name, r.exitCode, (System.nanoTime() - t0) / 1e9);
		assertFalse(r.toString(), r.timedOut);
		return r;
	}

	@Test
	public void errorsExitWithStatusOneAndGoodMacrosWithZero() throws Exception {
		final Path home = imagejHome();
		final ExternalImageJ.Result key = batch(home, "bad-key.ijm", "run(\"Drag GAN Generate...\", \"seed=1 bogus=3\");\nprint(\"not reached\");\n");
		assertEquals(key.toString(), 1, key.exitCode);
		assertContainsAll(key.output, "Drag GAN error: unknown option 'bogus'");
		assertFalse(key.output.contains("not reached"));

		final ExternalImageJ.Result points = batch(home, "odd-points.ijm", "run(\"Drag GAN Generate...\", \"seed=1\");\n" +
			"makeSelection(\"point\", newArray(30, 40, 20), newArray(30, 30, 20));\nrun(\"Drag GAN...\", \"n_steps=2\");\nprint(\"not reached\");\n");
		assertEquals(points.toString(), 1, points.exitCode);
		assertContainsAll(points.output, "Drag GAN error:");
		assertFalse(points.output.contains("not reached"));

		// no options at all: batch opens no dialog; the missing value is an error naming its key
		final ExternalImageJ.Result missing = batch(home, "missing.ijm", "newImage(\"x\", \"8-bit black\", 64, 64, 1);\nrun(\"Drag GAN...\");\n");
		assertEquals(missing.toString(), 1, missing.exitCode);
		assertContainsAll(missing.output, "points=");

		final ExternalImageJ.Result macro = batch(home, "macro-error.ijm", "print(\"start\");\nx = undefinedFunction(3);\n");
		assertEquals(macro.toString(), 1, macro.exitCode);
		assertContainsAll(macro.output, "Macro Error", "Undefined identifier");

		final ExternalImageJ.Result good = batch(home, "good.ijm", "run(\"Drag GAN Generate...\");\nprint(\"made \" + getTitle());\n");
		assertEquals(good.toString(), 0, good.exitCode);
		assertTrue(good.output, good.output.contains("made draggan-cells64"));
	}
}
