package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.StyleGan2Generator;

/**
 * Reproduces the official drag trace {@code drag/small-lr0.02} (20 steps of the official loop on the
 * 64 px fixture generator, with a mask): tracked points at every step, loss terms, latents, 8-bit
 * images per step and the final image.
 */
public class DragFixtureTest {

	private static NDManager root;
	private static StyleGan2Generator generator;
	private static Path dir;

	@BeforeClass
	public static void load() throws Exception {
		dir = Fixtures.dir("drag/small-lr0.02");
		final Path pkl = Fixtures.dir("stylegan2/small").resolve("stylegan2-small-64x64.pkl");
		System.setProperty("ai.djl.offline", "true");
		root = NDManager.newBaseManager(Device.cpu());
		final Checkpoint cp = ModelLoader.load(pkl);
		generator = new StyleGan2Generator(cp.generatorConfig(), cp.generator(), root, Device.cpu());
	}

	@AfterClass
	public static void close() {
		if (generator != null) generator.close();
		if (root != null) root.close();
	}

	static DragParameters fixtureParameters() {
		final DragParameters p = new DragParameters();
		p.learningRate = 0.02;
		p.lambdaMask = 20;
		p.r1 = 3; // official r1 = 24 "units" at 64 px
		p.r2 = 12; // official r2 = 96
		p.featureBlock = 3;
		return p;
	}

	/** The fixture's mask (official: 1 = fixed) in our convention (nonzero = may change). */
	static float[] editableMask(final Path dir) throws Exception {
		final float[] fixed = Npy.read(dir.resolve("mask.npy")).toFloats();
		final float[] editable = new float[fixed.length];
		for (int i = 0; i < fixed.length; i++) editable[i] = fixed[i] == 0 ? 1 : 0;
		return editable;
	}

	@Test
	public void reproducesTheOfficialTrace() throws Exception {
		final float[] w0 = Npy.read(dir.resolve("w0.npy")).toFloats();
		final int[] points = Npy.read(dir.resolve("points.npy")).toInts(); // [20, 1, 2] row, col
		final float[] losses = Npy.read(dir.resolve("losses.npy")).toFloats(); // [20, 3]
		final float[] wsPerStep = Npy.read(dir.resolve("ws_per_step.npy")).toFloats(); // [21, 10, 128]
		final double[] u8 = Npy.read(dir.resolve("images_uint8_per_step.npy")).values; // [20, 64, 64, 3]
		final float[] imgFinal = Npy.read(dir.resolve("img_final.npy")).toFloats();
		final int steps = 20, n = 64 * 64, wsLen = 10 * 128;
		double maxLossRel = 0, maxWs = 0, stepMs = 0;
		int maxU8 = 0, u8Diffs = 0;
		try (DragSession s = new DragSession(generator, w0, fixtureParameters())) {
			s.setPoints(Collections.singletonList(new PointPair(30, 24, 40, 34)));
			s.setMask(EditRegion.nonzero(64, 64, editableMask(dir)));
			assertTrue(s.hasMaskTerm());
			for (int k = 0; k < steps; k++) {
				final StepResult r = s.step(true);
				assertEquals(k, r.step);
				if (System.getProperty("draggan.debug") != null) {
					double e = 0;
					final float[] wsNow = s.ws();
					for (int i = 0; i < wsLen; i++) e = Math.max(e, Math.abs(wsNow[i] - wsPerStep[(k + 1) * wsLen + i]));
					System.out.println("step " + k + " point " + java.util.Arrays.toString(r.points.get(0)) + " ws err after " + e +
						" losses " + r.lossMotion + " " + r.lossMask + " ref " + losses[3 * k] + " " + losses[3 * k + 1]);
				}
				assertEquals("row at step " + k, points[2 * k], r.points.get(0)[1], 0);
				assertEquals("col at step " + k, points[2 * k + 1], r.points.get(0)[0], 0);
				assertFalse(r.stop);
				final double[] got = { r.lossMotion, r.lossMask, r.lossTotal };
				for (int t = 0; t < 3; t++) {
					final double ref = losses[3 * k + t];
					if (ref == 0) assertEquals(0, got[t], 1e-7);
					else maxLossRel = Math.max(maxLossRel, Math.abs(got[t] - ref) / Math.abs(ref));
				}
				// latent after this step's update
				final float[] ws = s.ws();
				for (int i = 0; i < wsLen; i++) maxWs = Math.max(maxWs, Math.abs(ws[i] - wsPerStep[(k + 1) * wsLen + i]));
				// 8-bit image of this step (HWC in the fixture, CHW here)
				final byte[] mine = r.image.toUint8();
				for (int c = 0; c < 3; c++)
					for (int p = 0; p < n; p++) {
						final int d = Math.abs((mine[c * n + p] & 0xff) - (int) u8[(k * n + p) * 3 + c]);
						maxU8 = Math.max(maxU8, d);
						if (d != 0) u8Diffs++;
					}
				if (k > 0) stepMs += r.millis;
			}
			final GeneratorImage fin = s.render();
			final double finErr = Fixtures.maxAbsDiff(fin.data, imgFinal);
			System.out.println(String.format(Locale.ROOT,
				"drag/small-lr0.02: points equal at all %d steps; max loss rel err %.2e; max ws err %.2e; " +
					"uint8 max diff %d (%d of %d values differ); final image max err %.2e; mean step %.1f ms",
				steps, maxLossRel, maxWs, maxU8, u8Diffs, steps * 3 * n, finErr, stepMs / (steps - 1)));
			assertTrue("loss rel err " + maxLossRel, maxLossRel < 1e-3);
			assertTrue("ws err " + maxWs, maxWs < 1e-3);
			assertTrue("uint8 diff " + maxU8, maxU8 <= 1);
			assertTrue("final image err " + finErr, finErr < 1e-3);
		}
	}

	@Test
	public void referenceFeatureMatchesTheFixture() throws Exception {
		final float[] w0 = Npy.read(dir.resolve("w0.npy")).toFloats();
		final float[] ref = Npy.read(dir.resolve("feat_ref.npy")).toFloats();
		try (DragSession s = new DragSession(generator, w0, fixtureParameters())) {
			s.setPoints(Collections.singletonList(new PointPair(30, 24, 40, 34)));
			final StepResult r = s.step(false);
			assertEquals(0.0, r.lossMask, 0);
			assertEquals(null, r.image);
			assertArrayEquals(ref, s.referenceFeature(0), 1e-4f);
		}
	}
}
