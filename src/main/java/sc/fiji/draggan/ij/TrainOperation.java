package sc.fiji.draggan.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.train.ImageDataset;
import sc.fiji.draggan.train.TrainOptions;
import sc.fiji.draggan.train.TrainStats;
import sc.fiji.draggan.train.TrainingRun;

/**
 * {@code Drag GAN Train...}: trains a generator on an open stack or a folder of images
 * ({@link TrainingRun}, the same loop as {@code draggan train}). Progress and ETA go to the status
 * bar and the Log; every snapshot adds its sample grid as a slice of the samples stack (shown live
 * when windows can be shown). Cancel (Esc, the task's stop button) ends the run with a last
 * snapshot, so the model and the resumable checkpoint keep everything trained so far.
 */
public final class TrainOperation {

	private TrainOperation() {}

	/** What the run produced. */
	public static final class Outcome {
		/** One slice per snapshot, labelled with its kimg. */
		public final ImagePlus samples;
		public final TrainStats stats;
		public final boolean cancelled;

		Outcome(final ImagePlus samples, final TrainStats stats, final boolean cancelled) {
			this.samples = samples;
			this.stats = stats;
			this.cancelled = cancelled;
		}
	}

	/**
	 * @param resume a checkpoint ({@code MODEL.ckpt.safetensors}) to continue, or null
	 * @param live show the samples stack while training
	 */
	public static Outcome run(final ImageDataset data, final TrainOptions options, final Path out, final Path resume, final String device,
		final boolean live, final RunMonitor monitor) throws IOException
	{
		if (!out.getFileName().toString().endsWith(".safetensors")) throw new IllegalArgumentException("the model file must end in .safetensors: " + out);
		options.channels = data.channels();
		options.validate();
		if (data.resolution() != options.resolution) throw new IllegalArgumentException("data are " + data.resolution() + " px, the run is " +
			options.resolution + " px");
		final String title = "Drag GAN training samples (" + out.getFileName() + ")";
		final ImagePlus[] samples = { null };
		IJ.log(String.format(Locale.ROOT, "Drag GAN Train: %d images of %d px, %.1f kimg, batch %d -> %s%s", data.size(), options.resolution,
			options.kimg, options.batch, out, resume != null ? " (resuming " + resume + ")" : ""));
		final TrainStats stats = TrainingRun.run(options, data, out, resume, Djl.device(device), 2, new TrainingRun.Listener() {

			@Override
			public void progress(final TrainStats s) {
				final int permille = (int) Math.min(1000, Math.round(s.kimg / s.targetKimg * 1000));
				monitor.progress(permille, 1000, s.toString());
			}

			@Override
			public void snapshot(final GeneratorImage grid, final Path model, final TrainStats s) {
				final String label = String.format(Locale.ROOT, "%.2f kimg", s.kimg);
				if (samples[0] == null) {
					final ImageStack st = new ImageStack(grid.width, grid.height);
					st.addSlice(label, ImageConversion.toProcessor(grid));
					samples[0] = new ImagePlus(title, st);
					if (live) samples[0].show();
				}
				else {
					samples[0].getStack().addSlice(label, ImageConversion.toProcessor(grid));
					samples[0].setStack(samples[0].getStack());
					samples[0].setSlice(samples[0].getStackSize());
				}
				IJ.log("Drag GAN Train: snapshot at " + label + ": " + model + " (resume from " + TrainingRun.checkpointOf(model) + ")");
			}

			@Override
			public boolean isCancelled() {
				return monitor.isCancelled();
			}
		});
		monitor.done();
		if (samples[0] != null) samples[0].setProperty("Info", "Drag GAN training samples (G_ema, fixed latents)\n" + ResultInfo.GENERATED + "\nmodel: " + out +
			"\ncheckpoint: " + TrainingRun.checkpointOf(out) + "\n" + (stats != null ? stats.toString() : ""));
		return new Outcome(samples[0], stats, monitor.isCancelled());
	}
}
