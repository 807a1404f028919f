package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;

/** Autograd through the generator: w.r.t. ws (the drag) and, on request, w.r.t. the weights (pivotal tuning). */
public class GeneratorGradientTest {

	private static NDManager root;
	private static GeneratorConfig cfg;
	private static StyleGan2Generator g;

	@BeforeClass
	public static void setUp() {
		Djl.engine();
		root = Djl.newManager(Device.cpu());
		cfg = new GeneratorConfig();
		cfg.zDim = cfg.wDim = 16;
		cfg.mappingLayers = 2;
		cfg.imgResolution = 32; // blocks b4 b8 b16 b32, numWs 8
		cfg.channelBase = 256;
		cfg.channelMax = 16;
		cfg.convClamp = 256.0;
		g = new StyleGan2Generator(cfg.validate(), ArchitectureTest.perturbed(cfg, 11), root, Device.cpu());
	}

	@AfterClass
	public static void tearDown() {
		g.close();
		root.close();
	}

	/** Σ feat[block] · R for a fixed random R (so every feature value matters). */
	private static NDArray loss(final Synthesis s, final int block, final NDManager m) {
		final NDArray f = s.features().get(block);
		final Random rnd = new Random(3);
		final float[] r = new float[(int) f.size()];
		for (int i = 0; i < r.length; i++) r[i] = (float) rnd.nextGaussian();
		return f.mul(m.create(r, f.getShape())).sum();
	}

	private static NDArray ws(final NDManager m) {
		final Random rnd = new Random(1);
		final float[] z = new float[cfg.zDim];
		for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
		return g.mapping(m.create(z, new Shape(1, cfg.zDim)), null, 0.7, -1);
	}

	@Test
	public void gradientReachesExactlyTheWsOfTheTrunk() {
		try (NDManager m = root.newSubManager()) {
			final NDArray ws = ws(m);
			ws.setRequiresGradient(true);
			final int block = 2; // b16: uses ws[0..4] (b4.conv1, b8.conv0/1, b16.conv0/1)
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				gc.backward(loss(g.synthesis(ws, new SynthesisOptions().lastBlock(block).image(false)), block, m));
			}
			final float[] grad = ws.getGradient().toFloatArray();
			for (int i = 0; i < cfg.numWs(); i++) {
				double norm = 0;
				for (int j = 0; j < cfg.wDim; j++) norm += Math.abs(grad[i * cfg.wDim + j]);
				if (i <= 4) assertTrue("ws[" + i + "] must get gradient", norm > 1e-6);
				else assertEquals("ws[" + i + "] is not used by the trunk", 0, norm, 0);
			}
			for (final NDArray w : g.weights().values()) assertFalse(w.getName() + " must not record gradient", w.hasGradient());
		}
	}

	@Test
	public void gradientMatchesFiniteDifferences() {
		try (NDManager m = root.newSubManager()) {
			final NDArray ws = ws(m);
			final float[] w0 = ws.toFloatArray();
			ws.setRequiresGradient(true);
			final int block = 3;
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				gc.backward(loss(g.synthesis(ws, new SynthesisOptions().lastBlock(block).image(false)), block, m));
			}
			final float[] grad = ws.getGradient().toFloatArray();
			// the largest-gradient coordinate of each of ws[0], ws[3], ws[6]
			for (final int i : new int[] { 0, 3, 6 }) {
				int best = i * cfg.wDim;
				for (int j = i * cfg.wDim; j < (i + 1) * cfg.wDim; j++) if (Math.abs(grad[j]) > Math.abs(grad[best])) best = j;
				// small enough not to cross many lrelu kinks, large enough for float32 (measured: eps 1e-2 is off by 3%)
				final double eps = 3e-3;
				final double fd = (lossAt(w0, best, eps, block, m) - lossAt(w0, best, -eps, block, m)) / (2 * eps);
				System.out.println("d loss / d ws[" + best + "]: autograd " + grad[best] + ", finite difference " + fd);
				assertEquals("d loss / d ws[" + best + "]", fd, grad[best], 0.02 * Math.abs(fd) + 0.05);
			}
		}
	}

	private static double lossAt(final float[] w0, final int index, final double delta, final int block, final NDManager parent) {
		try (NDManager m = parent.newSubManager()) {
			final float[] w = w0.clone();
			w[index] += (float) delta;
			final NDArray ws = m.create(w, new Shape(1, cfg.numWs(), cfg.wDim));
			return loss(g.synthesis(ws, new SynthesisOptions().lastBlock(block).image(false)), block, m).getFloat();
		}
	}

	@Test
	public void gradientUpToBlockKeepsValuesAndTrunkGradientButDetachesTheRest() {
		try (NDManager m = root.newSubManager()) {
			final int block = 1;
			final NDArray ws = ws(m);
			ws.setRequiresGradient(true);
			final Synthesis full, cut;
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				full = g.synthesis(ws, new SynthesisOptions());
				gc.backward(loss(full, block, m));
			}
			final float[] gradFull = ws.getGradient().toFloatArray();
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				cut = g.synthesis(ws, new SynthesisOptions().gradientUpToBlock(block));
				gc.zeroGradients();
				// the image and the later features are detached: they add nothing to the gradient
				gc.backward(loss(cut, block, m).add(cut.image().sum()).add(cut.features().get(block + 1).sum()));
			}
			assertArrayEquals(gradFull, ws.getGradient().toFloatArray(), 1e-5f);
			assertArrayEquals(full.image().toFloatArray(), cut.image().toFloatArray(), 1e-5f);
			for (int b = 0; b < g.numBlocks(); b++) {
				assertArrayEquals(full.features().get(b).toFloatArray(), cut.features().get(b).toFloatArray(), 1e-5f);
			}
		}
	}

	@Test
	public void weightsGetGradientOnlyWhenAsked() {
		try (NDManager m = root.newSubManager()) {
			final NDArray ws = ws(m);
			final float[] before = g.synthesis(ws, new SynthesisOptions()).image().toFloatArray();
			g.setWeightsRequireGradient(true);
			try {
				final float[] same = g.synthesis(ws, new SynthesisOptions()).image().toFloatArray();
				assertArrayEquals("per-call derived weights give the same image", before, same, 1e-5f);
				try (GradientCollector gc = Djl.engine().newGradientCollector()) {
					final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
					gc.backward(img.mul(img).mean());
				}
				for (final String name : new String[] { "synthesis.b8.conv0.weight", "synthesis.b32.torgb.bias", "synthesis.b4.const",
					"synthesis.b16.conv1.affine.weight", "synthesis.b16.conv1.noise_strength" })
				{
					final NDArray grad = g.weights().get(name).getGradient();
					assertTrue(name + " must get gradient", grad.abs().sum().getFloat() > 0);
					grad.close();
				}
			}
			finally {
				g.setWeightsRequireGradient(false);
			}
			assertArrayEquals(before, g.synthesis(ws, new SynthesisOptions()).image().toFloatArray(), 0f);
		}
	}
}
