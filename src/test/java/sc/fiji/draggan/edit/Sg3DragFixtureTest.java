package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * Reproduces the official drag trace {@code drag/stylegan3-lr0.02} (the unmodified official loop on
 * the 32 px StyleGAN3-T fixture generator, default feature index 5 = layer L5 with its margins,
 * resized to 32×32): tracked points and stop flag at every step (it stops at step 18), losses,
 * latents, 8-bit images and the final image.
 */
public class Sg3DragFixtureTest {

	private static NDManager root;
	private static Generator generator;
	private static Path dir;

	@BeforeClass
	public static void load() throws Exception {
		dir = Fixtures.dir("drag/stylegan3-lr0.02");
		final Path pkl = Fixtures.dir("stylegan3/t32").resolve("stylegan3-t-32x32.pkl");
		System.setProperty("ai.djl.offline", "true");
		root = NDManager.newBaseManager(Device.cpu());
		final Checkpoint cp = ModelLoader.load(pkl);
		generator = Generator.create(cp.generatorConfig(), cp.generator(), root, Device.cpu());
	}

	@AfterClass
	public static void close() {
		if (generator != null) generator.close();
		if (root != null) root.close();
	}

	/** The trace's settings; feature map and stop distance left to the defaults. */
	static DragParameters parameters() {
		final DragParameters p = new DragParameters();
		p.learningRate = 0.02;
		p.lambdaMask = 20;
		p.r1 = 2; // official r1 = 32 "units" at 32 px
		p.r2 = 6; // official r2 = 96
		return p;
	}

	@Test
	public void defaultFeatureMapIsLayer5WithItsMargins() {
		final DragParameters.Resolved r = parameters().resolve(generator.config());
		assertEquals(5, r.featureBlock);
		assertEquals(52, r.featureResolution);
		assertEquals(2.0, r.stopDistance, 0);
	}

	@Test
	public void resizedFeatureMapMatchesTheOfficialOne() throws Exception {
		final Path t32 = Fixtures.dir("stylegan3/t32");
		final Npy.Array ws = Npy.read(t32.resolve("ws_psi1.npy"));
		try (NDManager m = root.newSubManager()) {
			final NDArray w = m.create(ws.toFloats(), new Shape(ws.shape)).get("0:1");
			final NDArray feat = generator.synthesis(w, new SynthesisOptions().lastBlock(5).image(false)).features().get(5);
			final NDArray resized = new FeatureSampler(52, 52, 32, 32).window(feat, 0, 32, 0, 32);
			final double d = Fixtures.maxAbsDiff(Npy.read(t32.resolve("features/L5_resized.npy")).toFloats(), resized.toFloatArray());
			System.out.println(String.format(Locale.ROOT, "sg3 t32 L5 resized to 32x32: max |diff| = %.3g", d));
			assertTrue("resized L5 max diff " + d, d <= 1e-4);
		}
	}

	@Test
	public void reproducesTheOfficialTrace() throws Exception {
		final float[] w0 = Npy.read(dir.resolve("w0.npy")).toFloats();
		final int[] points = Npy.read(dir.resolve("points.npy")).toInts(); // [20, 1, 2] row, col
		final float[] losses = Npy.read(dir.resolve("losses.npy")).toFloats(); // [20, 3]
		final float[] wsPerStep = Npy.read(dir.resolve("ws_per_step.npy")).toFloats(); // [21, 16, 64]
		final double[] u8 = Npy.read(dir.resolve("images_uint8_per_step.npy")).values; // [20, 32, 32, 3]
		final float[] imgFinal = Npy.read(dir.resolve("img_final.npy")).toFloats();
		final float[] featRef = Npy.read(dir.resolve("feat_ref.npy")).toFloats();
		final boolean[] stops = new boolean[20];
		for (int k = 18; k < 20; k++) stops[k] = true; // trace.json: the handle reaches the target at step 18
		final int steps = 20, n = 32 * 32, wsLen = 16 * 64;
		double maxLossAbs = 0, maxWs = 0;
		int maxU8 = 0;
		try (DragSession s = new DragSession(generator, w0, parameters())) {
			s.setPoints(Collections.singletonList(new PointPair(12, 13, 22, 21)));
			for (int k = 0; k < steps; k++) {
				final StepResult r = s.step(true);
				if (k == 0) assertArrayEquals(featRef, s.referenceFeature(0), 1e-4f);
				assertEquals("row at step " + k, points[2 * k], r.points.get(0)[1], 0);
				assertEquals("col at step " + k, points[2 * k + 1], r.points.get(0)[0], 0);
				assertEquals("stop at step " + k, stops[k], r.stop);
				final double[] got = { r.lossMotion, r.lossMask, r.lossTotal };
				for (int t = 0; t < 3; t++) maxLossAbs = Math.max(maxLossAbs, Math.abs(got[t] - losses[3 * k + t]));
				final float[] ws = s.ws();
				for (int i = 0; i < wsLen; i++) maxWs = Math.max(maxWs, Math.abs(ws[i] - wsPerStep[(k + 1) * wsLen + i]));
				final byte[] mine = r.image.toUint8();
				for (int c = 0; c < 3; c++)
					for (int p = 0; p < n; p++) maxU8 = Math.max(maxU8, Math.abs((mine[c * n + p] & 0xff) - (int) u8[(k * n + p) * 3 + c]));
			}
			final GeneratorImage fin = s.render();
			final double finErr = Fixtures.maxAbsDiff(fin.data, imgFinal);
			System.out.println(String.format(Locale.ROOT,
				"drag/stylegan3-lr0.02: points and stop flags equal at all %d steps; max loss abs err %.2e; max ws err %.2e; " +
					"uint8 max diff %d; final image max err %.2e", steps, maxLossAbs, maxWs, maxU8, finErr));
			assertTrue("loss err " + maxLossAbs, maxLossAbs < 1e-4);
			assertTrue("ws err " + maxWs, maxWs <= 1e-4);
			assertTrue("uint8 diff " + maxU8, maxU8 <= 1);
			assertTrue("final image err " + finErr, finErr <= 1e-4);
		}
	}
}
