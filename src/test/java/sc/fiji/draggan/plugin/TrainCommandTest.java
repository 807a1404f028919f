package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import org.junit.ClassRule;
import org.junit.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.synth.CellImageSynth;
import sc.fiji.draggan.train.TrainingRun;

/**
 * {@code Drag GAN Train...} through {@code CommandService} (as macros and scripts run it) on a
 * tiny stack of synthetic cell images, and the commands' default model when none is named.
 */
public class TrainCommandTest {

	@ClassRule
	public static final HeadlessCommands commands = new HeadlessCommands();

	/** 8 synthetic 32-px images (0…1), as a 32-bit stack. */
	static ImagePlus stack() {
		final CellImageSynth s = new CellImageSynth(32, 5);
		final ImageStack st = new ImageStack(32, 32);
		for (int i = 0; i < 8; i++) st.addSlice("cells " + i, new FloatProcessor(32, 32, s.render(i)));
		return new ImagePlus("cells", st);
	}

	private static Object[] tiny(final Object... more) {
		final Object[] base = { "res", 16, "kimg", 0.016, "batch", 4, "snapshot_every", 0.008, "seed", 1L, "channel_base", 256, "channel_max", 32,
			"gamma", -1.0, "lr", 0.0025, "device", "cpu" };
		final Object[] all = new Object[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	@Test
	public void trainsOnTheOpenStackWritesALoadableModelAndResumes() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-train-cmd");
		final File out = dir.resolve("cells16.safetensors").toFile();
		final ImagePlus samples = (ImagePlus) commands.run(DragGanTrainCommand.class, true, tiny("imp", stack(), "out", out)).get().getOutput("samples");
		assertNotNull(samples);
		assertEquals("one grid per snapshot (0.008 and 0.016 kimg)", 2, samples.getStackSize());
		assertEquals(8 * 16, samples.getWidth());
		assertEquals(4 * 16, samples.getHeight());
		final Checkpoint c = ModelLoader.load(out.toPath());
		assertEquals(16, c.generatorConfig().imgResolution);
		assertEquals(1, c.generatorConfig().imgChannels);
		assertNotNull("the bundle keeps D", c.discriminator());
		final Path ckpt = TrainingRun.checkpointOf(out.toPath());
		assertTrue(Files.isRegularFile(ckpt));
		// resume to 0.024 kimg: continues from the checkpoint (one more snapshot)
		final Object[] args = tiny("imp", stack(), "out", out, "resume", ckpt.toFile());
		for (int i = 0; i < args.length; i += 2) if ("kimg".equals(args[i])) args[i + 1] = 0.024;
		final ImagePlus more = (ImagePlus) commands.run(DragGanTrainCommand.class, true, args).get().getOutput("samples");
		assertEquals(1, more.getStackSize());
		assertTrue(more.getStack().getSliceLabel(1).startsWith("0.02"));
	}

	@Test
	public void trainsOnAFolder() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-train-folder");
		final Path data = Files.createDirectories(dir.resolve("data"));
		final ImagePlus st = stack();
		for (int i = 1; i <= st.getStackSize(); i++)
			new ij.io.FileSaver(new ImagePlus("c", st.getStack().getProcessor(i))).saveAsTiff(data.resolve("c" + i + ".tif").toString());
		final File out = dir.resolve("m.safetensors").toFile();
		final Object[] args = tiny("data", data.toFile(), "out", out, "augment", "0.5"); // fixed-probability augmentation on
		for (int i = 0; i < args.length; i += 2) if ("snapshot_every".equals(args[i])) args[i + 1] = 0.0;
		final ImagePlus samples = (ImagePlus) commands.run(DragGanTrainCommand.class, true, args).get().getOutput("samples");
		assertEquals(1, samples.getStackSize());
		assertTrue(Files.isRegularFile(out.toPath()));
	}

	@Test
	public void badInputGivesClearMessages() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-train-bad");
		final File out = dir.resolve("m.safetensors").toFile();
		expectError("single image", tiny("imp", new ImagePlus("one", new FloatProcessor(32, 32)), "out", out));
		expectError("not found", tiny("data", dir.resolve("nope").toFile(), "out", out));
		expectError(".safetensors", tiny("imp", stack(), "out", dir.resolve("m.pkl").toFile()));
		expectError("power of two", tiny("imp", stack(), "out", out, "res", 24));
		expectError("augmentation must be none, ada or a probability", tiny("imp", stack(), "out", out, "augment", "sometimes"));
		expectError("augmentation probability must be in [0, 1]", tiny("imp", stack(), "out", out, "augment", "1.5"));
	}

	private static void expectError(final String part, final Object[] args) throws InterruptedException {
		final java.util.Map<String, Object> in = new java.util.LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) in.put((String) args[i], args[i + 1]);
		try {
			commands.run(DragGanTrainCommand.class, true, in).get();
			fail("expected an error about '" + part + "'");
		}
		catch (final ExecutionException e) {
			Throwable t = e;
			while (t.getCause() != null && (t.getMessage() == null || !t.getMessage().contains(part))) t = t.getCause();
			assertTrue("expected '" + part + "' in: " + e, t.getMessage() != null && t.getMessage().contains(part));
		}
	}

	@Test
	public void generateWithoutAModelUsesTheBundledDefault() throws Exception {
		final ImagePlus imp = (ImagePlus) commands.run(DragGanGenerateCommand.class, true, "seed", 3L, "psi", 0.7, "device", "cpu").get().getOutput("result");
		assertEquals(64, imp.getWidth());
		assertTrue(imp.getTitle(), imp.getTitle().startsWith("draggan-cells64"));
		assertNotNull("the image carries its latent", sc.fiji.draggan.ij.Latent.of(imp));
	}
}
