package sc.fiji.draggan.cli;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

public class DemoCommandTest {

	/** ./draggan demo on the default model meets the targets and writes its files. */
	@Test
	public void demoMeetsTargets() throws Exception {
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
		assertTrue(Files.size(dir.resolve("demo.gif")) > 0);
	}
}
