package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;

/**
 * The DJL generator against {@link ReferenceGenerator} (naive, double precision, straight from
 * docs/algorithm.md#generator) on architectures without official fixtures: orig, resnet, conditional, no noise, clamping,
 * batch 1 (folded weights) and batch 2 (non-fused). The reference itself is first checked against
 * the official tiny fixture.
 */
public class ArchitectureTest {

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

	@Test
	public void referenceMatchesTheOfficialTinyFixture() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/tiny");
		final GeneratorConfig cfg = FixtureModels.config(dir);
		final ReferenceGenerator ref = new ReferenceGenerator(cfg, FixtureModels.readNpz(dir.resolve("G_ema_state.npz")));
		final Npy.Array z = Fixtures.npy(dir, "z.npy");
		final double[] z0 = new double[cfg.zDim];
		for (int i = 0; i < z0.length; i++) z0[i] = (float) z.values[i];
		final double[][] ws = ref.mapping(z0, null, 0.7, -1);
		final float[] img = flat(ref.synthesis(ws));
		final float[] expected = java.util.Arrays.copyOf(Fixtures.npy(dir, "img_const_psi0.7.npy").toFloats(), img.length);
		final double err = Fixtures.maxAbsDiff(expected, img);
		assertTrue("reference vs official: " + err, err < 1e-4);
	}

	@Test
	public void skipWithClampingMatchesReference() {
		final GeneratorConfig c = small(GeneratorConfig.SKIP);
		c.convClamp = 0.6;
		compare("skip+clamp", c);
	}

	@Test
	public void origMatchesReference() {
		final GeneratorConfig c = small(GeneratorConfig.ORIG);
		c.imgChannels = 1;
		compare("orig", c);
	}

	@Test
	public void resnetMatchesReference() {
		final GeneratorConfig c = small(GeneratorConfig.RESNET);
		c.convClamp = 1.2; // hit in the trunk, not everywhere in the image
		compare("resnet", c);
	}

	@Test
	public void conditionalWithoutNoiseMatchesReference() {
		final GeneratorConfig c = small(GeneratorConfig.SKIP);
		c.cDim = 5;
		c.useNoise = false;
		c.imgChannels = 4;
		c.convClamp = null;
		compare("conditional", c);
	}

	@Test
	public void eightPixelModelMatchesReference() {
		final GeneratorConfig c = small(GeneratorConfig.SKIP);
		c.imgResolution = 8;
		compare("8px", c);
	}

	// ---------------------------------------------------------------------------------------------

	private static GeneratorConfig small(final String arch) {
		final GeneratorConfig c = new GeneratorConfig();
		c.zDim = 12;
		c.wDim = 10;
		c.mappingLayers = 2;
		c.imgResolution = 16;
		c.channelBase = 128;
		c.channelMax = 12; // 12, 12, 8, 8 channels at 4, 8, 16
		c.architecture = arch;
		return c.validate();
	}

	private static void compare(final String what, final GeneratorConfig cfg) {
		final StateDict sd = perturbed(cfg, 3);
		final ReferenceGenerator ref = new ReferenceGenerator(cfg, sd);
		final int batch = 2, cutoff = 3;
		final double psi = 0.6;
		final Random rnd = new Random(5);
		final float[] z = new float[batch * cfg.zDim], c = new float[batch * Math.max(cfg.cDim, 1)];
		for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
		for (int i = 0; i < c.length; i++) c[i] = rnd.nextInt(2);
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = new StyleGan2Generator(cfg, sd, root, Device.cpu())) {
			final NDArray cArr = cfg.cDim > 0 ? m.create(c, new Shape(batch, cfg.cDim)) : null;
			final NDArray ws = g.mapping(m.create(z, new Shape(batch, cfg.zDim)), cArr, psi, cutoff);
			final float[] wsJ = ws.toFloatArray();
			final float[] img = g.synthesis(ws, new SynthesisOptions()).image().toFloatArray();
			final int per = img.length / batch;
			for (int n = 0; n < batch; n++) {
				final double[] zn = new double[cfg.zDim], cn = cfg.cDim > 0 ? new double[cfg.cDim] : null;
				for (int i = 0; i < zn.length; i++) zn[i] = z[n * cfg.zDim + i];
				for (int i = 0; cn != null && i < cn.length; i++) cn[i] = c[n * cfg.cDim + i];
				final double[][] wsR = ref.mapping(zn, cn, psi, cutoff);
				final float[] wsRef = flat2(wsR);
				final float[] wsMine = java.util.Arrays.copyOfRange(wsJ, n * wsRef.length, (n + 1) * wsRef.length);
				assertArrayEquals(what + " ws", wsRef, wsMine, 1e-5f);
				final float[] imgRef = flat(ref.synthesis(wsR));
				final float[] batched = java.util.Arrays.copyOfRange(img, n * per, (n + 1) * per);
				final double errBatch = Fixtures.maxAbsDiff(imgRef, batched);
				// batch 1 takes the folded-weight path
				final float[] single = g.synthesis(ws.get(n + ":" + (n + 1)), new SynthesisOptions()).image().toFloatArray();
				final double errSingle = Fixtures.maxAbsDiff(imgRef, single);
				System.out.println(String.format(Locale.ROOT, "[%s] sample %d: max |ref| %.3g, err batched %.3g, single %.3g", what, n,
					maxAbs(imgRef), errBatch, errSingle));
				assertTrue(what + " batched: " + errBatch, errBatch < 1e-4);
				assertTrue(what + " single: " + errSingle, errSingle < 1e-4);
			}
		}
	}

	/** Random weights with every bias, noise strength and w_avg made non-trivial. */
	static StateDict perturbed(final GeneratorConfig cfg, final long seed) {
		final Random rnd = new Random(seed);
		final StateDict out = new StateDict();
		for (final Map.Entry<String, TensorData> e : RandomWeights.create(cfg, seed).asMap().entrySet()) {
			final String n = e.getKey();
			final float[] v = e.getValue().data().clone();
			if (n.endsWith("noise_strength")) v[0] = (float) ((rnd.nextBoolean() ? 1 : -1) * (0.1 + 0.3 * rnd.nextDouble()));
			else if (n.startsWith("mapping.fc") && n.endsWith(".bias")) for (int i = 0; i < v.length; i++) v[i] = (float) (20 * rnd.nextGaussian());
			else if (n.endsWith(".bias") || n.endsWith("w_avg")) for (int i = 0; i < v.length; i++) v[i] += (float) (0.2 * rnd.nextGaussian());
			out.put(n, new TensorData(e.getValue().shape(), v));
		}
		return out;
	}

	private static float[] flat(final double[][][] a) {
		final int c = a.length, h = a[0].length, w = a[0][0].length;
		final float[] f = new float[c * h * w];
		for (int i = 0; i < c; i++) for (int j = 0; j < h; j++) for (int k = 0; k < w; k++) f[(i * h + j) * w + k] = (float) a[i][j][k];
		return f;
	}

	private static float[] flat2(final double[][] a) {
		final float[] f = new float[a.length * a[0].length];
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) f[i * a[0].length + j] = (float) a[i][j];
		return f;
	}

	private static double maxAbs(final float[] a) {
		double m = 0;
		for (final float v : a) m = Math.max(m, Math.abs(v));
		return m;
	}
}
