package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code draggan bench fidelity} on the bundled model: two pairs, a few steps (figures are not asserted, only that they are measured). */
public class BenchFidelityCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void reportsEveryPairAndASummary() throws Exception {
		final Path csv = tmp.getRoot().toPath().resolve("rows.csv");
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		final int rc = new BenchCommand().run(Options.parse("fidelity", "--pairs", "2", "--steps", "3", "--seed", "4", "--device", "cpu", "--out", csv
			.toString()), new PrintStream(b, true, "UTF-8"));
		final String out = new String(b.toByteArray(), StandardCharsets.UTF_8).trim();
		assertEquals(out, 0, rc);
		assertTrue(out, out.contains("pair 0 (seed 4): ") && out.contains("pair 1 (seed 5): ") && out.contains("3 steps"));
		final JsonObject j = JsonParser.parseString(out.substring(out.lastIndexOf('\n') + 1)).getAsJsonObject();
		assertEquals(2, j.get("pairs_done").getAsInt());
		assertEquals(6.0, j.get("offset_px").getAsDouble(), 0);
		final double content = j.getAsJsonObject("content_px").get("mean").getAsDouble(), tracked = j.getAsJsonObject("tracked_px").get("mean")
			.getAsDouble();
		assertTrue(out, content >= 0 && content <= 6 + 3 + 8 && tracked >= 0 && tracked <= 6 + 3 * 6);
		assertTrue(out, j.get("outside_psnr_db_mean").getAsDouble() > 10);
		// grey model: where the blob went, too
		final double blob = j.getAsJsonObject("blob_px").get("mean").getAsDouble();
		assertTrue(out, blob >= 0 && blob <= 6 + 10);
		assertTrue(out, j.get("content_ncc_mean").getAsDouble() > 0.2);
		final List<String> rows = Files.readAllLines(csv);
		assertEquals(3, rows.size());
		assertTrue(rows.get(0), rows.get(0).startsWith("pair,seed,handle_x"));
		assertTrue(rows.get(1), rows.get(1).startsWith("0,4,"));
	}

	@Test
	public void refusesBadInput() throws Exception {
		for (final String[] args : new String[][] { { "fidelity", "--pairs", "0" }, { "fidelity", "--offset", "0.5" }, { "fidelity", "--steps", "-1" }, {
			"fidelity", "--steps", "3", "--max-steps", "4" }, { "fidelity", "--out", "rows.txt" }, { "fidelity", "--lr", "-1" }, { "fidelity", "--pair", "2" } }) {
			try {
				new BenchCommand().run(Options.parse(args), new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
				throw new AssertionError("accepted " + String.join(" ", args));
			}
			catch (final UsageException e) {
				assertTrue(e.getMessage(), e.getMessage().length() > 5);
			}
		}
	}
}
