package sc.fiji.draggan.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.synth.CellImageSynth;

public class TrainerTest {

	static TrainOptions tinyOptions() {
		final TrainOptions o = new TrainOptions();
		o.resolution = 16;
		o.batch = 4;
		o.zDim = o.wDim = 32;
		o.channelBase = 256;
		o.channelMax = 32;
		o.kimg = 1;
		o.seed = 3;
		return o;
	}

	static ImageDataset tinyData(final int n) {
		final ImageDataset d = new ImageDataset(1, 16);
		final CellImageSynth s = new CellImageSynth(16, 11);
		for (int i = 0; i < n; i++) d.addUnit(s.render(i));
		return d;
	}

	/**
	 * Iterations stay finite and the discriminator learns: its loss drops below the start. (Adam's first
	 * steps are lr-sized, as torch's bias correction makes them, so D needs some 60 iterations to show it.)
	 */
	@Test
	public void discriminatorLossFallsWithoutNaN() {
		try (NDManager m = Djl.newManager(Djl.device("cpu")); Trainer t = Trainer.create(tinyOptions(), tinyData(32), m)) {
			double first = 0, last = 0;
			final int iters = 80, window = 8;
			int arraysAfterFirst = -1;
			for (int i = 0; i < iters; i++) {
				final TrainStats s = t.step();
				if (i == 0) arraysAfterFirst = m.getManagedArrays().size();
				assertTrue("non-finite loss at iteration " + i + ": " + s, s.finite());
				final double dl = s.lossDFake + s.lossDReal;
				if (i < window) first += dl / window;
				if (i >= iters - 2 * window) last += dl / (2 * window);
			}
			assertTrue("D loss should fall from its start: first " + first + ", last " + last, last < first);
			assertEquals("no native arrays accumulate across iterations", arraysAfterFirst, m.getManagedArrays().size());
			for (final NDArray a : t.generatorEma().weights().values())
				for (final float v : a.toFloatArray()) assertTrue(Float.isFinite(v));
		}
	}

