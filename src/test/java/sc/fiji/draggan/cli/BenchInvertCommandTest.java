package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.Fixtures;

/** {@code draggan bench invert} on the 32 px fixture: one line per seed and medians that agree with them (no timing assertions). */
public class BenchInvertCommandTest {

	@Test
	public void reportsEachSeedAndTheMedians() throws Exception {
		System.setProperty("ai.djl.offline", "true");
		final String model = Fixtures.dir("stylegan2/tiny").resolve("stylegan2-tiny-32x32.pkl").toString();
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final int status = new BenchCommand().run(Options.parse(new String[] { "invert", "--model", model, "--seeds", "2", "--steps", "8",
			"--pti-steps", "3", "--device", "cpu" }), new PrintStream(b, true, "UTF-8"));
		final String out = new String(b.toByteArray(), StandardCharsets.UTF_8);
		assertEquals(out, 0, status);
		final String[] lines = out.trim().split("\n");
		assertEquals(out, 3, lines.length);
		final JsonObject s0 = JsonParser.parseString(lines[0]).getAsJsonObject(), s1 = JsonParser.parseString(lines[1]).getAsJsonObject();
		final JsonObject all = JsonParser.parseString(lines[2]).getAsJsonObject();
		assertEquals(0, s0.get("seed").getAsInt());
		assertEquals(1, s1.get("seed").getAsInt());
		for (final JsonObject s : new JsonObject[] { s0, s1 }) {
			for (final String k : new String[] { "psnr_w", "psnr_w_plus", "psnr_pti", "ssim", "seconds", "ms_per_w_plus_step", "ms_per_pti_step" }) {
				assertTrue(k + " in " + s, s.has(k) && !s.get(k).isJsonNull() && s.get(k).getAsDouble() > 0);
			}
			assertTrue(s.toString(), s.get("ssim").getAsDouble() <= 1);
		}
		// the median of two seeds is their mean
		assertEquals((s0.get("psnr_pti").getAsDouble() + s1.get("psnr_pti").getAsDouble()) / 2, all.get("median_psnr_pti").getAsDouble(), 1.5e-3);
		assertEquals(Math.min(s0.get("psnr_w_plus").getAsDouble(), s1.get("psnr_w_plus").getAsDouble()), all.get("min_psnr_w_plus").getAsDouble(), 1e-9);
		assertEquals(8, all.get("steps").getAsInt());
	}
}
