package sc.fiji.draggan.plugin;

import java.io.File;
import java.nio.file.Path;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.draggan.ij.TrainOperation;
import sc.fiji.draggan.ij.TrainingData;
import sc.fiji.draggan.train.ImageDataset;
import sc.fiji.draggan.train.ResumeSettings;
import sc.fiji.draggan.train.TrainOptions;
import sc.fiji.draggan.train.Trainer;

/**
 * {@code Plugins>Drag GAN>Drag GAN Train...}: trains a small StyleGAN2 for your own images, on a
 * folder of images ({@code data=}) or else on the open stack (every slice, grey, centre-cropped and
 * resized to {@code res}). Writes {@code out} (the model: G_ema + D), {@code out.ckpt.safetensors}
 * (resume with {@code resume=}) and a snapshot model per {@code snapshot_every} kimg; the sample
 * grids form the output stack. Options as {@code draggan train}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN Train...", label = "Drag GAN Train...", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanTrainCommand extends ContextCommand {

	/** The defaults: the settings that trained the bundled model stably. */
	static final TrainOptions STABLE = TrainOptions.stable();

	@Parameter(label = "Training stack", required = false, persist = false, description = "used when no data folder is given")
	private ImagePlus imp;

	@Parameter(label = "Data folder or stack file", required = false, persist = false, style = "both",
		description = "a folder of .png/.tif/.jpg images or one stack file; empty: the open stack")
	private File data;

	@Parameter(label = "Model file (.safetensors)", persist = false)
	private File out;

	@Parameter(label = "Resolution (px, power of two)", min = "8", persist = false)
	private int res = STABLE.resolution;

	@Parameter(label = "Length (kimg = thousands of images shown)", persist = false)
	private double kimg = STABLE.kimg;

	@Parameter(label = "Batch size", min = "1", persist = false)
	private int batch = STABLE.batch;

	@Parameter(label = "Snapshot every (kimg, 0 = at the end)", persist = false)
	private double snapshot_every = STABLE.snapshotKimg;

	@Parameter(label = "Seed", persist = false)
	private long seed = 0;

	@Parameter(label = "Resume from checkpoint", required = false, persist = false)
	private File resume;

	@Parameter(label = "Channel base", persist = false)
	private int channel_base = STABLE.channelBase;

	@Parameter(label = "Channel max", persist = false)
	private int channel_max = STABLE.channelMax;

	@Parameter(label = "R1 gamma (negative = auto)", persist = false)
	private double gamma = STABLE.gamma;

	@Parameter(label = "Learning rate", persist = false)
	private double lr = STABLE.lrG;

	@Parameter(label = "Augmentation of D's inputs (ada, none or a fixed probability)", persist = false)
	private String augment = STABLE.augment;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus samples;

	@Parameter(type = ItemIO.OUTPUT)
	private String model;

	@Parameter(required = false)
	private TaskService tasks;

	@Override
	public void run() {
		samples = CommandSupport.runAsTask(tasks, "Drag GAN Train", "Drag GAN Train", 1000, this::isCanceled, m -> {
			if (out == null || out.getPath().trim().isEmpty()) throw new IllegalArgumentException("no model file given: set out=[/path/to/model.safetensors]");
			final TrainOptions t = options();
			final ImageDataset ds = dataset(t.resolution);
			final Path outPath = out.toPath().toAbsolutePath();
			final TrainOperation.Outcome o = TrainOperation.run(ds, t, outPath, resume == null || resume.getPath().trim().isEmpty() ? null : resume.toPath(),
				device, CommandSupport.canShowWindows(), m);
			model = outPath.toString();
			return o.samples;
		});
	}

	private TrainOptions options() throws java.io.IOException {
		final TrainOptions t = new TrainOptions();
		t.resolution = res;
		t.kimg = kimg;
		t.batch = batch;
		t.snapshotKimg = snapshot_every;
		t.seed = seed;
		t.channelBase = channel_base;
		t.channelMax = channel_max;
		t.gamma = gamma;
		t.lrG = t.lrD = lr;
		t.augmentation(augment);
		if (resume != null && !resume.getPath().trim().isEmpty()) {
			if (!resume.isFile()) throw new IllegalArgumentException("checkpoint not found: " + resume);
			return Trainer.resumeOptions(resume.toPath(), ResumeSettings.kimg(kimg).gamma(gamma)); // the run's own settings, except length and R1 weight
		}
		return t.validate();
	}

	private ImageDataset dataset(final int resolution) throws java.io.IOException {
		if (data != null && !data.getPath().trim().isEmpty()) {
			if (!data.exists()) throw new IllegalArgumentException("training data not found: " + data);
			return TrainingData.load(data.toPath(), resolution);
		}
		final ImagePlus source = imp != null ? imp : WindowManager.getCurrentImage();
		if (source == null) throw new IllegalArgumentException("no training images: open a stack or set data=[/path/to/folder]");
		if (source.getStackSize() < 2) throw new IllegalArgumentException("'" + source.getTitle() + "' is a single image; training needs a stack or a folder of many images");
		return TrainingData.fromImage(source, resolution);
	}
}
