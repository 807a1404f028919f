package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;

/**
 * The generator against the official reference outputs (shared/fixtures: stylegan2/*, the TensorFlow-era
 * pickle converted on load, and the non-square StyleGAN-Human generator): mapping,
 * images (batch of 3, non-fused path), per-block and per-layer outputs of seed 0 (batch 1, folded
 * path). Tolerance 1e-4 (the official code itself differs by 5e-5 between batched and single runs).
 */
@RunWith(Parameterized.class)
public class GeneratorFixtureTest {

	private static final double TOL = 1e-4;

	@Parameters(name = "{0}")
	public static Collection<Object[]> fixtures() {
		return Arrays.asList(new Object[][] { { "stylegan2/tiny" }, { "stylegan2/small" }, { "stylegan2/gray" }, { "tf/f32" },
			{ "stylegan_human/h64" } });
	}

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

	private final String name;

	public GeneratorFixtureTest(final String name) {
		this.name = name;
	}

	private Path dir() {
		return Fixtures.dir(name);
	}

	/** The generator as a user loads it: the official .pkl through {@link ModelLoader}. */
	private StyleGan2Generator load(final NDManager parent) throws IOException {
		final Checkpoint ck = checkpoint();
		return new StyleGan2Generator(ck.generatorConfig(), ck.generator(), parent, Device.cpu());
	}

	private static final Map<String, Checkpoint> LOADED = new java.util.HashMap<>();

	private Checkpoint checkpoint() throws IOException {
		Checkpoint ck = LOADED.get(name);
		if (ck == null) LOADED.put(name, ck = ModelLoader.load(pkl(dir())));
		return ck;
	}

