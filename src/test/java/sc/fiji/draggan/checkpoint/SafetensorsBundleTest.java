package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;

import sc.fiji.draggan.tensor.StateDict;


import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** pkl → safetensors bundle → read gives the same checkpoint; the file follows the safetensors layout. */
public class SafetensorsBundleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	static void assertSameTensors(final StateDict want, final StateDict got) {
		assertEquals(new ArrayList<>(want.asMap().keySet()), new ArrayList<>(got.asMap().keySet()));
		for (final Map.Entry<String, TensorData> e : want.asMap().entrySet()) {
			final TensorData t = got.get(e.getKey());
			assertArrayEquals(e.getKey(), e.getValue().shape(), t.shape());
			final float[] a = e.getValue().data(), b = t.data();
			assertEquals(e.getKey(), a.length, b.length);
			for (int i = 0; i < a.length; i++) {
				if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) throw new AssertionError(e.getKey() + "[" + i + "] differs");
			}
		}
	}

	@Test
	public void pklToBundleAndBackIsIdentical() throws IOException {
		for (final String f : new String[] { "tiny", "gray" }) {
			final Checkpoint pkl = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl(f));
			final Path bundle = tmp.getRoot().toPath().resolve(f + ".safetensors");
			SafetensorsBundle.write(bundle, pkl);
			final Checkpoint back = ModelLoader.load(bundle);
			assertEquals(pkl.generatorConfig().toJson(), back.generatorConfig().toJson());
			assertSameTensors(pkl.generator(), back.generator());
			assertSameTensors(pkl.discriminator(), back.discriminator());
			assertEquals(pkl.discriminatorKwargs(), back.discriminatorKwargs());
			assertEquals(bundle.toString(), back.source());
		}
	}

	@Test
	public void fileFollowsTheSafetensorsLayout() throws IOException {
		final Checkpoint pkl = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Path bundle = tmp.getRoot().toPath().resolve("tiny.safetensors");
		SafetensorsBundle.write(bundle, pkl);
		final byte[] bytes = Files.readAllBytes(bundle);
		final long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertEquals("data start aligned to 8", 0, (8 + n) % 8);
		final JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonObject meta = header.getAsJsonObject("__metadata__");
		assertEquals("draggan-bundle", meta.get("format").getAsString());
		assertEquals("1", meta.get("version").getAsString());
		assertEquals(pkl.generatorConfig().toJson(), meta.get("generator_config").getAsString());
		assertTrue(meta.get("discriminator_kwargs").getAsString().contains("\"channel_base\":1024"));
		// tensors: F32, contiguous offsets covering the data section exactly, values little-endian
		long expectBegin = 0;
		final List<String> names = new ArrayList<>();
		for (final Map.Entry<String, JsonElement> e : header.entrySet()) {
			if (e.getKey().equals("__metadata__")) continue;
			names.add(e.getKey());
			final JsonObject t = e.getValue().getAsJsonObject();
			assertEquals("F32", t.get("dtype").getAsString());
			final JsonArray off = t.getAsJsonArray("data_offsets");
			assertEquals(e.getKey(), expectBegin, off.get(0).getAsLong());
			expectBegin = off.get(1).getAsLong();
		}
		assertEquals(8 + n + expectBegin, bytes.length);
		assertEquals("G_ema.synthesis.b4.const", names.get(0));
		assertTrue(names.contains("D.b32.fromrgb.weight") || names.stream().anyMatch(s -> s.startsWith("D.")));
		final JsonObject wAvg = header.getAsJsonObject("G_ema.mapping.w_avg");
		final int at = (int) (8 + n + wAvg.getAsJsonArray("data_offsets").get(0).getAsLong());
		assertEquals(pkl.generator().get("mapping.w_avg").data()[1], ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat(), 0f);
	}

	@Test
	public void bundleToBundleIsByteIdentical() throws IOException {
		final Checkpoint pkl = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Path a = tmp.getRoot().toPath().resolve("a.safetensors"), b = tmp.getRoot().toPath().resolve("b.safetensors");
		SafetensorsBundle.write(a, pkl);
		SafetensorsBundle.write(b, SafetensorsBundle.read(a));
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
	}

	@Test
	public void plainSafetensorsWithoutOurMetadataIsRefused() throws IOException {
		final String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
		final ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8)).putFloat(1f);
		final Path f = tmp.newFile("plain.safetensors").toPath();
		Files.write(f, b.array());
		ProtocolTwoPickleTest.assertMessage(f, "is not a StyleGAN2 generator checkpoint (no G_ema");
	}
}