	/** Fine-tuning starts G, G_ema and D from a written model (not from random weights) and refuses another architecture. */
	@Test
	public void fineTuneStartsFromTheModel() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-finetune");
		final Path model = dir.resolve("m.safetensors");
		final ImageDataset data = tinyData(8);
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			final TrainOptions o = tinyOptions();
			try (Trainer t = Trainer.create(o, data, m)) {
				for (int i = 0; i < 3; i++) t.step();
				TrainingRun.writeModel(t, model);
			}
			final sc.fiji.draggan.checkpoint.Checkpoint ckpt = sc.fiji.draggan.checkpoint.SafetensorsBundle.read(model);
			final TrainOptions other = tinyOptions();
			other.seed = 99; // other random weights: equality below can only come from the model
			try (Trainer t = Trainer.fineTune(other, data, m, ckpt); Trainer fresh = Trainer.create(other, data, m)) {
				final Map<String, NDArray> g = t.generator().weights(), ema = t.generatorEma().weights(), r = fresh.generator().weights();
				for (final Map.Entry<String, sc.fiji.draggan.tensor.TensorData> e : ckpt.generator().asMap().entrySet()) {
					assertArrayEquals(e.getKey(), e.getValue().data(), g.get(e.getKey()).toFloatArray(), 0f);
					assertArrayEquals(e.getKey(), e.getValue().data(), ema.get(e.getKey()).toFloatArray(), 0f);
				}
				for (final Map.Entry<String, sc.fiji.draggan.tensor.TensorData> e : ckpt.discriminator().asMap().entrySet())
					assertArrayEquals(e.getKey(), e.getValue().data(), t.discriminator().params().get(e.getKey()).toFloatArray(), 0f);
				assertTrue("a fresh run differs", !java.util.Arrays.equals(r.get("mapping.fc0.weight").toFloatArray(), g.get("mapping.fc0.weight").toFloatArray()));
				assertTrue(t.step().finite());
			}
			final TrainOptions wider = tinyOptions();
			wider.channelMax = 64;
			try {
				Trainer.fineTune(wider, data, m, ckpt).close();
				org.junit.Assert.fail("another architecture must be refused");
			}
			catch (final IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("channel-max"));
			}
		}
	}

	/** Stopping, saving and resuming gives exactly the weights of an uninterrupted run. */
	@Test
	public void resumeContinuesIdentically() throws Exception {
		assertResumeIdentical(TrainerTest::tinyOptions);
	}

	/** The same with adaptive augmentation: p, ADA's running statistics and the augmentations themselves resume exactly. */
	@Test
	public void resumeWithAdaptiveAugmentationContinuesIdentically() throws Exception {
		final double[] p = assertResumeIdentical(() -> {
			final TrainOptions o = tinyOptions();
			o.augment = "ada";
			o.augmentP = 0.3;
			o.adaKimg = 0.05; // p moves by 0.32 per update: visible within 18 iterations
			return o;
		});
		assertTrue("ADA should have moved p from 0.3, got " + p[0], Math.abs(p[0] - 0.3) > 0.1);
	}

	/**
	 * A resumed run can finish at a lower learning rate: from the same saved state, the first Adam
	 * step at lr/4 moves G and D by a quarter of the step at the stored rate; other options stay.
	 * (D's step is measured with G's rate unchanged: D learns on G's fakes, which a slower G changes.)
	 */
	@Test
	public void resumeAtLowerLearningRateScalesTheSteps() throws Exception {
		final ImageDataset data = tinyData(16);
		final Path ckpt = Files.createTempDirectory("draggan-resume-lr").resolve("run.ckpt.safetensors");
		final TrainOptions options = tinyOptions();
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			try (Trainer a = Trainer.create(options, data, m)) {
				for (int i = 0; i < 3; i++) a.step();
				a.saveCheckpoint(ckpt);
			}
			final float[][] full = firstStepDeltas(Trainer.resume(ckpt, data, m, ResumeSettings.kimg(0)));
			final ResumeSettings slower = ResumeSettings.kimg(5).learningRates(options.lrG / 4, options.lrD / 4);
			try (Trainer c = Trainer.resume(ckpt, data, m, slower)) {
				assertEquals(options.lrG / 4, c.options().lrG, 0);
				assertEquals(options.lrD / 4, c.options().lrD, 0);
				assertEquals(5, c.options().kimg, 0);
				assertEquals(options.batch, c.options().batch);
				assertEquals(options.gammaValue(), c.options().gammaValue(), 0);
			}
			final float[][] quarter = firstStepDeltas(Trainer.resume(ckpt, data, m, slower));
			quarter[1] = firstStepDeltas(Trainer.resume(ckpt, data, m, ResumeSettings.kimg(5).learningRates(options.lrG, options.lrD / 4)))[1];
			for (int k = 0; k < full.length; k++) {
				double dot = 0, nn = 0;
				for (int i = 0; i < full[k].length; i++) {
					dot += full[k][i] * (double) quarter[k][i];
					nn += full[k][i] * (double) full[k][i];
				}
				assertTrue("parameter " + k + " did not move", nn > 0);
				assertEquals("step of parameter " + k + " relative to the stored rate", 0.25, dot / nn, 0.01);
			}
		}
	}

	/** Change of a G and a D weight over one iteration; closes the trainer. */
	private static float[][] firstStepDeltas(final Trainer t) throws Exception {
		try (Trainer c = t) {
			final String g = "mapping.fc0.weight", d = "b4.out.weight";
			final float[] g0 = c.generator().weights().get(g).toFloatArray(), d0 = c.discriminator().params().get(d).toFloatArray();
			c.step();
			final float[] g1 = c.generator().weights().get(g).toFloatArray(), d1 = c.discriminator().params().get(d).toFloatArray();
			for (int i = 0; i < g1.length; i++) g1[i] -= g0[i];
			for (int i = 0; i < d1.length; i++) d1[i] -= d0[i];
			return new float[][] { g1, d1 };
		}
	}

	/** Runs 18 iterations straight and 9 + save + resume + 9; returns the augmentation p of both. */
	private static double[] assertResumeIdentical(final java.util.function.Supplier<TrainOptions> options) throws Exception {
		final ImageDataset data = tinyData(16);
		final Path dir = Files.createTempDirectory("draggan-resume");
		final Path ckpt = dir.resolve("run.ckpt.safetensors");
		try (NDManager m = Djl.newManager(Djl.device("cpu"))) {
			try (Trainer a = Trainer.create(options.get(), data, m)) {
				for (int i = 0; i < 18; i++) a.step(); // crosses an R1 step (every 16)
				final float[] straightD = a.discriminator().params().get("b4.out.weight").toFloatArray();
				final float[] g = a.generatorEma().weights().get("synthesis.b16.torgb.weight").toFloatArray();
				final float[] g2 = a.generator().weights().get("mapping.fc0.weight").toFloatArray();
				try (Trainer b = Trainer.create(options.get(), data, m)) {
					for (int i = 0; i < 9; i++) b.step();
					b.saveCheckpoint(ckpt);
				}
				try (Trainer c = Trainer.resume(ckpt, data, m, 0)) {
					assertEquals(9, c.iteration());
					for (int i = 0; i < 9; i++) c.step();
					assertArrayEquals(straightD, c.discriminator().params().get("b4.out.weight").toFloatArray(), 0f);
					assertArrayEquals(g, c.generatorEma().weights().get("synthesis.b16.torgb.weight").toFloatArray(), 0f);
					assertArrayEquals(g2, c.generator().weights().get("mapping.fc0.weight").toFloatArray(), 0f);
					assertEquals(a.augmentP(), c.augmentP(), 0);
					return new double[] { a.augmentP(), c.augmentP() };
				}
			}
		}
	}
}
