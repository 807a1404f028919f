package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;
import sc.fiji.draggan.engine.Djl;

/** Layout, random weights, presets and the clear errors of the generator API. */
public class GeneratorApiTest {

	@Test
	public void humanPresetsArePortraitStyleGan2() {
		final GeneratorConfig cfg = GeneratorPresets.get("human-512x256");
		assertEquals(GeneratorConfig.FAMILY_STYLEGAN_HUMAN, cfg.family);
		assertEquals(512, cfg.imgHeight());
		assertEquals(256, cfg.imgWidth());
		assertEquals(16, cfg.numWs());
		assertArrayEquals(new long[] { 512, 4, 2 }, GeneratorLayout.of(cfg).get("synthesis.b4.const"));
		assertEquals(1024, GeneratorPresets.get("human-1024x512").imgHeight());
	}

	@Test
	public void ffhq512LayoutMatchesTheSpec() {
		final GeneratorConfig cfg = GeneratorPresets.get("ffhq512");
		final Map<String, long[]> layout = GeneratorLayout.of(cfg);
		assertEquals(163, layout.size()); // docs/algorithm.md#parameter-names
		assertArrayEquals(new long[] { 256, 512, 3, 3 }, layout.get("synthesis.b128.conv0.weight"));
		assertArrayEquals(new long[] { 64, 64, 3, 3 }, layout.get("synthesis.b512.conv1.weight"));
		assertArrayEquals(new long[] { 3, 64, 1, 1 }, layout.get("synthesis.b512.torgb.weight"));
		assertArrayEquals(new long[] {}, layout.get("synthesis.b4.conv1.noise_strength"));
		final StateDict sd = RandomWeights.create(cfg, 0);
		assertEquals(30.28, sd.numParameters() / 1e6, 0.005);
		assertEquals(16, cfg.numWs());
	}

	@Test
	public void layoutOfResnetAndConditionalModels() {
		final GeneratorConfig cfg = GeneratorPresets.get("small64");
		cfg.architecture = GeneratorConfig.RESNET;
		cfg.cDim = 7;
		final Map<String, long[]> layout = GeneratorLayout.of(cfg);
		assertArrayEquals(new long[] { 128, 7 }, layout.get("mapping.embed.weight"));
		assertArrayEquals(new long[] { 128, 256 }, layout.get("mapping.fc0.weight"));
		assertArrayEquals(new long[] { 64, 128, 1, 1 }, layout.get("synthesis.b64.skip.weight"));
		assertTrue(layout.containsKey("synthesis.b64.torgb.weight"));
		assertTrue("resnet: torgb only in the last block", !layout.containsKey("synthesis.b32.torgb.weight"));
	}

	@Test
	public void randomWeightsAreDeterministic() {
		final GeneratorConfig cfg = GeneratorPresets.get("small64");
		final StateDict a = RandomWeights.create(cfg, 5), b = RandomWeights.create(cfg, 5), c = RandomWeights.create(cfg, 6);
		assertArrayEquals(a.get("synthesis.b8.conv0.weight").data(), b.get("synthesis.b8.conv0.weight").data(), 0f);
		assertTrue(a.get("synthesis.b8.conv0.weight").data()[0] != c.get("synthesis.b8.conv0.weight").data()[0]);
		GeneratorLayout.check(cfg, a);
	}

	@Test
	public void noiseModeParsing() {
		assertEquals(NoiseMode.CONST, NoiseMode.parse("const"));
		assertEquals(NoiseMode.RANDOM, NoiseMode.parse(" Random"));
		assertEquals(NoiseMode.NONE, NoiseMode.parse("none"));
		expectMessage(() -> NoiseMode.parse("gaussian"), "const, random or none");
	}

	@Test
	public void clearErrors() {
		Djl.engine();
		final GeneratorConfig cfg = GeneratorPresets.get("small64");
		cfg.imgResolution = 16;
		cfg.cDim = 3;
		final StateDict sd = RandomWeights.create(cfg, 1);
		try (NDManager root = Djl.newManager(Device.cpu()); StyleGan2Generator g = new StyleGan2Generator(cfg, sd, root, Device.cpu())) {
			expectMessage(() -> g.mapping(root.zeros(new Shape(1, 128)), null, 1, -1), "class label c [N, 3] is required");
			expectMessage(() -> g.mapping(root.zeros(new Shape(1, 64)), root.zeros(new Shape(1, 3)), 1, -1), "z must have shape [N, 128]");
			expectMessage(() -> g.synthesis(root.zeros(new Shape(1, 5, 128)), null), "ws must have shape [N, 6, 128]");
			expectMessage(() -> g.synthesis(root.zeros(new Shape(1, 6, 128)), new SynthesisOptions().lastBlock(3)), "lastBlock must be -1 (all) or 0..2");
			assertEquals(1, g.mapping(root.zeros(new Shape(1, 128)), root.ones(new Shape(1, 3)), 0.5, 2).getShape().get(0));
		}
		// wrong shape and missing tensor in the state dict
		final StateDict bad = new StateDict();
		for (final Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
			if (e.getKey().equals("synthesis.b8.conv1.bias")) bad.put(e.getKey(), new TensorData(new long[] { 3 }, new float[3]));
			else if (!e.getKey().equals("mapping.fc1.weight")) bad.put(e.getKey(), e.getValue());
		}
		try (NDManager root = Djl.newManager(Device.cpu())) {
			expectMessage(() -> new StyleGan2Generator(cfg, bad, root, Device.cpu()), "synthesis.b8.conv1.bias' has shape [3]");
			assertEquals("the failed generator must not leave arrays behind", 0, root.getManagedArrays().size());
		}
	}

	private static void expectMessage(final Runnable r, final String part) {
		try {
			r.run();
			fail("expected an error mentioning: " + part);
		}
		catch (final IllegalArgumentException e) {
			assertTrue("message '" + e.getMessage() + "' should mention '" + part + "'", e.getMessage().contains(part));
		}
	}
}
