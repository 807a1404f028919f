package sc.fiji.draggan.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import net.razorvine.pickle.Pickler;

/** Bad inputs each give a clear one-line message (an IOException naming the file and the problem). */
public class ModelLoaderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path file(final String name, final byte[] bytes) throws IOException {
		final Path f = tmp.getRoot().toPath().resolve(name);
		Files.write(f, bytes);
		return f;
	}

	private static byte[] tinyBytes() throws IOException {
		return Files.readAllBytes(PickleCheckpointReaderTest.pkl("tiny"));
	}

	@Test
	public void missingFile() {
		ProtocolTwoPickleTest.assertMessage(tmp.getRoot().toPath().resolve("nope.pkl"), "model file not found: ");
	}

	@Test
	public void emptyFile() throws IOException {
		ProtocolTwoPickleTest.assertMessage(file("empty.pkl", new byte[0]), "is empty (0 bytes), not a model file");
	}

	@Test
	public void truncatedPickleAtSeveralPlaces() throws IOException {
		final byte[] all = tinyBytes();
		// inside the module source, inside a storage blob, just before STOP
		for (final int cut : new int[] { 2, 100, 50_000, all.length / 2, all.length - 1 }) {
			ProtocolTwoPickleTest.assertMessage(file("cut" + cut + ".pkl", Arrays.copyOf(all, cut)), "is truncated or corrupt (");
		}
	}

	@Test
	public void truncatedBundle() throws IOException {
		final Path bundle = tmp.getRoot().toPath().resolve("tiny.safetensors");
		SafetensorsBundle.write(bundle, PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny")));
		final byte[] all = Files.readAllBytes(bundle);
		for (final int cut : new int[] { 12, 1000, all.length - 3 }) {
			ProtocolTwoPickleTest.assertMessage(file("cut" + cut + ".safetensors", Arrays.copyOf(all, cut)), "is truncated or corrupt (");
		}
	}

	@Test
	public void corruptedStructure() throws IOException {
		final byte[] all = tinyBytes();
		// an invalid opcode where the first module's state dict starts (see fixture opcodes: EMPTY_DICT at 41676)
		final byte[] bad = all.clone();
		bad[41676] = (byte) 0xff;
		ProtocolTwoPickleTest.assertMessage(file("opcode.pkl", bad), "is truncated or corrupt (");
		// a huge length in a BINUNICODE header (module_src at 119) must not be allocated
		final byte[] huge = all.clone();
		huge[120] = huge[121] = huge[122] = (byte) 0x7f;
		huge[123] = (byte) 0x7f;
		ProtocolTwoPickleTest.assertMessage(file("length.pkl", huge), "is truncated or corrupt (");
	}

	@Test
	public void garbageAfterPickleHeader() throws IOException {
		final Random r = new Random(7);
		for (int k = 0; k < 20; k++) {
			final byte[] b = new byte[5000];
			r.nextBytes(b);
			b[0] = (byte) 0x80;
			b[1] = 4;
			ProtocolTwoPickleTest.assertMessage(file("garbage" + k + ".pkl", b), "is truncated or corrupt (");
		}
	}

	@Test
	public void unknownFormat() throws IOException {
		ProtocolTwoPickleTest.assertMessage(file("x.pkl", "hello, this is text".getBytes("UTF-8")), "is not a StyleGAN2 checkpoint");
	}

	@Test
	public void pickleThatIsNotAGenerator() throws IOException {
		final byte[] b = new Pickler().dumps(Collections.singletonMap("a", 1));
		ProtocolTwoPickleTest.assertMessage(file("dict.pkl", b), "is not a StyleGAN2 generator checkpoint (no G_ema");
	}

	@Test
	public void loadKeepsTheDiscriminator() throws IOException {
		final Checkpoint c = ModelLoader.load(PickleCheckpointReaderTest.pkl("tiny"));
		assertTrue(c.discriminator().size() > 0);
		assertEquals(Integer.valueOf(1024), c.discriminatorKwargs().get("channel_base"));
	}

	@Test
	public void tensorFlowPickleIsRecognised() throws IOException {
		// legacy TF pickles are a 3-tuple (G, D, Gs) of dnnlib.tflib.network.Network objects; these have no state
		final java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
		p.write(new byte[] { (byte) 0x80, 2 });
		for (int i = 0; i < 3; i++) {
			p.write("cdnnlib.tflib.network\nNetwork\n".getBytes("US-ASCII"));
			p.write(new byte[] { ')', (byte) 0x81, '}', 'b' });
		}
		p.write(new byte[] { (byte) 0x87, '.' });
		ProtocolTwoPickleTest.assertMessage(file("tf.pkl", p.toByteArray()), "(Gs): the TensorFlow network has no version");
	}

	@Test
	public void concurrentLoadsGiveEqualResults() throws Exception {
		final Path f = PickleCheckpointReaderTest.pkl("small");
		final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			final java.util.List<java.util.concurrent.Future<Checkpoint>> results = new java.util.ArrayList<>();
			for (int i = 0; i < 4; i++) results.add(pool.submit(() -> ModelLoader.load(f)));
			final Checkpoint first = results.get(0).get();
			for (final java.util.concurrent.Future<Checkpoint> r : results) {
				SafetensorsBundleTest.assertSameTensors(first.generator(), r.get().generator());
				assertEquals(first.generatorConfig().toJson(), r.get().generatorConfig().toJson());
			}
		}
		finally {
			pool.shutdown();
		}
	}
}
