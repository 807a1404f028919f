package sc.fiji.draggan.plugin;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.draggan.ij.EngineInfo;

/**
 * {@code Plugins>Drag GAN>Drag GAN Info}: engine, versions, devices, natives, the device a run
 * would use, and the configuration of {@code model=} (none or empty: the bundled cell model).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN Info", label = "Drag GAN Info", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanInfoCommand extends ContextCommand {

	@Parameter(label = "Model file", required = false, persist = false, description = sc.fiji.draggan.app.DefaultModel.MODEL_DESCRIPTION)
	private File model;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT)
	private String info;

	@Override
	public void run() {
		info = CommandSupport.withUserErrors(() -> EngineInfo.describe(CommandSupport.modelPath(model), device));
	}
}
