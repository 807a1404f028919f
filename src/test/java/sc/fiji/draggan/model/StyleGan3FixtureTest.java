package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.io.Npy;

/**
 * The StyleGAN3 generator against the official reference outputs (shared/fixtures/stylegan3/t32,
 * config T): layer geometry, mapping, the input layer, every dumped layer output (margins included)
 * and the images, at 1e-4.
 */
public class StyleGan3FixtureTest {

	private static final double TOL = 1e-4;
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

	static Path dir() {
		return Fixtures.dir("stylegan3/t32");
	}

	static JsonObject fixtureJson(final Path dir) throws IOException {
		return JsonParser.parseString(new String(Files.readAllBytes(dir.resolve("fixture.json")), StandardCharsets.UTF_8))
			.getAsJsonObject();
	}

	/** The t32 configuration from fixture.json's init kwargs (constructor defaults otherwise). */
	static GeneratorConfig config(final Path dir) throws IOException {
		final JsonObject k = fixtureJson(dir).getAsJsonObject("pkl").getAsJsonObject("G_ema_init_kwargs");
		final GeneratorConfig c = new GeneratorConfig();
		c.stylegan3 = new Sg3Config();
		c.zDim = k.get("z_dim").getAsInt();
		c.wDim = k.get("w_dim").getAsInt();
		c.cDim = k.get("c_dim").getAsInt();
		c.imgResolution = k.get("img_resolution").getAsInt();
		c.imgChannels = k.get("img_channels").getAsInt();
		c.channelBase = k.get("channel_base").getAsInt();
		c.channelMax = k.get("channel_max").getAsInt();
		c.mappingLayers = k.getAsJsonObject("mapping_kwargs").get("num_layers").getAsInt();
		c.stylegan3.magnitudeEmaBeta = k.get("magnitude_ema_beta").getAsDouble();
		return c.validate();
	}

	private static StyleGan3Generator load(final NDManager parent) throws IOException {
		final Path dir = dir();
		return new StyleGan3Generator(config(dir), FixtureModels.readNpz(dir.resolve("G_ema_state.npz")), parent, Device.cpu());
	}

	@Test
	public void geometryIsTheOfficialOne() throws IOException {
		final Path dir = dir();
		final JsonObject syn = fixtureJson(dir).getAsJsonObject("architecture").getAsJsonObject("synthesis");
		final Sg3Geometry g = new Sg3Geometry(config(dir));
		final JsonObject in = syn.getAsJsonObject("input");
		assertEquals(in.get("channels").getAsInt(), g.inputChannels);
		assertEquals(in.getAsJsonArray("size").get(0).getAsInt(), g.inputSize);
		assertEquals(in.get("sampling_rate").getAsDouble(), g.inputSamplingRate, 0);
		assertEquals(in.get("bandwidth").getAsDouble(), g.inputBandwidth, 1e-12);
		final JsonArray layers = syn.getAsJsonArray("layers");
		assertEquals(layers.size(), g.layers().size());
		for (int i = 0; i < layers.size(); i++) {
			final JsonObject l = layers.get(i).getAsJsonObject();
			final Sg3Geometry.Layer x = g.layer(i);
			assertEquals(l.get("name").getAsString(), x.name);
			assertEquals(x.name, l.get("is_torgb").getAsBoolean(), x.torgb);
			assertEquals(x.name, l.get("is_critically_sampled").getAsBoolean(), x.critical);
			assertEquals(x.name, l.get("in_channels").getAsInt(), x.inChannels);
			assertEquals(x.name, l.get("in_size").getAsJsonArray().get(0).getAsInt(), x.inSize);
			assertEquals(x.name, l.get("conv_kernel").getAsInt(), x.kernel);
			assertEquals(x.name, l.get("up_factor").getAsInt(), x.upFactor);
			assertEquals(x.name, l.get("down_factor").getAsInt(), x.downFactor);
			assertEquals(x.name, l.get("up_taps").getAsInt(), x.upTaps);
			assertEquals(x.name, l.get("down_taps").getAsInt(), x.downTaps);
			assertEquals(x.name, l.get("down_radial").getAsBoolean(), x.downRadial);
			final JsonArray pad = l.getAsJsonArray("padding");
			assertEquals(x.name, pad.get(0).getAsInt(), x.padLo);
			assertEquals(x.name, pad.get(1).getAsInt(), x.padHi);
		}
	}

	@Test
	public void mappingMatchesOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan3Generator g = load(root)) {
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
	public void everyDumpedLayerMatchesOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan3Generator g = load(root)) {
			final NDArray ws0 = array(m, dir, "ws_psi1.npy").get("0:1");
			check("input", g.input(ws0), dir, "features/input.npy");
			final Synthesis s = g.synthesis(ws0, new SynthesisOptions());
			assertEquals(g.config().stylegan3.numLayers + 1, s.features().size());
			int compared = 0;
			for (int i = 0; i < s.features().size(); i++) {
				final String f = "features/L" + i + ".npy";
				if (!Files.isRegularFile(dir.resolve(f))) continue;
				check("L" + i, s.features().get(i), dir, f);
				compared++;
			}
			assertTrue(compared >= 5);
			check("img seed 0", s.image(), dir, "img_const_psi1.npy", 0);
		}
	}

	@Test
	public void batchImagesMatchOfficial() throws IOException {
		final Path dir = dir();
		try (NDManager m = root.newSubManager(); StyleGan3Generator g = load(root)) {
			check("img_const_psi1", g.synthesis(array(m, dir, "ws_psi1.npy"), new SynthesisOptions()).image(), dir, "img_const_psi1.npy");
			check("img_const_psi0.7", g.synthesis(array(m, dir, "ws_psi0.7.npy"), new SynthesisOptions()).image(), dir,
				"img_const_psi0.7.npy");
		}
	}

	static NDArray array(final NDManager m, final Path dir, final String file) throws IOException {
		final Npy.Array a = Npy.read(dir.resolve(file));
		return m.create(a.toFloats(), new Shape(a.shape));
	}

	private static void check(final String what, final NDArray actual, final Path dir, final String file) throws IOException {
		final Npy.Array e = Npy.read(dir.resolve(file));
		assertArrayEquals(what + " shape", e.shape, actual.getShape().getShape());
		final double d = Fixtures.maxAbsDiff(e.toFloats(), actual.toFloatArray());
		System.out.println(String.format(Locale.ROOT, "sg3 t32 %-18s max |diff| = %.3g", what, d));
		assertTrue(what + ": max |diff| " + d, d <= TOL);
	}

	/** Row {@code row} of a batched reference. */
	private static void check(final String what, final NDArray actual, final Path dir, final String file, final int row) throws IOException {
		final Npy.Array e = Npy.read(dir.resolve(file));
		final float[] all = e.toFloats();
		final int per = all.length / (int) e.shape[0];
		final float[] exp = java.util.Arrays.copyOfRange(all, row * per, (row + 1) * per);
		final double d = Fixtures.maxAbsDiff(exp, actual.toFloatArray());
		System.out.println(String.format(Locale.ROOT, "sg3 t32 %-18s max |diff| = %.3g", what, d));
		assertTrue(what + ": max |diff| " + d, d <= TOL);
	}
}
