package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

public class DemoCommandTest {

	/** How far a run may be from the README's block (README, "The two commands"): one tracker pixel, 1 dB. */
	static final double PX_TOLERANCE = 0.75, DB_TOLERANCE = 1.0;

	/**
	 * ./draggan demo on the default model meets the targets, writes its files, and prints the
	 * numbers the README documents (its demo-output block), within the README's stated tolerance.
	 */
	@Test
	public void demoMeetsTargetsAndTheReadmeNumbers() throws Exception {
		final JsonObject documented = ReadmeDemoBlock.read(Paths.get("README.md"));
		final Path dir = Files.createTempDirectory("draggan-demo");
		final ByteArrayOutputStream buf = new ByteArrayOutputStream();
		final int rc = new DemoCommand().run(Options.parse("--out-dir", dir.toString()), new PrintStream(buf, true, "UTF-8"));
		final String text = buf.toString("UTF-8").trim();
		assertTrue(rc == 0);
		final String last = text.substring(text.lastIndexOf('\n') + 1);
		final JsonObject j = JsonParser.parseString(last).getAsJsonObject();
		assertTrue(last, j.get("final_distance_px").getAsDouble() <= 3);
		assertTrue(last, j.get("content_distance_px").getAsDouble() <= 3);
		assertTrue(last, j.get("psnr_outside_mask_db").getAsDouble() >= 30);
		assertTrue(Files.size(dir.resolve("demo.tif")) > 0);
		// as Fiji writes its results: the provenance words in the Info, the final latent attached
		final ij.ImagePlus tif = ij.IJ.openImage(dir.resolve("demo.tif").toString());
		assertTrue(String.valueOf(tif.getProperty("Info")).contains(sc.fiji.draggan.ij.ResultInfo.EDITED));
		assertTrue(sc.fiji.draggan.ij.Latent.of(tif) != null);
		assertTrue(Files.size(dir.resolve("demo.gif")) > 0);
		final String why = "the demo printed\n  " + last + "\nthe README documents\n  " + documented +
			"\n(update the README's demo-output block from a new run if the demo or the default model changed)";
		assertEquals(why, documented.get("threads").getAsInt(), j.get("threads").getAsInt());
		assertEquals(why, documented.get("model").getAsString(), j.get("model").getAsString());
		for (final String key : new String[] { "final_distance_px", "content_distance_px" })
			assertEquals(key + ": " + why, documented.get(key).getAsDouble(), j.get(key).getAsDouble(), PX_TOLERANCE);
		for (final String key : new String[] { "psnr_outside_mask_db", "inversion_psnr_db" })
			assertEquals(key + ": " + why, documented.get(key).getAsDouble(), j.get(key).getAsDouble(), DB_TOLERANCE);
	}

	/** The README's block is found and has every number the test compares. */
	@Test
	public void readmeDocumentsTheDemo() throws Exception {
		final JsonObject documented = ReadmeDemoBlock.read(Paths.get("README.md"));
		for (final String key : new String[] { "final_distance_px", "content_distance_px", "psnr_outside_mask_db", "inversion_psnr_db", "steps", "threads", "model" })
			assertTrue("README demo-output block lacks " + key, documented.has(key));
		assertTrue(documented.get("final_distance_px").getAsDouble() <= 3);
	}

	/** A README without the block, or with an unclosed one, is a clear error naming the marker. */
	@Test
	public void readmeBlockErrorsAreClear() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-readme");
		final Path readme = dir.resolve("README.md");
		Files.write(readme, "# title\n```json\n{}\n```\n".getBytes("UTF-8"));
		try {
			ReadmeDemoBlock.read(readme);
			fail("no marker");
		}
		catch (final IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("<!-- demo-output"));
		}
		Files.write(readme, "<!-- demo-output -->\n```json\n{\"final_distance_px\": 1.5}\n".getBytes("UTF-8"));
		try {
			ReadmeDemoBlock.read(readme);
			fail("unclosed");
		}
		catch (final IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("not closed"));
		}
		Files.write(readme, "text\n<!-- demo-output: note -->\n```json\n{\"final_distance_px\": 1.5}\n```\n".getBytes("UTF-8"));
		assertEquals(1.5, ReadmeDemoBlock.read(readme).get("final_distance_px").getAsDouble(), 0);
	}

	/** The demo's picture: test-images/ of the working folder, else of the project folder the launcher names. */
	@Test
	public void defaultImageFromTheProjectFolder() throws Exception {
		final Path image = Paths.get("test-images", "cell-demo.png");
		final Path elsewhere = Files.createTempDirectory("draggan-cwd");
		assertEquals(Paths.get("/some/project").resolve(image), DemoCommand.defaultImage(elsewhere, "/some/project"));
		assertEquals(image, DemoCommand.defaultImage(elsewhere, null));
		Files.createDirectories(elsewhere.resolve("test-images"));
		Files.write(elsewhere.resolve(image), new byte[] { 1 });
		assertEquals(image, DemoCommand.defaultImage(elsewhere, "/some/project"));
	}
}
