package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;


import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.draggan.model.GeneratorConfig;

/**
 * Protocol-2 network pickles written in Java (see {@link Protocol2Pickles}) from the tiny fixture's
 * tensors, with stylegan2-ada-style nested {@code synthesis_kwargs}: the reader must give back the
 * same tensors and the config the kwargs describe; wrong networks must be refused with clear messages.
 */
public class ProtocolTwoPickleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final String SRC = "class Generator(torch.nn.Module): ...\n";

	/** ada-style kwargs for the tiny fixture: synthesis settings nested, in EasyDicts. */
	private static Map<String, Object> adaKwargs(final Object convClamp, final int numFp16Res) {
		final Map<String, Object> mapping = new LinkedHashMap<>();
		mapping.put("num_layers", 2);
		final Map<String, Object> synthesis = new LinkedHashMap<>();
		synthesis.put("channel_base", 1024);
		synthesis.put("channel_max", 64);
		synthesis.put("num_fp16_res", numFp16Res);
		synthesis.put("conv_clamp", convClamp);
		final Map<String, Object> kw = new LinkedHashMap<>();
		kw.put("z_dim", 64);
		kw.put("c_dim", 0);
		kw.put("w_dim", 64);
		kw.put("img_resolution", 32);
		kw.put("img_channels", 3);
		kw.put("mapping_kwargs", new Protocol2Pickles.EasyDict(mapping));
		kw.put("synthesis_kwargs", new Protocol2Pickles.EasyDict(synthesis));
		return kw;
	}

	private Path write(final Protocol2Pickles.Module g, final Map<String, Object> kwargs, final Protocol2Pickles.Module d) throws IOException {
		g.attributes.put("_init_args", new Object[0]);
		g.attributes.put("_init_kwargs", kwargs);
		final Map<String, Object> root = new LinkedHashMap<>();
		root.put("G", g);
		if (d != null) root.put("D", d);
		root.put("G_ema", g);
		root.put("augment_pipe", null);
		final Path f = tmp.newFile("net.pkl").toPath();
		Files.write(f, Protocol2Pickles.dumps(root));
		return f;
	}

	private static Protocol2Pickles.Module generator(final Checkpoint tiny, final String src) {
		final Protocol2Pickles.Module g = Protocol2Pickles.Module.of("Generator", src, tiny.generator());
		g.attributes.put("z_dim", 64);
		g.attributes.put("img_resolution", 32);
		g.attributes.put("num_ws", 8);
		g.children.get("mapping").attributes.put("weight_gain", new Protocol2Pickles.Float64(0.125));
		return g;
	}

	@Test
	public void javaWrittenProtocol2PickleGivesTheSameTensorsAndNestedConfig() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Path f = write(generator(tiny, SRC), adaKwargs(128.0, 2), null);
		assertEquals("written with protocol 2", 2, Files.readAllBytes(f)[1]);

		final Checkpoint c = ModelLoader.load(f);
		assertEquals(new ArrayList<>(tiny.generator().asMap().keySet()), new ArrayList<>(c.generator().asMap().keySet()));
		for (final Map.Entry<String, TensorData> e : tiny.generator().asMap().entrySet()) {
			final TensorData t = c.generator().get(e.getKey());
			assertArrayEquals(e.getKey(), e.getValue().shape(), t.shape());
			assertArrayEquals(e.getKey(), e.getValue().data(), t.data(), 0f);
		}
		final GeneratorConfig cfg = c.generatorConfig();
		assertEquals(Double.valueOf(128.0), cfg.convClamp);
		assertEquals(2, cfg.numFp16Res);
		assertEquals(1024, cfg.channelBase);
		assertEquals(64, cfg.channelMax);
		assertEquals(2, cfg.mappingLayers);
		assertEquals(32, cfg.imgResolution);
		assertEquals(null, c.discriminator());
	}

	@Test
	public void explicitNoneConvClampMeansNoClamp() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Checkpoint c = ModelLoader.load(write(generator(tiny, SRC), adaKwargs(null, 4), null));
		assertEquals(null, c.generatorConfig().convClamp);
	}

	@Test
	public void styleGan3WithStyleGan2TensorsIsRefusedClearly() throws IOException {
		// StyleGAN3 is recognised by its source; StyleGAN2 tensors then miss what its layout needs
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Path f = write(generator(tiny, "class SynthesisInput(torch.nn.Module): ...\n"), adaKwargs(256, 4), null);
		assertMessage(f, "stylegan3-t generator has no tensor");
	}

	@Test
	public void wrongClassIsNotAGenerator() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Protocol2Pickles.Module m = Protocol2Pickles.Module.of("Discriminator", SRC, tiny.generator());
		assertMessage(write(m, adaKwargs(256, 4), null), "is not a StyleGAN2 generator checkpoint (G_ema is a Discriminator)");
	}

	@Test
	public void attributesDisagreeingWithKwargsAreReported() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Protocol2Pickles.Module g = generator(tiny, SRC);
		final Map<String, Object> kw = adaKwargs(256, 4);
		kw.put("img_resolution", 64); // the tensors are those of a 32 px network
		assertMessage(write(g, kw, null), "img_resolution 64 implies num_ws 10");
	}

	@Test
	public void discriminatorTensorsAreKept() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Protocol2Pickles.Module d = Protocol2Pickles.Module.of("Discriminator", SRC, tiny.discriminator());
		final Map<String, Object> dkw = new LinkedHashMap<>();
		dkw.put("c_dim", 0);
		dkw.put("conv_clamp", null);
		d.attributes.put("_init_kwargs", dkw);
		final Checkpoint c = ModelLoader.load(write(generator(tiny, SRC), adaKwargs(256, 4), d));
		assertEquals(tiny.discriminator().asMap().keySet(), c.discriminator().asMap().keySet());
		assertEquals(dkw, c.discriminatorKwargs());
	}

	@Test
	public void torchSaveZipArchiveGivesTheSameTensors() throws IOException {
		final Checkpoint tiny = PickleCheckpointReader.read(PickleCheckpointReaderTest.pkl("tiny"));
		final Protocol2Pickles.Module g = generator(tiny, SRC);
		g.attributes.put("_init_args", new Object[0]);
		g.attributes.put("_init_kwargs", adaKwargs(256, 4));
		final Map<String, Object> root = new LinkedHashMap<>();
		root.put("G_ema", g);
		final Path f = tmp.newFile("net.pt").toPath();
		Files.write(f, Protocol2Pickles.torchSaveZip(root));
		final Checkpoint c = ModelLoader.load(f);
		SafetensorsBundleTest.assertSameTensors(tiny.generator(), c.generator());
		assertEquals(Double.valueOf(256), c.generatorConfig().convClamp);
	}

	static void assertMessage(final Path f, final String expected) {
		try {
			ModelLoader.load(f);
			fail("expected an error containing: " + expected);
		}
		catch (final IOException e) {
			assertTrue("message '" + e.getMessage() + "' should contain '" + expected + "'", e.getMessage().contains(expected));
			assertTrue("one line: " + e.getMessage(), !e.getMessage().contains("\n"));
		}
	}
}
