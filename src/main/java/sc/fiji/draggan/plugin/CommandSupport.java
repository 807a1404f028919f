package sc.fiji.draggan.plugin;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.scijava.task.Task;
import org.scijava.task.TaskService;

import ij.macro.Interpreter;
import sc.fiji.draggan.ij.RunMonitor;

/** Small helpers the commands share: inputs, windows or not, user-facing errors, task progress. */
final class CommandSupport {

	private CommandSupport() {}

	/** The model file; none given: the bundled default model (train.DefaultModel), as on the command line. */
	static Path modelPath(final File model) {
		if (model == null || model.getPath().trim().isEmpty()) {
			try {
				return sc.fiji.draggan.app.DefaultModel.path();
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

	/** Dialogs may open: a display, no batch-mode macro and no {@code ./draggan imagej -batch} run ({@link BatchMacro}). */
	static boolean dialogsAllowed() {
		return canShowWindows() && !Boolean.getBoolean(BatchMacro.PROPERTY);
	}

	/** Live windows: a display and no batch-mode macro. */
	static boolean canShowWindows() {
		return canUseAwt() && !Interpreter.isBatchMode();
	}

	/**
	 * The exception a command throws for any failure, errors included (out of memory, stack overflow:
	 * the work is abandoned, Fiji stays usable), with the most telling one-line message.
	 */
	static RuntimeException userError(final Throwable e) {
		Throwable t = e;
		while ((t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null && t.getCause() != t) t = t.getCause();
		final String m = sc.fiji.draggan.io.Messages.failure(t);
		if (t instanceof IllegalArgumentException && m.equals(t.getMessage())) return (IllegalArgumentException) t;
		if (t instanceof IOException || t instanceof IllegalArgumentException) return new IllegalArgumentException(m, t);
		return new IllegalStateException(m, t);
	}

	/** The work of a command, reporting to (and polling) the monitor. */
	interface MonitoredBody<T> {
		T run(RunMonitor monitor) throws Exception;
	}

	/**
	 * Runs a command's work as one SciJava task when there is a task service (docs/fiji-plugin.md#progress-and-cancel):
	 * status lines and progress go to the task; the command's cancel, the task's stop button and Esc
	 * end it; a failure becomes {@link #userError}; the task finishes either way.
	 *
	 * @param taskName the task's name
	 * @param statusName the prefix of the status lines
	 * @param progressMax the task's progress maximum before the first step, or 0 to leave it unset
	 */
	static <T> T runAsTask(final TaskService tasks, final String taskName, final String statusName, final int progressMax,
		final BooleanSupplier canceled, final MonitoredBody<T> body)
	{
		final Task task = tasks == null ? null : tasks.createTask(taskName);
		final RunMonitor monitor = new RunMonitor(statusName, true).cancelWhen(canceled);
		if (task != null) {
			if (progressMax > 0) task.setProgressMaximum(progressMax);
			task.start();
			monitor.cancelWhen(task::isCanceled).listen(toTask(task));
		}
		try (StopWindow stop = StopWindow.open(taskName)) { // interactive runs only
			if (stop.shown()) monitor.cancelWhen(stop::stopRequested).listen((done, total, line) -> stop.status(line));
			return withUserErrors(() -> body.run(monitor));
		}
		finally {
			if (task != null) task.finish();
		}
	}

	/** The result of {@code body}; any failure as {@link #userError}. */
	static <T> T withUserErrors(final Callable<T> body) {
		try {
			return body.call();
		}
		catch (final Throwable e) {
			throw userError(e);
		}
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
