package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.tensor.StateDict;

/**
 * Config R (1×1 convolutions, radial 2-D down filters) on a randomly initialised generator: layout,
 * geometry, a full forward pass, and every layer against an independent loop-by-loop evaluation
 * ({@link Sg3NaiveLayer}, itself checked against the official config-T outputs).
 */
public class StyleGan3ConfigRTest {

	private static NDManager root;

	@BeforeClass
	public static void engine() {
		Djl.engine();
		root = Djl.newManager(Device.cpu());
	}

	@AfterClass
	public static void closeRoot() {
		if (root != null) root.close();
	}

	/** A small config-R generator: 32 px, w 32, channel_base 512, channel_max 16. */
	static GeneratorConfig smallR() {
		final GeneratorConfig c = new GeneratorConfig();
		c.stylegan3 = new Sg3Config();
		c.stylegan3.convKernel = 1;
		c.stylegan3.useRadialFilters = true;
		c.zDim = 64;
		c.wDim = 32;
		c.mappingLayers = 2;
		c.imgResolution = 32;
		c.channelBase = 512;
		c.channelMax = 16;
		return c.validate();
	}

	@Test
	public void layoutHasRadialDownFiltersExceptInCriticalLayers() {
		final GeneratorConfig c = smallR();
		assertEquals("stylegan3-r", c.family);
		assertEquals(16, c.numWs());
		final StateDict sd = RandomWeights.create(c, 1);
		final Sg3Geometry g = new Sg3Geometry(c);
		for (final Sg3Geometry.Layer l : g.layers()) {
			assertEquals(l.name, 1, sd.get(l.prefix() + ".weight").shape()[3]);
			if (l.downTaps > 1) assertEquals(l.name, l.critical ? 1 : 2, sd.get(l.prefix() + ".down_filter").shape().length);
			assertEquals(l.name, !l.critical, l.downRadial);
		}
		Sg3Layout.check(c, sd);
	}

	@Test
	public void fullForwardHasTheDocumentedShapes() {
		final GeneratorConfig c = smallR();
		try (NDManager m = root.newSubManager(); Generator g = Generator.create(c, RandomWeights.create(c, 2), root, Device.cpu())) {
			final NDArray z = m.randomNormal(new Shape(2, c.zDim));
			final NDArray ws = g.mapping(z, null, 0.7, -1);
			assertArrayEquals(new long[] { 2, 16, 32 }, ws.getShape().getShape());
			final Synthesis s = g.synthesis(ws, new SynthesisOptions());
			assertArrayEquals(new long[] { 2, 3, 32, 32 }, s.image().getShape().getShape());
			assertEquals(15, s.features().size());
			final Sg3Geometry geo = new Sg3Geometry(c);
			for (int i = 0; i < 15; i++) {
				final Sg3Geometry.Layer l = geo.layer(i);
				assertArrayEquals(l.name, new long[] { 2, l.outChannels, l.outSize, l.outSize }, s.features().get(i).getShape().getShape());
				assertEquals(l.outSize, c.featureSize(i));
			}
			for (final float v : s.image().toFloatArray()) assertTrue(Float.isFinite(v));
		}
	}

	@Test
	public void everyLayerMatchesTheNaiveEvaluation() {
		final GeneratorConfig c = smallR();
		final StateDict sd = RandomWeights.create(c, 3);
		try (NDManager m = root.newSubManager(); StyleGan3Generator g = new StyleGan3Generator(c, sd, root, Device.cpu())) {
			final NDArray ws = g.mapping(m.randomNormal(new Shape(1, c.zDim)), null, 1, -1);
			final Synthesis s = g.synthesis(ws, new SynthesisOptions());
			final float[] wsv = ws.toFloatArray();
			NDArray x = g.input(ws);
			double worst = 0;
			for (int i = 0; i < 15; i++) {
				final Sg3Geometry.Layer l = g.geometry().layer(i);
				final float[] w = java.util.Arrays.copyOfRange(wsv, (i + 1) * c.wDim, (i + 2) * c.wDim);
				final double[][][] ref = Sg3NaiveLayer.forward(c, l, sd, cube(x, l.inChannels, l.inSize), w);
				final NDArray got = s.features().get(i);
				worst = Math.max(worst, relErr(ref, got.toFloatArray()));
				x = got;
			}
			System.out.println(String.format(Locale.ROOT, "sg3 config R (random): worst layer rel. err vs naive %.2e", worst));
			assertTrue("worst relative error " + worst, worst < 1e-4);
		}
	}

