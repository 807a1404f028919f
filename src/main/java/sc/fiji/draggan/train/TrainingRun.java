package sc.fiji.draggan.train;

import sc.fiji.draggan.progress.Monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.SafetensorsBundle;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.NativeHeap;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * The one-call training API (CLI {@code draggan train} and the Fiji command): trains until
 * {@code kimg}, writing at each snapshot the model bundle ({@code out}: G_ema + D), the resumable
 * checkpoint ({@code <out>.ckpt}) and a sample grid (handed to the listener, which writes it).
 */
public final class TrainingRun {

	/** Progress and snapshot callbacks; a {@link Monitor}, so the caller cancels as for any run. */
	public interface Listener extends Monitor {
		void progress(TrainStats stats);

		/** @param grid 8×4 samples of G_ema (fixed latents), one image */
		void snapshot(GeneratorImage grid, Path model, TrainStats stats) throws IOException;
	}

	private TrainingRun() {}

	/** The checkpoint file that goes with a model file. */
	public static Path checkpointOf(final Path model) {
		return model.resolveSibling(model.getFileName().toString().replaceAll("\\.safetensors$", "") + ".ckpt.safetensors");
	}

	/** The numbered copy of the model written at a snapshot. */
	public static Path snapshotOf(final Path model, final double kimg) {
		final String stem = model.getFileName().toString().replaceAll("\\.safetensors$", "");
		return model.resolveSibling(String.format(java.util.Locale.ROOT, "%s-%06.1fkimg.safetensors", stem, kimg));
	}

	/**
	 * @param resume a checkpoint to continue from, or null for a fresh run
	 * @param progressSeconds interval between progress reports
	 */
	public static TrainStats run(final TrainOptions options, final ImageDataset data, final Path out, final Path resume,
		final Device device, final double progressSeconds, final Listener listener) throws IOException
	{
		// gradient recording off outside the loss passes, whatever thread runs this (a Fiji worker thread starts with it on)
		try {
			return Djl.run(() -> loop(options, data, out, resume, device, progressSeconds, listener));
		}
		catch (final IllegalStateException e) {
			if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
			throw e;
		}
	}

	private static TrainStats loop(final TrainOptions options, final ImageDataset data, final Path out, final Path resume,
		final Device device, final double progressSeconds, final Listener listener) throws IOException
	{
		try (NDManager root = Djl.newManager(device);
			Trainer t = resume != null ? Trainer.resume(resume, data, root, ResumeSettings.of(options))
				: options.initModel != null ? Trainer.fineTune(options, data, root, SafetensorsBundle.read(Paths.get(options.initModel)))
				: Trainer.create(options, data, root))
		{
			final double snap = t.options().snapshotKimg;
			double nextSnapshot = snap > 0 ? (Math.floor(t.nimg() / 1000.0 / snap) + 1) * snap : Double.MAX_VALUE;
			long lastReport = System.nanoTime();
			TrainStats stats = null;
			int badInARow = 0;
			for (int iteration = 0; !t.done() && !listener.isCancelled(); iteration++) {
				stats = t.step();
				NativeHeap.afterStep(iteration); // docs/design.md#native-memory
				// a rare non-finite iteration makes no update (gradients are sanitised); many in a row mean divergence
				badInARow = stats.finite() ? 0 : badInARow + 1;
				if (badInARow >= 20) throw new IllegalStateException("training diverged (loss is NaN) at kimg " + stats.kimg);
				if ((System.nanoTime() - lastReport) / 1e9 >= progressSeconds) {
					listener.progress(stats);
					lastReport = System.nanoTime();
				}
				if (stats.kimg >= nextSnapshot && !t.done()) {
					snapshot(t, out, listener, stats);
					nextSnapshot += snap;
				}
			}
			if (stats != null) {
				listener.progress(stats);
				snapshot(t, out, listener, stats);
			}
			return stats;
		}
	}

	static void snapshot(final Trainer t, final Path out, final Listener listener, final TrainStats stats) throws IOException {
		if (out.getParent() != null) Files.createDirectories(out.getParent());
		writeModel(t, out);
		// every snapshot's model is kept too: GAN training can degrade, the best snapshot may be an early one
		writeModel(t, snapshotOf(out, stats.kimg));
		t.saveCheckpoint(checkpointOf(out));
		listener.snapshot(grid(t.generatorEma(), t.manager(), 8, 4, 123), out, stats);
	}

	/** Our bundle: G_ema and D with their configurations. */
	public static void writeModel(final Trainer t, final Path out) throws IOException {
		final Checkpoint ckpt = new Checkpoint(t.options().generatorConfig(), t.generatorEma().toStateDict(),
			t.discriminator().params().toStateDict(""), t.discriminator().kwargs(), "draggan train");
		SafetensorsBundle.write(out, ckpt);
	}

	/** cols×rows samples of {@code g} (constant noise, latents from {@code seed}) tiled into one image. */
	public static GeneratorImage grid(final StyleGan2Generator g, final NDManager parent, final int cols, final int rows, final long seed) {
		final GeneratorConfig cfg = g.config();
		final int n = cols * rows, c = cfg.imgChannels, r = cfg.imgResolution, zd = cfg.zDim;
		final float[] px;
		try (NDManager s = parent.newSubManager()) {
			final NDArray z = s.create(new Rng(seed).gaussians(n * zd), new Shape(n, zd));
			px = g.synthesis(g.mapping(z, null, 1, -1), SynthesisOptions.imageOnly()).image().toFloatArray();
		}
		final int w = cols * r, h = rows * r;
		final float[] out = new float[c * w * h];
		for (int i = 0; i < n; i++) {
			final int ox = (i % cols) * r, oy = (i / cols) * r;
			for (int ch = 0; ch < c; ch++)
				for (int y = 0; y < r; y++)
					System.arraycopy(px, ((i * c + ch) * r + y) * r, out, (ch * h + oy + y) * w + ox, r);
		}
		return new GeneratorImage(c, h, w, out);
	}
}
