package sc.fiji.draggan.plugin;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import sc.fiji.draggan.ij.GenerateOperation;

/**
 * {@code Plugins>Drag GAN>Drag GAN Generate...}: a new image from {@code model=}, {@code seed=} and
 * {@code psi=}, with its latent attached so it can be dragged. Menu entry through
 * {@code plugins.config} ({@link MenuEntry}); {@code no-legacy} keeps it single in Fiji.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN Generate...", label = "Drag GAN Generate...", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanGenerateCommand extends ContextCommand {

	@Parameter(label = "Model file", required = false, persist = false, description = sc.fiji.draggan.app.DefaultModel.MODEL_DESCRIPTION)
	private File model;

	@Parameter(label = "Seed", min = "0", persist = false)
	private long seed = 0;

	@Parameter(label = "Truncation psi", persist = false)
	private double psi = 0.7;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(required = false)
	private TaskService tasks;

	@Parameter
	private DragGanService service;

	@Override
	public void run() {
		result = CommandSupport.runAsTask(tasks, "Drag GAN Generate", "Drag GAN", 0, this::isCanceled,
			m -> GenerateOperation.run(CommandSupport.modelPath(model), seed, psi, device, service.registry(), m));
	}
}
