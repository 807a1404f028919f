package sc.fiji.draggan.ij;

import sc.fiji.draggan.progress.Monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import ij.IJ;

/**
 * Progress and cancel of one long run (docs/fiji-plugin.md#progress-and-cancel): the ImageJ status bar and progress
 * bar, plus any other listeners (a SciJava {@code Task} in Fiji); cancelled by Esc, by the caller
 * ({@link #cancel()}, e.g. a click in the Drag GAN tool) or by any other registered source (Fiji's
 * task stop button). Whoever runs the loop polls {@link #isCancelled()} every step.
 */
public final class RunMonitor implements Monitor {

	private final String name;
	private final List<BooleanSupplier> cancelSources = new ArrayList<>();
	private final List<Listener> listeners = new ArrayList<>();
	private volatile boolean cancelled;
	private final boolean watchEscape;

	/** @param watchEscape poll {@link IJ#escapePressed()} (resets it now) */
	public RunMonitor(final String name, final boolean watchEscape) {
		this.name = name;
		this.watchEscape = watchEscape;
		if (watchEscape) IJ.resetEscape();
	}

	/** Another way to cancel, polled with the others. */
	public RunMonitor cancelWhen(final BooleanSupplier source) {
		cancelSources.add(source);
		return this;
	}

	/** Receives every status line and progress (e.g. a SciJava task). */
	public interface Listener {
		/** @param done steps done, or -1 for a status line without progress */
		void update(int done, int total, String line);
	}

	public RunMonitor listen(final Listener listener) {
		listeners.add(listener);
		return this;
	}

	public void cancel() {
		cancelled = true;
	}

	@Override
	public boolean isCancelled() {
		if (cancelled) return true;
		if (watchEscape && IJ.escapePressed()) cancelled = true;
		for (final BooleanSupplier s : cancelSources) if (s.getAsBoolean()) cancelled = true;
		return cancelled;
	}

	/** Step {@code done} of {@code total}: status line and progress bar. */
	@Override
	public void progress(final int done, final int total, final String message) {
		final String line = name + ": " + message;
		IJ.showStatus(line);
		IJ.showProgress(done, total);
		for (final Listener l : listeners) l.update(done, total, line);
	}

	/** A status line without progress. */
	@Override
	public void status(final String message) {
		final String line = name + ": " + message;
		IJ.showStatus(line);
		for (final Listener l : listeners) l.update(-1, -1, line);
	}

	/** Clears the progress bar; leaves the last status line. */
	public void done() {
		IJ.showProgress(1.0);
		if (watchEscape) IJ.resetEscape();
	}
}
