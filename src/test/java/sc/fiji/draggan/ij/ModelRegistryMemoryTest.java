package sc.fiji.draggan.ij;

import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.progress.Monitor;
import sc.fiji.draggan.app.DragRequest;


import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.edit.PointPair;

/**
 * Native memory of the glue: the cached generator stays loaded across runs (one load), and repeated
 * generate and drag runs leave no arrays behind in its managers — every per-run array lives in a
 * sub-manager that is closed.
 */
public class ModelRegistryMemoryTest {

	private static final ModelRegistry REGISTRY = new ModelRegistry();

	@BeforeClass
	public static void offline() {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	@AfterClass
	public static void free() {
		REGISTRY.close();
	}

	static int[] counts(final Path model) throws Exception {
		return ModelRegistry.exclusively(() -> {
			final LoadedModel m = REGISTRY.model(model, "cpu", Monitor.NONE);
			return new int[] { System.identityHashCode(m), m.manager().getManagedArrays().size(), m.generator.manager().getManagedArrays().size() };
		});
	}

	@Test
	public void repeatedRunsReuseTheModelAndLeaveNoArrays() throws Exception {
		final Path model = Fixtures.dir("stylegan2/tiny").resolve("stylegan2-tiny-32x32.pkl");
		final RunMonitor monitor = new RunMonitor("test", false);
		GenerateOperation.run(model, 0, 0.7, "cpu", REGISTRY, monitor);
		final int[] before = counts(model);
		for (int i = 0; i < 5; i++) {
			final DragRequest q = twoSteps(model);
			q.region = i % 2 == 0 ? null : EditMask.fromRois(java.util.Collections.<ij.gui.Roi> singletonList(new ij.gui.Roi(4, 4, 20, 20)), 32, 32);
			DragOperation.run(GenerateOperation.run(model, i, 0.7, "cpu", REGISTRY, monitor), q, new DragOperation.Presentation(), REGISTRY, monitor);
			final int[] now = counts(model);
			assertEquals("the model was reloaded", before[0], now[0]);
			assertEquals("arrays left in the root manager", before[1], now[1]);
			assertEquals("arrays left in the weights' manager", before[2], now[2]);
		}
	}

	@Test
	public void dragsWithTunedWeightsReuseOneCopyAndLeaveNoArrays() throws Exception {
		final Path model = Fixtures.dir("stylegan2/tiny").resolve("stylegan2-tiny-32x32.pkl");
		final RunMonitor monitor = new RunMonitor("test", false);
		final ij.ImagePlus img = GenerateOperation.run(model, 3, 1.0, "cpu", REGISTRY, monitor).duplicate();
		final sc.fiji.draggan.invert.InversionParameters p = new sc.fiji.draggan.invert.InversionParameters();
		p.steps = 4;
		p.ptiSteps = 2;
		final InvertOperation.Outcome o = InvertOperation.run(img, model, p, "cpu", REGISTRY, monitor);
		assertNotNull(o.tuned);
		final Object[] before = tunedCounts(model, o.tuned);
		for (int i = 0; i < 4; i++) {
			assertEquals(o.tuned, TunedWeights.of(DragOperation.run(img, twoSteps(model), new DragOperation.Presentation(), REGISTRY, monitor).result));
			final Object[] now = tunedCounts(model, o.tuned);
			assertTrue("the tuned copy was reloaded", before[0] == now[0]);
			assertEquals("arrays left with the tuned copy", before[1], now[1]);
			assertEquals("arrays left in the model's manager", before[2], now[2]);
		}
	}

	/** A 2-step drag of one pair on the CPU, every step recorded. */
	static DragRequest twoSteps(final Path model) {
		final DragRequest q = new DragRequest();
		q.model = model;
		q.device = "cpu";
		q.points = java.util.Arrays.asList(new PointPair(12, 10, 18, 16));
		q.maxSteps = 2;
		q.every = 1;
		return q;
	}

	/** {tuned generator, its managed arrays, the model's managed arrays} */
	static Object[] tunedCounts(final Path model, final Path tuned) throws Exception {
		return ModelRegistry.exclusively(() -> {
			final LoadedModel m = REGISTRY.model(model, "cpu", Monitor.NONE);
			final sc.fiji.draggan.model.Generator t = REGISTRY.tuned(m, tuned, Monitor.NONE);
			return new Object[] { t, t.manager().getManagedArrays().size(), m.generator.manager().getManagedArrays().size() };
		});
	}
}
