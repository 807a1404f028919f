package sc.fiji.draggan.plugin;

import java.io.File;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.draggan.ij.InvertOperation;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.AspectFit;

/**
 * {@code Plugins>Drag GAN>Drag GAN Invert...}: finds the latent of a real image (its current slice):
 * projection into W, then W+ ({@code steps}, {@code space}), then pivotal tuning of a per-image copy
 * of the generator ({@code pti_steps}; 0 = none). The latent is attached to the image together with
 * the tuned copy's path, so {@code Drag GAN...} and the tool drag it with the tuned weights. Output:
 * the reconstruction (latent attached too) with PSNR and SSIM in its Info. Esc or the task's stop
 * button ends it early with the best latent found so far. Menu entry through {@code plugins.config}
 * ({@link MenuEntry}); {@code no-legacy} keeps it single in Fiji.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN Invert...", label = "Drag GAN Invert...", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanInvertCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus imp;

	@Parameter(label = "Model file", required = false, persist = false, description = sc.fiji.draggan.app.DefaultModel.MODEL_DESCRIPTION)
	private File model;

	@Parameter(label = "Projection steps", min = "1", persist = false, description = "W, then W+ (30 % in W)")
	private int steps = 500;

	@Parameter(label = "Latent space", choices = { "w+", "w" }, persist = false)
	private String space = "w+";

	@Parameter(label = "Pivotal tuning steps (0 = none)", min = "0", persist = false)
	private int pti_steps = 100;

	@Parameter(label = "Seed", min = "0", persist = false)
	private long seed = 0;

	@Parameter(label = "Fit to the model's aspect", choices = { "crop", "pad" }, persist = false)
	private String fit = "crop";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(type = ItemIO.OUTPUT)
	private double psnr;

	@Parameter(type = ItemIO.OUTPUT)
	private double ssim;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Parameter(required = false)
	private TaskService tasks;

	@Parameter
	private DragGanService service;

	@Override
	public void run() {
		final ImagePlus source = imp != null ? imp : WindowManager.getCurrentImage();
		final InvertOperation.Outcome o = CommandSupport.runAsTask(tasks, "Drag GAN Invert", "Drag GAN Invert", 0, this::isCanceled, m -> {
			if (source == null) throw new IllegalArgumentException("no image: open the image to invert first");
			return InvertOperation.run(source, CommandSupport.modelPath(model), parameters(), device, service.registry(), m);
		});
		result = o.reconstruction;
		psnr = o.psnr;
		ssim = o.ssim;
		summary = o.summary;
	}

	private InversionParameters parameters() {
		final InversionParameters p = new InversionParameters();
		p.steps = steps;
		p.ptiSteps = pti_steps;
		p.seed = seed;
		final String s = space == null ? "w+" : space.trim().toLowerCase(Locale.ROOT);
		if (!s.equals("w") && !s.equals("w+")) throw new IllegalArgumentException("space must be w or w+, got '" + space + "'");
		p.wPlus = s.equals("w+");
		p.fit = AspectFit.parse(fit == null ? "crop" : fit);
		return p.validate();
	}
}