	private static Path pkl(final Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			// tf/f32 also holds the official converter's output: the test reads the TensorFlow pickle itself
			return files.filter(f -> f.getFileName().toString().endsWith(".pkl") && !f.getFileName().toString().contains("-converted")).findFirst()
				.orElseThrow(() -> new IOException("no .pkl in " + dir));
		}
	}

	@Test
	public void pickleConfigAndWeightsAreWhatTheFixtureDescribes() throws IOException {
		final Path dir = dir();
		final Checkpoint ck = checkpoint();
		final GeneratorConfig expected = FixtureModels.config(dir);
		assertEquals(expected.toJson(), ck.generatorConfig().toJson());
		// tiny also ships the state dict as .npz: identical tensors
		final Path npz = dir.resolve("G_ema_state.npz");
		if (Files.isRegularFile(npz)) {
			final StateDict fromNpz = FixtureModels.readNpz(npz);
			assertEquals(fromNpz.size(), ck.generator().size());
			for (final Map.Entry<String, TensorData> e : fromNpz.asMap().entrySet()) {
				assertArrayEquals(e.getKey(), e.getValue().data(), ck.generator().get(e.getKey()).data(), 0f);
			}
		}
	}

	@Test
	public void mappingMatchesOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray z = array(m, dir, "z.npy");
			check("ws_psi1", g.mapping(z, null, 1, -1), dir, "ws_psi1.npy");
			check("ws_psi0.7", g.mapping(z, null, 0.7, -1), dir, "ws_psi0.7.npy");
			check("w_avg", g.wAvg(), dir, "w_avg.npy");
			final List<NDArray> layers = g.mappingNetwork().layers(z, null);
			check("mapping fc0 input", layers.get(0), dir, "mapping/fc0_input.npy");
			for (int i = 1; i < layers.size(); i++) check("mapping fc" + (i - 1), layers.get(i), dir, "mapping/fc" + (i - 1) + ".npy");
		}
	}

	@Test
	public void truncationCutoffOnlyTouchesTheFirstWs() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray z = array(m, dir, "z.npy");
			final int k = 3;
			final float[] cut = g.mapping(z, null, 0.7, k).toFloatArray();
			final float[] t = g.mapping(z, null, 0.7, -1).toFloatArray();
			final float[] full = g.mapping(z, null, 1, -1).toFloatArray();
			final int numWs = g.config().numWs(), w = g.config().wDim;
			for (int n = 0; n < 3; n++) for (int i = 0; i < numWs; i++) for (int j = 0; j < w; j++) {
				final int idx = (n * numWs + i) * w + j;
				assertEquals(i < k ? t[idx] : full[idx], cut[idx], 0f);
			}
		}
	}

	@Test
	public void batchImagesMatchOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray ws1 = array(m, dir, "ws_psi1.npy");
			check("img_const_psi1", g.synthesis(ws1, new SynthesisOptions()).image(), dir, "img_const_psi1.npy");
			check("img_const_psi0.7", g.synthesis(array(m, dir, "ws_psi0.7.npy"), new SynthesisOptions()).image(), dir,
				"img_const_psi0.7.npy");
			check("img_none_psi1", g.synthesis(ws1, new SynthesisOptions().noise(NoiseMode.NONE)).image(), dir, "img_none_psi1.npy");
		}
	}

	@Test
	public void singleSampleBlocksMatchOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray ws0 = array(m, dir, "ws_psi1.npy").get("0:1");
			final Synthesis s = g.synthesis(ws0, new SynthesisOptions().blockImages(true));
			final int nb = g.numBlocks();
			assertEquals(nb, s.features().size());
			assertEquals(nb, s.blockImages().size());
			for (int b = 0; b < nb; b++) {
				final int r = 4 << b;
				check("b" + r + "_x", s.features().get(b), dir, "blocks/b" + r + "_x.npy");
				check("b" + r + "_img", s.blockImages().get(b), dir, "blocks/b" + r + "_img.npy");
			}
			check("img seed 0", s.image(), dir, "img_const_psi1.npy", 0);
		}
	}

	@Test
	public void singleLayersMatchOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray ws0 = array(m, dir, "ws_psi1.npy").get("0:1");
			final SynthesisNetwork net = g.synthesisNetwork();
			for (int b = 0; b < g.numBlocks(); b++) {
				final int r = 4 << b;
				final SynthesisBlock block = net.block(b);
				final NDArray x = array(m, dir, "blocks/b" + r + "_x.npy");
				check("b" + r + "_torgb", block.torgb().forward(x, SynthesisBlock.w(ws0, 2 * b + 1, m)), dir, "layers/b" + r + "_torgb.npy");
				if (b == 0) continue;
				final NDArray in = array(m, dir, "blocks/b" + (r / 2) + "_x.npy");
				check("b" + r + "_conv0", block.conv0().forward(in, SynthesisBlock.w(ws0, 2 * b - 1, m), NoiseMode.CONST, null, false), dir,
					"layers/b" + r + "_conv0.npy");
			}
		}
	}

	@Test
	public void lastBlockStopsEarlyWithTheSameFeatures() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray ws = array(m, dir, "ws_psi0.7.npy").get("0:1");
			final Synthesis full = g.synthesis(ws, new SynthesisOptions());
			final int stop = g.numBlocks() - 2;
			final Synthesis part = g.synthesis(ws, new SynthesisOptions().lastBlock(stop));
			assertEquals(stop + 1, part.features().size());
			assertNull(part.image());
			for (int b = 0; b <= stop; b++) {
				assertArrayEquals(full.features().get(b).toFloatArray(), part.features().get(b).toFloatArray(), 0f);
			}
			final Synthesis noImage = g.synthesis(ws, new SynthesisOptions().image(false));
			assertNull(noImage.image());
			assertArrayEquals(full.features().get(g.numBlocks() - 1).toFloatArray(),
				noImage.features().get(g.numBlocks() - 1).toFloatArray(), 0f);
		}
	}

	@Test
	public void randomNoiseIsReproducibleAndChangesTheImage() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan2Generator g = load(root)) {
			final NDArray ws = array(m, dir, "ws_psi1.npy").get("1:2");
			final float[] c = g.synthesis(ws, new SynthesisOptions()).image().toFloatArray();
			final float[] r1 = g.synthesis(ws, new SynthesisOptions().noise(NoiseMode.RANDOM).noiseSeed(7)).image().toFloatArray();
			final float[] r2 = g.synthesis(ws, new SynthesisOptions().noise(NoiseMode.RANDOM).noiseSeed(7)).image().toFloatArray();
			final float[] r3 = g.synthesis(ws, new SynthesisOptions().noise(NoiseMode.RANDOM).noiseSeed(8)).image().toFloatArray();
			assertArrayEquals(r1, r2, 0f);
			assertTrue("random noise must change the image", Fixtures.maxAbsDiff(c, r1) > 1e-3);
			assertTrue("another seed must give other noise", Fixtures.maxAbsDiff(r1, r3) > 1e-3);
		}
	}

	// ---------------------------------------------------------------------------------------------

	private static NDArray array(final NDManager m, final Path dir, final String file) throws IOException {
		final Npy.Array a = Fixtures.npy(dir, file);
		return m.create(a.toFloats(), new Shape(a.shape));
	}

	private void check(final String what, final NDArray actual, final Path dir, final String file) throws IOException {
		check(what, actual, dir, file, -1);
	}

	/** row &gt;= 0: compare against that batch row of the fixture. */
	private void check(final String what, final NDArray actual, final Path dir, final String file, final int row) throws IOException {
		final Npy.Array e = Fixtures.npy(dir, file);
		float[] expected = e.toFloats();
		long[] shape = e.shape;
		if (row >= 0) {
			final int per = expected.length / (int) shape[0];
			expected = Arrays.copyOfRange(expected, row * per, (row + 1) * per);
			shape = shape.clone();
			shape[0] = 1;
		}
		assertArrayEquals(what + " shape", shape, actual.getShape().getShape());
		final double err = Fixtures.maxAbsDiff(expected, actual.toFloatArray());
		System.out.println(String.format(Locale.ROOT, "[%s] %-18s max abs err %.3g (max |ref| %.3g)", name, what, err, maxAbs(expected)));
		assertTrue(name + " " + what + ": max abs error " + err + " > " + TOL, err <= TOL);
	}

	private static double maxAbs(final float[] a) {
		double m = 0;
		for (final float v : a) m = Math.max(m, Math.abs(v));
		return m;
	}
}
