package sc.fiji.draggan.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * TensorFlow-era pickles built in the test (no fixtures needed): PyTorch-layout weights written in the
 * TensorFlow layout convert back to themselves for other resolutions, a conditional resnet generator
 * and non-default widths; hostile pickles (unknown kwarg, missing variable, wrong shape, old version,
 * StyleGAN1, progressive growing) fail with one line naming the problem.
 */
public class TfPickleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static GeneratorConfig config(final int res, final String architecture, final int cDim) {
		final GeneratorConfig c = new GeneratorConfig();
		c.imgResolution = res;
		c.zDim = 24;
		c.wDim = 16;
		c.cDim = cDim;
		c.channelBase = 64;
		c.channelMax = 8;
		c.mappingLayers = 3;
		c.layerFeatures = 12;
		c.architecture = architecture;
		return c.validate();
	}

	private Path write(final TfPickles.Net gs) throws IOException {
		final Path f = tmp.newFile().toPath();
		Files.write(f, TfPickles.dumps(null, null, gs));
		return f;
	}

	private void roundTrip(final GeneratorConfig c) throws IOException {
		final StateDict sd = RandomWeights.create(c, 5);
		final Checkpoint ck = ModelLoader.load(write(TfPickles.generator(c, sd)));
		final GeneratorConfig got = ck.generatorConfig();
		assertEquals(GeneratorConfig.FAMILY_STYLEGAN2_TF, got.family);
		assertEquals(c.imgResolution, got.imgResolution);
		assertEquals(c.cDim, got.cDim);
		assertEquals(c.architecture, got.architecture);
		assertEquals(c.layerFeatures, got.layerFeatures);
		assertNull("the converter sets conv_clamp None", got.convClamp);
		assertEquals(0.995, got.wAvgBeta, 0);
		assertEquals(sd.size(), ck.generator().size());
		for (final Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
			final TensorData t = ck.generator().get(e.getKey());
			assertArrayEquals(e.getKey(), e.getValue().shape(), t.shape());
			// affine biases pass through b - 1 + 1 in float32
			final double tol = e.getKey().endsWith("affine.bias") ? 1e-6 : 0;
			assertTrue(e.getKey(), Fixtures.maxAbsDiff(e.getValue().data(), t.data()) <= tol);
		}
		assertNull(ck.discriminator());
	}

	@Test
	public void skipGeneratorsOfOtherResolutionsConvertBack() throws IOException {
		roundTrip(config(8, GeneratorConfig.SKIP, 0));
		roundTrip(config(64, GeneratorConfig.SKIP, 0));
	}

	@Test
	public void conditionalResnetGeneratorConvertsBack() throws IOException {
		roundTrip(config(16, GeneratorConfig.RESNET, 3));
	}

	private TfPickles.Net valid() {
		final GeneratorConfig c = config(16, GeneratorConfig.SKIP, 0);
		return TfPickles.generator(c, RandomWeights.create(c, 1));
	}

	@Test
	public void unknownKwargIsNamed() throws IOException {
		final TfPickles.Net gs = valid();
		gs.kwargs.put("fmap_decay", 1.0);
		ProtocolTwoPickleTest.assertMessage(write(gs), "unknown TensorFlow generator kwarg 'fmap_decay'");
	}

	@Test
	public void missingVariableIsNamed() throws IOException {
		final TfPickles.Net gs = valid();
		gs.components.get("synthesis").variables.remove("16x16/Conv1/weight");
		ProtocolTwoPickleTest.assertMessage(write(gs), "has no variable synthesis/16x16/Conv1/weight (needed for synthesis.b16.conv1.weight)");
	}

	@Test
	public void wrongShapeIsNamed() throws IOException {
		final TfPickles.Net gs = valid();
		gs.components.get("synthesis").variables.put("8x8/ToRGB/mod_weight", new TensorData(new long[] { 16, 9 }, new float[16 * 9]));
		ProtocolTwoPickleTest.assertMessage(write(gs), "the TensorFlow variable for synthesis.b8.torgb.affine.weight converts to shape [9, 16] " +
			"but the network's kwargs imply [8, 16]");
		final TfPickles.Net flat = valid();
		flat.components.get("synthesis").variables.put("8x8/Conv1/weight", new TensorData(new long[] { 9, 8 }, new float[72]));
		ProtocolTwoPickleTest.assertMessage(write(flat), "TensorFlow variable synthesis/8x8/Conv1/weight has shape [9, 8], expected 4 dimensions");
	}

	@Test
	public void wrongKwargTypeIsNamed() throws IOException {
		final TfPickles.Net gs = valid();
		gs.kwargs.put("resolution", "big");
		ProtocolTwoPickleTest.assertMessage(write(gs), "TensorFlow kwarg resolution should be a whole number, got big");
	}

	@Test
	public void otherNetworksAreNamed() throws IOException {
		final TfPickles.Net old = valid();
		old.version = 3;
		ProtocolTwoPickleTest.assertMessage(write(old), "the TensorFlow generator has version 3, at least 4 is needed");
		final TfPickles.Net v1 = valid();
		v1.function = "G_style";
		v1.components.get("synthesis").function = "G_synthesis";
		ProtocolTwoPickleTest.assertMessage(write(v1), "is a StyleGAN (version 1, TensorFlow) pickle, which is not supported");
		final TfPickles.Net pro = valid();
		pro.function = "G_paper";
		ProtocolTwoPickleTest.assertMessage(write(pro), "is a Progressive GAN (TensorFlow) pickle");
		final TfPickles.Net lod = valid();
		lod.components.get("synthesis").variables.put("ToRGB_lod0/weight", new TensorData(new long[] { 1, 1, 8, 3 }, new float[24]));
		ProtocolTwoPickleTest.assertMessage(write(lod), "is a progressive-growing TensorFlow StyleGAN2 generator");
	}
}
