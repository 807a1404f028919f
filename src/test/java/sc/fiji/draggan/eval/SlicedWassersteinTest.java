package sc.fiji.draggan.eval;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import sc.fiji.draggan.synth.CellImageSynth;

public class SlicedWassersteinTest {

	static List<float[]> cells(final long seed, final int n, final float blurMix) {
		final CellImageSynth s = new CellImageSynth(32, seed);
		final List<float[]> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final float[] img = s.render(i);
			final float[] a = new float[img.length];
			for (int k = 0; k < a.length; k++) {
				// blurMix > 0 replaces part of every pixel by its row mean: a visibly different distribution
				a[k] = img[k] * 2 - 1;
			}
			if (blurMix > 0) {
				for (int y = 0; y < 32; y++) {
					double m = 0;
					for (int x = 0; x < 32; x++) m += a[y * 32 + x] / 32;
					for (int x = 0; x < 32; x++) a[y * 32 + x] = (float) ((1 - blurMix) * a[y * 32 + x] + blurMix * m);
				}
			}
			out.add(a);
		}
		return out;
	}

	@Test
	public void sameDistributionIsCloserThanADifferentOne() {
		final SlicedWasserstein swd = new SlicedWasserstein(1, 32);
		assertEquals(2, swd.levels());
		final double[] same = swd.compare(cells(1, 48, 0), cells(2, 48, 0), 0);
		final double[] other = swd.compare(cells(1, 48, 0), cells(2, 48, 0.7f), 0);
		assertTrue("same " + same[2] + " vs different " + other[2], other[2] > 2 * same[2]);
	}

	@Test
	public void identicalSetsHaveZeroDistanceOnEqualDescriptors() {
		final List<float[]> a = new ArrayList<>();
		a.add(new float[] { 1, 2, 3 });
		a.add(new float[] { -1, 0, 5 });
		assertEquals(0, SlicedWasserstein.distance(a, a, 3), 1e-9);
	}

	@Test
	public void nearestNeighbourFindsCopies() {
		final List<float[]> data = cells(3, 10, 0);
		final List<float[]> copies = new ArrayList<>(data.subList(0, 3));
		final double[] d = NearestNeighbour.distances(copies, data);
		for (final double v : d) assertEquals(0, v, 0);
		final double[] fresh = NearestNeighbour.distances(cells(4, 3, 0), data);
		for (final double v : fresh) assertTrue(v > 0.01);
	}
}
