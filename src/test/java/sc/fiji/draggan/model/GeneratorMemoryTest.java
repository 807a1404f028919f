package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.Map;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;
import sc.fiji.draggan.engine.Djl;

/** Native memory discipline: forwards in sub-managers leave no arrays behind; copies are deep. */
public class GeneratorMemoryTest {

	private static GeneratorConfig config() {
		final GeneratorConfig c = new GeneratorConfig();
		c.zDim = c.wDim = 16;
		c.mappingLayers = 2;
		c.imgResolution = 32;
		c.channelBase = 256;
		c.channelMax = 16;
		return c.validate();
	}

	@Test
	public void manyForwardsLeaveNoArraysBehind() {
		Djl.engine();
		final GeneratorConfig cfg = config();
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = new StyleGan2Generator(cfg, RandomWeights.create(cfg, 2), root, Device.cpu()))
		{
			final int weightsArrays = g.manager().getManagedArrays().size();
			final int rootArrays = root.getManagedArrays().size();
			for (int i = 0; i < 12; i++) {
				try (NDManager m = root.newSubManager()) {
					final NDArray ws = g.mapping(m.randomNormal(new ai.djl.ndarray.types.Shape(2, cfg.zDim)), null, 0.7, 2);
					final SynthesisOptions o = new SynthesisOptions().noise(i % 2 == 0 ? NoiseMode.CONST : NoiseMode.RANDOM)
						.blockImages(i % 3 == 0);
					g.synthesis(i % 4 == 0 ? ws.get("0:1") : ws, o).image().toFloatArray();
					final NDArray ws1 = ws.get("0:1");
					ws1.setRequiresGradient(true);
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						gc.backward(g.synthesis(ws1, new SynthesisOptions().lastBlock(2).image(false)).features().get(2).sum());
					}
					assertEquals("weights' manager must not grow", weightsArrays, g.manager().getManagedArrays().size());
				}
				assertEquals("nothing may stay behind after the call manager closes", rootArrays, root.getManagedArrays().size());
			}
		}
	}

	@Test
	public void copyIsDeepAndRoundTripsThroughStateDict() {
		Djl.engine();
		final GeneratorConfig cfg = config();
		final StateDict sd = RandomWeights.create(cfg, 4);
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = new StyleGan2Generator(cfg, sd, root, Device.cpu());
			StyleGan2Generator copy = g.copy(root))
		{
			assertEquals(sd.numParameters(), g.numParameters());
			final StateDict back = g.toStateDict();
			assertEquals(sd.size(), back.size());
			for (final Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
				assertArrayEquals(e.getKey(), e.getValue().data(), back.get(e.getKey()).data(), 0f);
			}
			// change the copy in place: the original must not change
			final NDArray w = copy.weights().get("synthesis.b8.conv1.bias");
			w.addi(1f);
			copy.refreshDerivedWeights();
			assertArrayEquals(sd.get("synthesis.b8.conv1.bias").data(), g.weights().get("synthesis.b8.conv1.bias").toFloatArray(), 0f);
			try (NDManager m = root.newSubManager()) {
				final NDArray ws = g.mapping(m.randomNormal(new ai.djl.ndarray.types.Shape(1, cfg.zDim)), null, 1, -1);
				assertNotEquals(g.synthesis(ws, null).image().sum().getFloat(), copy.synthesis(ws, null).image().sum().getFloat(), 1e-3f);
			}
		}
	}
}
