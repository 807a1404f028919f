package sc.fiji.draggan.checkpoint;

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
}
