package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.StyleGan2Generator;

/** Behaviour of the drag session and runner on a small random generator. */
public class DragSessionTest {

	private static NDManager root;
	private static StyleGan2Generator generator;
	private static float[] w0;
	private static final int RES = 32, W_DIM = 64, NUM_WS = 8;

	@BeforeClass
	public static void load() {
		System.setProperty("ai.djl.offline", "true");
		root = NDManager.newBaseManager(Device.cpu());
		generator = TestGenerators.tiny(root, 1);
		w0 = TestGenerators.ws(generator, 0);
	}

	@AfterClass
	public static void close() {
		generator.close();
		root.close();
	}

	private static DragParameters params(final double lr) {
		final DragParameters p = new DragParameters();
		p.learningRate = lr;
		return p;
	}

	private static List<PointPair> pairs(final String s) {
		return PointPair.parseList(s);
	}

	@Test
	public void stopsWhenEveryHandleIsWithinTheStopDistance() {
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			// 1.5 px away: inside the 2 px stop distance but > 1 px, so a motion loss is computed, no update
			s.setPoints(pairs("10,10>11.5,10"));
			final StepResult r = s.step(false);
			assertTrue(r.stop);
			assertTrue(r.lossMotion > 0);
			assertArrayEquals(w0, s.ws(), 0f);
			assertEquals(0, s.optimizer().steps());
		}
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("10,10>20,10"));
			final StepResult r = s.step(false);
			assertFalse(r.stop);
			assertEquals(1, s.optimizer().steps());
			assertFalse(Arrays.equals(w0, s.ws()));
		}
		// the runner ends at the stop step and adds no extra frame for it
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("10,10>10.5,10"));
			final DragResult res = new DragRunner().maxSteps(50).run(s);
			assertTrue(res.converged);
			assertEquals(1, res.trace.steps().size());
			assertEquals(0, res.trace.steps().get(0).lossMotion, 0); // within 1 px: no motion loss
			assertEquals(Collections.singletonList(0), res.frameSteps);
		}
	}

	@Test
	public void aNonFiniteGradientLeavesTheLatentUnchanged() {
		final float[] bad = w0.clone();
		bad[3] = Float.NaN; // an optimised row: the forward, the loss and the gradient are NaN
		try (DragSession s = new DragSession(generator, bad, params(0.01))) {
			s.setPoints(pairs("10,10>20,10"));
			try {
				s.step(false);
				fail("a NaN gradient was accepted");
			}
			catch (final IllegalStateException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("not finite"));
			}
			assertEquals(0, s.optimizer().steps());
			assertTrue(Float.isNaN(s.ws()[3]));
			assertEquals(bad[4], s.ws()[4], 0f);
		}
	}

	@Test
	public void twoPairsAddTheirMotionLossesAndAreTrackedSeparately() {
		final double a, b, both;
		final StepResult r;
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("8,8>16,8"));
			a = s.step(false).lossMotion;
		}
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("24,20>24,28"));
			b = s.step(false).lossMotion;
		}
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("8,8>16,8;24,20>24,28"));
			r = s.step(false);
			both = r.lossMotion;
			assertEquals(2, r.points.size());
			assertArrayEquals(new double[] { 8, 8 }, r.points.get(0), 0);
			assertArrayEquals(new double[] { 24, 20 }, r.points.get(1), 0);
			final StepResult r2 = s.step(false);
			assertEquals(2, r2.points.size());
		}
		assertTrue(a > 0 && b > 0);
		assertEquals(a + b, both, 1e-6 * both);
	}

	@Test
	public void wSpaceMovesAllSixRowsTogetherAndWPlusMovesThemApart() {
		for (final LatentSpace space : LatentSpace.values()) {
			final DragParameters p = params(0.05);
			p.space = space;
			try (DragSession s = new DragSession(generator, w0, p)) {
				s.setPoints(pairs("12,12>20,16"));
				for (int i = 0; i < 3; i++) s.step(false);
				final float[] ws = s.ws();
				final float[] row0 = Arrays.copyOf(ws, W_DIM);
				boolean rowsEqual = true;
				for (int r = 1; r < 6; r++)
					rowsEqual &= Arrays.equals(row0, Arrays.copyOfRange(ws, r * W_DIM, (r + 1) * W_DIM));
				assertEquals(space.toString(), space == LatentSpace.W, rowsEqual);
				assertFalse(Arrays.equals(Arrays.copyOf(w0, W_DIM), row0));
				// rows from 6 on stay at w0 (docs/algorithm.md#latent-fed-to-the-generator)
				assertArrayEquals(Arrays.copyOfRange(w0, 6 * W_DIM, NUM_WS * W_DIM),
					Arrays.copyOfRange(ws, 6 * W_DIM, NUM_WS * W_DIM), 0f);
			}
		}
	}

	@Test
	public void maskKeepsTheImageOutsideTheEditRegionCloseToTheStart() {
		// editable: a disc of radius 9 around the handle/target; the rest should stay
		final float[] editable = new float[RES * RES];
		for (int y = 0; y < RES; y++)
			for (int x = 0; x < RES; x++)
				editable[y * RES + x] = (x - 14) * (x - 14) + (y - 14) * (y - 14) < 81 ? 1 : 0;
		final double[] outside = new double[2];
		GeneratorImage start = null;
		for (int withMask = 0; withMask < 2; withMask++) {
			try (DragSession s = new DragSession(generator, w0, params(0.02))) {
				s.setPoints(pairs("12,14>18,14"));
				if (withMask == 1) s.setMask(EditRegion.nonzero(RES, RES, editable));
				assertEquals(withMask == 1, s.hasMaskTerm());
				if (start == null) start = s.render();
				final DragResult res = new DragRunner().maxSteps(10).every(100).run(s);
				outside[withMask] = meanAbsDiff(start, res.finalImage(), editable, false);
				if (withMask == 1) assertTrue(res.trace.steps().get(1).lossMask > 0);
			}
		}
		System.out.println(String.format(Locale.ROOT,
			"mean |change| outside the edit region after 10 steps: no mask %.4f, mask %.4f", outside[0], outside[1]));
		assertTrue(outside[0] > 0);
		assertTrue("mask should reduce change outside: " + Arrays.toString(outside), outside[1] < 0.5 * outside[0]);
	}

	private static double meanAbsDiff(final GeneratorImage a, final GeneratorImage b, final float[] region,
		final boolean inside)
	{
		final int n = a.pixels();
		double sum = 0;
		int count = 0;
		for (int c = 0; c < a.channels; c++)
			for (int p = 0; p < n; p++) {
				if ((region[p] != 0) != inside) continue;
				sum += Math.abs(a.data[c * n + p] - b.data[c * n + p]);
				count++;
			}
		return sum / count;
	}

	@Test
	public void changedPointsResetTheReferences() {
		try (DragSession s = new DragSession(generator, w0, params(0.05))) {
			s.setPoints(pairs("12,12>22,12"));
			for (int i = 0; i < 4; i++) s.step(false);
			final float[] ref0 = s.referenceFeature(0);
			assertNotNull(ref0);
			// new targets only: references kept
			s.setPoints(Collections.singletonList(new PointPair(s.points().get(0).handleX, s.points().get(0).handleY, 22, 16)));
			assertArrayEquals(ref0, s.referenceFeature(0), 0f);
			// one more pair: references reset, retaken from the current latent at the next step
			final PointPair h = s.points().get(0);
			s.setPoints(Arrays.asList(new PointPair(h.handleX, h.handleY, 22, 16), new PointPair(25, 25, 25, 20)));
			assertNull(s.referenceFeature(0));
			s.step(false);
			assertNotNull(s.referenceFeature(1));
			assertFalse(Arrays.equals(ref0, s.referenceFeature(0)));
		}
	}

	@Test
	public void cancelKeepsTheFramesSoFar() {
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("8,8>24,24"));
			final int[] seen = { 0 };
			final DragResult res = new DragRunner().maxSteps(100).every(2).listener(r -> seen[0]++)
				.monitor(new sc.fiji.draggan.progress.Monitor() {

					@Override
					public boolean isCancelled() {
						return seen[0] >= 5;
					}
				}).run(s);
			assertTrue(res.cancelled);
			assertFalse(res.converged);
			assertEquals(5, res.trace.steps().size());
			// steps 0, 2, 4 recorded, then the final image (latent after 5 updates)
			assertEquals(Arrays.asList(0, 2, 4, 5), res.frameSteps);
			assertEquals(4, res.frames.size());
			// continuing the same session picks up where it stopped
			final DragResult more = new DragRunner().maxSteps(2).run(s);
			assertEquals(5, more.trace.steps().get(0).step);
			assertEquals(7, s.steps());
		}
	}

	@Test
	public void badInputGivesClearErrors() {
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			expect(() -> s.step(false), "set the points");
			expect(() -> s.setPoints(Collections.<PointPair> emptyList()), "no points");
			expect(() -> s.setPoints(pairs("5,5>32,5")), "outside the 32x32 image");
			expect(() -> s.setPoints(pairs("-1,5>3,5")), "outside");
			expect(() -> s.setMask(new EditRegion(64, 64, new boolean[64 * 64])), "must be 32x32");
		}
		expect(() -> new DragSession(generator, new float[10], params(0.01)), "start latent");
		final DragParameters p = params(0.01);
		p.featureBlock = 9;
		expect(() -> new DragSession(generator, w0, p), "feature block");
		expect(() -> new DragRunner().every(-1), "--every");
	}

	private static void expect(final Runnable r, final String fragment) {
		try {
			r.run();
			fail("no error, expected one mentioning '" + fragment + "'");
		}
		catch (final IllegalArgumentException | IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}

	@Test
	public void stepsDoNotGrowNativeMemoryManagers() {
		try (DragSession s = new DragSession(generator, w0, params(0.01))) {
			s.setPoints(pairs("8,8>24,24;20,20>20,10"));
			final float[] editable = new float[RES * RES];
			Arrays.fill(editable, 0, RES * RES / 2, 1);
			s.setMask(EditRegion.nonzero(RES, RES, editable));
			s.step(true);
			final int before = generator.manager().getManagedArrays().size();
			final int rootBefore = root.getManagedArrays().size();
			for (int i = 0; i < 3; i++) s.step(i % 2 == 0);
			s.render();
			assertEquals(before, generator.manager().getManagedArrays().size());
			assertEquals(rootBefore, root.getManagedArrays().size());
			// only the latent gets gradients, never the generator's weights
			for (final ai.djl.ndarray.NDArray w : generator.weights().values()) assertFalse(w.hasGradient());
		}
	}

	/**
	 * Native arrays must not depend on Java objects that a garbage collection may free while
	 * autograd still needs them: a GC between forward and backward must not change the update.
	 * (DJL's scalar ops, e.g. {@code x.mul(2.0)}, give autograd a scalar tensor over a Java buffer
	 * that they release at once.)
	 */
	@Test
	public void garbageCollectionDuringAStepChangesNothing() {
		final float[][] ws = new float[2][];
		for (int gc = 0; gc < 2; gc++) {
			try (DragSession s = new DragSession(generator, w0, params(0.05))) {
				s.setPoints(pairs("8,8>24,24"));
				final float[] editable = new float[RES * RES];
				Arrays.fill(editable, 0, RES * RES / 2, 1);
				s.setMask(EditRegion.nonzero(RES, RES, editable));
				s.step(false); // mask term is zero at the first step; the second has a gradient
				if (gc == 1) s.afterForward = () -> {
					for (int i = 0; i < 3; i++) System.gc();
					byte[][] junk = new byte[64][];
					for (int i = 0; i < junk.length; i++) junk[i] = new byte[1 << 20];
					System.gc();
				};
				s.step(false);
				ws[gc] = s.ws();
			}
		}
		assertArrayEquals(ws[0], ws[1], 0f);
	}
}
