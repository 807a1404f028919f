package sc.fiji.draggan.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.service.Service;
import org.scijava.task.TaskService;

import ij.IJ;

/**
 * Runs our SciJava commands from ImageJ 1.x code (the menu entries, the tool). In Fiji it uses the
 * application context (imagej-legacy answers {@code IJ.runPlugIn("org.scijava.Context", "")},
 * docs/fiji-plugin.md#scijava-context-from-imagej-1x-code); in plain ImageJ 1.x it makes one small context of its own, finding plugins
 * with this jar's class loader (plain ImageJ loads plugins through its own class loader).
 */
public final class SciJava {

	private SciJava() {}

	private static Context own;

	/** The context to run commands in. */
	public static synchronized Context context() {
		final Context fiji = fijiContext();
		if (fiji != null) return fiji;
		if (own == null) {
			final ClassLoader ours = SciJava.class.getClassLoader();
			final Thread t = Thread.currentThread();
			final ClassLoader old = t.getContextClassLoader();
			t.setContextClassLoader(ours);
			try {
				final List<Class<? extends Service>> services = new ArrayList<>(Arrays.<Class<? extends Service>> asList(CommandService.class,
					TaskService.class, LogService.class, DragGanService.class));
				own = new Context(services, new PluginIndex(new DefaultPluginFinder(ours)));
				// failures are reported once, by the menu entry (dialog or Log); not also as a stack trace on stderr
				own.service(LogService.class).setLevel("org.scijava.module", LogLevel.NONE);
			}
			finally {
				t.setContextClassLoader(old);
			}
		}
		return own;
	}

	/** Fiji's application context, or null in plain ImageJ 1.x (no imagej-legacy). */
	static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, SciJava.class.getClassLoader());
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return null;
		}
		final Object o = IJ.runPlugIn("org.scijava.Context", "");
		return o instanceof Context ? (Context) o : null;
	}

	/**
	 * Runs a command with all inputs given and waits for it (so macros run in sequence). No
	 * pre-processing: nothing asks for missing inputs or records the call — the IJ1 entry records.
	 *
	 * @throws Exception the command's failure, unwrapped
	 */
	public static CommandModule run(final Class<? extends Command> command, final Map<String, Object> inputs) throws Exception {
		final Context ctx = context();
		try {
			return ctx.service(CommandService.class).run(command, false, inputs).get();
		}
		catch (final java.util.concurrent.ExecutionException e) {
			Throwable t = e;
			while ((t instanceof java.util.concurrent.ExecutionException || (t instanceof RuntimeException && t.getCause() != null &&
				t.getClass() == RuntimeException.class)) && t.getCause() != null) t = t.getCause();
			if (t instanceof Exception) throw (Exception) t;
			throw e;
		}
	}
}
