package sc.fiji.draggan.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.Test;

import sc.fiji.draggan.tensor.StateDict;

/** Filter design of {@link LowpassFilters} against the official filters. */
public class LowpassFiltersTest {

	@Test
	public void separableFiltersAreTheOnesInTheT32Pickle() throws IOException {
		final Path dir = StyleGan3FixtureTest.dir();
		final GeneratorConfig cfg = StyleGan3FixtureTest.config(dir);
		final StateDict sd = FixtureModels.readNpz(dir.resolve("G_ema_state.npz"));
		int compared = 0;
		for (final Sg3Geometry.Layer l : new Sg3Geometry(cfg).layers()) {
			final float[] up = l.designUpFilter(), down = l.designDownFilter();
			if (l.upTaps == 1) assertNull(up);
			else {
				assertArrayClose(l.name + " up", sd.get(l.prefix() + ".up_filter").data(), up, 2e-7);
				compared++;
			}
			if (l.downTaps == 1) assertNull(down);
			else {
				assertArrayClose(l.name + " down", sd.get(l.prefix() + ".down_filter").data(), down, 2e-7);
				compared++;
			}
		}
		assertEquals(28, compared);
	}

	/** Reference values from the official design (SciPy's j1 and Kaiser window) for two config-R layers. */
	@Test
	public void radialFiltersMatchTheOfficialDesign() {
		final float[] a = LowpassFilters.radial(12, 4.756828460010884, 2 * 11.243171539989117, 64);
		assertNotNull(a);
		assertEquals(3.90536039e-07, a[0], 1e-9);
		assertEquals(7.98295191e-06, a[1], 1e-9);
		assertEquals(3.66806584e-05, a[2], 1e-9);
		assertEquals(9.40545940e-05, a[3], 1e-9);
		assertEquals(0.03911206548463276, a[5 * 12 + 5], 1e-7);
		assertEquals(0.014553438314584291, a[3 * 12 + 7], 1e-7);
		final float[] b = LowpassFilters.radial(12, 90.5, 2 * 37.0, 512);
		assertEquals(0.00091098, b[0], 1e-8);
		assertEquals(0.00116099, b[1], 1e-8);
		assertEquals(0.09467983380186389, b[5 * 12 + 5], 1e-7);
		assertEquals(-0.006381798614134932, b[2 * 12 + 9], 1e-7);
		double sum = 0;
		for (final float v : b) sum += v;
		assertEquals(1, sum, 1e-6);
		assertNull(LowpassFilters.radial(1, 1, 1, 4));
	}

	private static void assertArrayClose(final String what, final float[] expected, final float[] actual, final double tol) {
		assertEquals(what + " taps", expected.length, actual.length);
		for (int i = 0; i < expected.length; i++) assertEquals(what + " [" + i + "]", expected[i], actual[i], tol);
	}
}
