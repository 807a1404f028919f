package sc.fiji.draggan.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

public class FidelityBenchTest {

	/** Targets are offset px from the handle, inside the picture, in directions that differ from seed to seed. */
	@Test
	public void targetsAreAtTheOffsetInsideThePicture() {
		final Set<Long> octants = new HashSet<>();
		for (long seed = 0; seed < 16; seed++) {
			for (final int[] h : new int[][] { { 32, 32 }, { 5, 5 }, { 58, 30 }, { 30, 58 } }) {
				final double[] t = FidelityBench.target(h[0], h[1], 6, new SplittableRandom(seed), 64, 64);
				assertEquals(6, Math.hypot(t[0] - h[0], t[1] - h[1]), 1e-9);
				assertTrue(Arrays.toString(t), t[0] >= 5 && t[1] >= 5 && t[0] <= 58 && t[1] <= 58);
			}
			final double[] t = FidelityBench.target(32, 32, 6, new SplittableRandom(seed), 64, 64);
			octants.add(Math.round(Math.atan2(t[1] - 32, t[0] - 32) / (Math.PI / 4)));
		}
		assertTrue("directions " + octants, octants.size() >= 5);
	}

	/** The outside region: farther than the radius from both points; none when nothing is that far. */
	@Test
	public void outsideRegionLeavesOutBothPoints() {
		assertEquals(23, FidelityBench.farRadius(6, 64, 64), 0);
		final float[] m = FidelityBench.farMask(64, 64, 20, 30, 26, 30, 23);
		assertEquals(0, m[30 * 64 + 20], 0);
		assertEquals(0, m[30 * 64 + 48], 0); // 22 px from the target
		assertEquals(1, m[30 * 64 + 50], 0);
		assertEquals(1, m[0], 0);
		assertNull(FidelityBench.farMask(16, 16, 8, 8, 9, 8, 23));
	}

	@Test
	public void summarises() {
		final FidelityRow a = new FidelityRow(0, 0, 30, 30, 36, 30, new ContentCheck(true, 6, 1.5, 5.5, 0.5), 0.5, 4, 2, 40, 23, 12, true, 2);
		final FidelityRow b = new FidelityRow(1, 1, 30, 30, 30, 36, new ContentCheck(false, 6, 2.5, 2.5, 3.5), 0.9, 1, 5, Double.NaN, 23, 300, false, 3);
		final JsonObject j = JsonParser.parseString(FidelitySummary.json("\"bench\": \"fidelity\", ", Arrays.asList(a, b), 5)).getAsJsonObject();
		assertEquals(2, j.get("pairs_done").getAsInt());
		final JsonObject tracked = j.getAsJsonObject("tracked_px"), content = j.getAsJsonObject("content_px");
		assertEquals(2.0, tracked.get("mean").getAsDouble(), 1e-9);
		assertEquals(0.5, tracked.get("within_2px").getAsDouble(), 1e-9);
		assertEquals(1.0, tracked.get("within_3px").getAsDouble(), 1e-9);
		assertEquals(4.0, content.get("median").getAsDouble(), 1e-9);
		assertEquals(0.0, content.get("within_2px").getAsDouble(), 1e-9);
		assertEquals(0.5, content.get("within_3px").getAsDouble(), 1e-9);
		assertEquals(1, j.get("content_lags").getAsInt());
		assertEquals(0.7, j.get("content_ncc_mean").getAsDouble(), 1e-9);
		assertEquals(2.5, j.getAsJsonObject("blob_px").get("mean").getAsDouble(), 1e-9);
		assertEquals(0.5, j.getAsJsonObject("blob_px").get("within_2px").getAsDouble(), 1e-9);
		assertEquals(3.5, j.get("blob_moved_px_mean").getAsDouble(), 1e-9);
		assertEquals(1, j.get("converged").getAsInt());
		assertEquals(40, j.get("outside_psnr_db_mean").getAsDouble(), 1e-9); // the pair without an outside region is left out
		assertEquals(156, j.get("steps_mean").getAsDouble(), 1e-9);
		assertTrue(a.line(), a.line().contains("tracked 1.50 px, content 5.50 px") && a.line().contains("CONTENT LAGS"));
		assertEquals(FidelityRow.CSV_HEADER.split(",").length, b.csv().split(",", -1).length);
	}
}
