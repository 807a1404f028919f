package sc.fiji.draggan.plugin;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.Prefs;
import sc.fiji.draggan.engine.CpuThreads;

/**
 * {@code Plugins>Drag GAN>Drag GAN Options...}: CPU threads for every Drag GAN run of this Fiji
 * (0 = automatic: the cores other programs leave free; docs/design.md#cpu-threads). Kept in the
 * ImageJ preferences ({@link #PREF}) and applied again when Fiji starts ({@link DragGanService}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN Options...", label = "Drag GAN Options...", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanOptionsCommand extends ContextCommand {

	/** ImageJ preference key of the thread count. */
	static final String PREF = "draggan.threads";

	@Parameter(label = "CPU threads (0 = automatic)", min = "0", persist = false)
	private int threads = (int) Prefs.get(PREF, 0);

	@Parameter(type = ItemIO.OUTPUT)
	private String info;

	@Override
	public void run() {
		info = CommandSupport.withUserErrors(() -> {
			apply(threads);
			Prefs.set(PREF, threads);
			return "Drag GAN CPU threads: " + (threads == 0 ? "automatic (the cores other programs leave free)" : Integer.toString(threads));
		});
	}

	/** The saved option, applied to this process (at start-up and after a change). */
	static void apply(final int threads) {
		CpuThreads.request(threads);
	}

	/** The saved option: 0 for automatic. */
	static int saved() {
		return (int) Prefs.get(PREF, 0);
	}
}
