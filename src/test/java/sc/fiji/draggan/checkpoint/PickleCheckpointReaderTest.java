package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;


import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;

/** Official fixture pickles read in pure Java against the values the official code dumped (fixtures README). */
public class PickleCheckpointReaderTest {

	static Path pkl(final String fixture) throws IOException {
		final Path dir = Fixtures.dir("stylegan2/" + fixture);
		final JsonObject pklInfo = fixtureJson(fixture).getAsJsonObject("pkl");
		return dir.resolve(pklInfo.get("file").getAsString());
	}

	static JsonObject fixtureJson(final String fixture) throws IOException {
		final Path f = Fixtures.dir("stylegan2/" + fixture).resolve("fixture.json");
		return JsonParser.parseString(new String(java.nio.file.Files.readAllBytes(f), "UTF-8")).getAsJsonObject();
	}

	@Test
	public void tinyStateDictEqualsOfficialStateDictBitForBit() throws IOException {
		final Checkpoint c = PickleCheckpointReader.read(pkl("tiny"));
		final Map<String, Npy.Array> expected = FixtureNpz.read(Fixtures.dir("stylegan2/tiny").resolve("G_ema_state.npz"));
		final StateDict g = c.generator();
		assertEquals("names and order", new ArrayList<>(expected.keySet()), new ArrayList<>(g.asMap().keySet()));
		for (final Map.Entry<String, Npy.Array> e : expected.entrySet()) {
			final TensorData t = g.get(e.getKey());
			assertArrayEquals(e.getKey(), e.getValue().shape, t.shape());
			final float[] want = e.getValue().toFloats();
			final float[] got = t.data();
			for (int i = 0; i < want.length; i++) {
				if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i]))
					throw new AssertionError(e.getKey() + "[" + i + "]: " + got[i] + " != " + want[i]);
			}
		}
	}

	/** Expected config: the fixture's init kwargs, with the constructor defaults of docs/algorithm.md#hyper-parameters where absent. */
	private static void assertConfigMatchesKwargs(final String fixture, final GeneratorConfig c) throws IOException {
		final JsonObject kw = fixtureJson(fixture).getAsJsonObject("pkl").getAsJsonObject("G_ema_init_kwargs");
		assertEquals(kw.get("z_dim").getAsInt(), c.zDim);
		assertEquals(kw.get("w_dim").getAsInt(), c.wDim);
		assertEquals(kw.get("c_dim").getAsInt(), c.cDim);
		assertEquals(kw.get("img_resolution").getAsInt(), c.imgResolution);
		assertEquals(kw.get("img_channels").getAsInt(), c.imgChannels);
		assertEquals(kw.getAsJsonObject("mapping_kwargs").get("num_layers").getAsInt(), c.mappingLayers);
		assertEquals(kw.get("channel_base").getAsInt(), c.channelBase);
		assertEquals(kw.get("channel_max").getAsInt(), c.channelMax);
		assertEquals(kw.has("num_fp16_res") ? kw.get("num_fp16_res").getAsInt() : 4, c.numFp16Res);
		final Double clamp = !kw.has("conv_clamp") ? Double.valueOf(256) : kw.get("conv_clamp").isJsonNull() ? null : kw.get("conv_clamp").getAsDouble();
		assertEquals(clamp, c.convClamp);
		assertEquals(kw.has("architecture") ? kw.get("architecture").getAsString() : "skip", c.architecture);
		// never in these fixtures' kwargs: constructor defaults
		assertEquals(0.01, c.mappingLrMultiplier, 0);
		assertEquals(0.998, c.wAvgBeta, 0);
		assertNull(c.embedFeatures);
		assertNull(c.layerFeatures);
		assertArrayEquals(new float[] { 1, 3, 3, 1 }, c.resampleFilter, 0);
		assertTrue(c.useNoise);
	}

	@Test
	public void configsAreInitKwargsPlusConstructorDefaults() throws IOException {
		for (final String f : new String[] { "tiny", "small", "gray" }) assertConfigMatchesKwargs(f, PickleCheckpointReader.read(pkl(f)).generatorConfig());
	}

	@Test
	public void grayFixtureGetsTheSynthesisDefaults() throws IOException {
		final GeneratorConfig c = PickleCheckpointReader.read(pkl("gray")).generatorConfig();
		assertEquals("absent conv_clamp means 256 (docs/algorithm.md#clamp-and-fp16)", Double.valueOf(256), c.convClamp);
		assertEquals(4, c.numFp16Res);
		assertEquals(1, c.imgChannels);
		final GeneratorConfig tiny = PickleCheckpointReader.read(pkl("tiny")).generatorConfig();
		assertNull("explicit None conv_clamp means no clamp", tiny.convClamp);
		assertEquals(0, tiny.numFp16Res);
	}

	@Test
	public void wAvgParameterCountsAndDiscriminatorMatchTheFixtures() throws IOException {
		for (final String f : new String[] { "tiny", "small", "gray" }) {
			final Checkpoint c = PickleCheckpointReader.read(pkl(f));
			final JsonObject info = fixtureJson(f).getAsJsonObject("pkl");
			final float[] wAvg = Fixtures.npy(Fixtures.dir("stylegan2/" + f), "w_avg.npy").toFloats();
			assertArrayEquals(f + " w_avg", wAvg, c.generator().get("mapping.w_avg").data(), 0f);
			assertEquals(f + " G_ema params", info.get("G_ema_num_params").getAsLong(), c.generator().numParameters());
			assertEquals(f + " G_ema buffer values", info.get("G_ema_num_buffer_elems").getAsLong(),
				c.generator().numElements() - c.generator().numParameters());
			assertNotNull(f + " has D", c.discriminator());
			assertEquals(f + " D params", info.get("D_num_params").getAsLong(), c.discriminator().numParameters());
			assertEquals(f + " D kwargs", PlainValues.fromJson(info.getAsJsonObject("D_init_kwargs").toString()), c.discriminatorKwargs());
			assertEquals(pkl(f).toString(), c.source());
		}
	}

	@Test
	public void stateDictNamesFollowSpecLayout() throws IOException {
		final StateDict g = PickleCheckpointReader.read(pkl("small")).generator();
		// docs/algorithm.md#parameter-names: per block resample_filter, conv0.*, conv1.*, torgb.*; 64 px => blocks 4..64
		assertArrayEquals(new long[] { 128, 4, 4 }, g.get("synthesis.b4.const").shape());
		assertArrayEquals(new long[] {}, g.get("synthesis.b8.conv0.noise_strength").shape());
		assertArrayEquals(new long[] { 64, 64 }, g.get("synthesis.b64.conv1.noise_const").shape());
		assertArrayEquals(new long[] { 4, 4 }, g.get("synthesis.b64.resample_filter").shape());
		assertTrue(g.contains("mapping.fc3.weight"));
	}
}
