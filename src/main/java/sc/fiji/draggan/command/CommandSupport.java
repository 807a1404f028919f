package sc.fiji.draggan.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.scijava.task.Task;

import ij.macro.Interpreter;
import sc.fiji.draggan.ij.RunMonitor;

/** Small helpers the commands share: inputs, windows or not, user-facing errors, task progress. */
final class CommandSupport {

	private CommandSupport() {}

	/** The model file; none given: the bundled default model (train.DefaultModel), as on the command line. */
	static Path modelPath(final File model) {
		if (model == null || model.getPath().trim().isEmpty()) {
			try {
				return sc.fiji.draggan.train.DefaultModel.path();
			}
			catch (final java.io.IOException e) {
				throw new IllegalArgumentException("no model given and the default model is unavailable (" + e.getMessage() + "): set model=[/path/to/model.pkl]");
			}
		}
		if (!model.isFile()) throw new IllegalArgumentException("model file not found: " + model);
		return model.toPath();
	}

	/** AWT works (not a headless JVM). */
	static boolean canUseAwt() {
		return !GraphicsEnvironment.isHeadless();
	}

	/** Live windows: a display and no batch-mode macro. */
	static boolean canShowWindows() {
		return canUseAwt() && !Interpreter.isBatchMode();
	}

	/** The exception a command throws for a failure, with the most telling one-line message. */
	static RuntimeException userError(final Throwable e) {
		Throwable t = e;
		while ((t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) t = t.getCause();
		if (t instanceof IllegalArgumentException) return (IllegalArgumentException) t;
		final String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
		if (t instanceof IOException) return new IllegalArgumentException(m, t);
		return new IllegalStateException(m, t);
	}

	/** Forwards progress and status lines to a SciJava task. */
	static RunMonitor.Listener toTask(final Task task) {
		return (done, total, line) -> {
			task.setStatusMessage(line);
			if (done >= 0) {
				task.setProgressMaximum(total);
				task.setProgressValue(done);
			}
		};
	}
}