	/** The naive evaluation reproduces the official config-T layers (so it is a valid reference). */
	@Test
	public void naiveEvaluationReproducesOfficialConfigT() throws IOException {
		final Path dir = StyleGan3FixtureTest.dir();
		final GeneratorConfig c = StyleGan3FixtureTest.config(dir);
		final StateDict sd = FixtureModels.readNpz(dir.resolve("G_ema_state.npz"));
		final float[] ws = Npy.read(dir.resolve("ws_psi1.npy")).toFloats();
		final Sg3Geometry geo = new Sg3Geometry(c);
		final int[][] pairs = { { 4, 5 }, { 12, 13 }, { 13, 14 } }; // L5: up 4, margin grows; L13: crop; L14: ToRGB
		try (NDManager m = root.newSubManager()) {
			for (final int[] pr : pairs) {
				final Sg3Geometry.Layer l = geo.layer(pr[1]);
				final Npy.Array in = Npy.read(dir.resolve("features/L" + pr[0] + ".npy"));
				final NDArray inArr = m.create(in.toFloats(), new Shape(in.shape));
				final float[] w = java.util.Arrays.copyOfRange(ws, (pr[1] + 1) * c.wDim, (pr[1] + 2) * c.wDim);
				final double[][][] ref = Sg3NaiveLayer.forward(c, l, sd, cube(inArr, l.inChannels, l.inSize), w);
				final float[] official = Npy.read(dir.resolve("features/L" + pr[1] + ".npy")).toFloats();
				final double e = relErr(ref, official);
				assertTrue(l.name + ": " + e, e < 1e-4);
			}
		}
	}

	private static double[][][] cube(final NDArray x, final int ch, final int size) {
		final float[] v = x.toFloatArray();
		final double[][][] c = new double[ch][size][size];
		for (int i = 0; i < ch; i++) for (int r = 0; r < size; r++) for (int q = 0; q < size; q++) c[i][r][q] = v[(i * size + r) * size + q];
		return c;
	}

	/** max |a − b| / max(1e-3, max |a|). */
	private static double relErr(final double[][][] ref, final float[] got) {
		double scale = 1e-3, err = 0;
		int idx = 0;
		assertEquals(ref.length * ref[0].length * ref[0][0].length, got.length);
		for (final double[][] plane : ref)
			for (final double[] row : plane)
				for (final double v : row) {
					scale = Math.max(scale, Math.abs(v));
					err = Math.max(err, Math.abs(v - got[idx++]));
				}
		return err / scale;
	}

	/**
	 * Weight gradients (pivotal tuning) survive a garbage collection between forward and backward:
	 * the per-call filter kernels and sample grids entering the graph are owned by libtorch.
	 */
	@Test
	public void weightGradientsSurviveAGarbageCollectionBeforeBackward() {
		final GeneratorConfig c = smallR();
		final float[][] grads = new float[2][];
		for (int run = 0; run < 2; run++) {
			try (NDManager m = root.newSubManager(); StyleGan3Generator g = new StyleGan3Generator(c, RandomWeights.create(c, 4), root,
				Device.cpu()))
			{
				g.setWeightsRequireGradient(true);
				final float[] z = new float[c.zDim];
				final java.util.Random r = new java.util.Random(5);
				for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
				final NDArray ws = g.mapping(m.create(z, new Shape(1, c.zDim)), null, 1, -1).stopGradient();
				try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
					final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
					final NDArray loss = img.square().sum();
					if (run == 1) {
						for (int i = 0; i < 3; i++) {
							System.gc();
							byte[][] junk = new byte[64][];
							for (int j = 0; j < junk.length; j++) junk[j] = new byte[1 << 16];
						}
					}
					gc.backward(loss);
				}
				grads[run] = g.weights().get(g.geometry().layer(3).prefix() + ".weight").getGradient().toFloatArray();
				g.setWeightsRequireGradient(false);
			}
		}
		double norm = 0;
		for (final float v : grads[0]) {
			assertTrue(Float.isFinite(v));
			norm += v * v;
		}
		assertTrue("a nonzero gradient", norm > 0);
		assertArrayEquals(grads[0], grads[1], 1e-5f * (float) Math.sqrt(norm));
	}
}
