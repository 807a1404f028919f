package sc.fiji.draggan.plugin;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import sc.fiji.draggan.app.ModelRegistry;

/**
 * The Drag GAN state of one SciJava context: its {@link ModelRegistry} (the model kept loaded
 * between runs, freed when the context is disposed). Every Fiji entry — commands, menu entries,
 * the tool — reaches the registry through here.
 */
@Plugin(type = Service.class)
public class DragGanService extends AbstractService implements SciJavaService {

	private final ModelRegistry registry = new ModelRegistry();

	/** Applies the saved CPU-thread option (Drag GAN Options...) to this process. */
	@Override
	public void initialize() {
		try {
			DragGanOptionsCommand.apply(DragGanOptionsCommand.saved());
		}
		catch (final RuntimeException | LinkageError e) {
			// a bad saved value: automatic threads; the options dialog shows and replaces it
		}
	}

	public ModelRegistry registry() {
		return registry;
	}

	@Override
	public void dispose() {
		registry.close();
	}
}
