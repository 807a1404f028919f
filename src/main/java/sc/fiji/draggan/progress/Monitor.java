package sc.fiji.draggan.progress;

/**
 * Progress and cancellation of one long run (a drag, an inversion, a training run): the one
 * contract between the algorithms, which report and poll it after every step, and whoever shows
 * the run (a status bar, a SciJava task, a command line). Cancelling keeps what was done so far.
 */
public interface Monitor {

	/** A monitor that shows nothing and never cancels. */
	Monitor NONE = new Monitor() {};

	/** Step {@code done} of {@code total}, with a one-line description. */
	default void progress(final int done, final int total, final String message) {}

	/** A status line without progress. */
	default void status(final String message) {}

	/** Polled between steps: true ends the run after the current step, keeping its results. */
	default boolean isCancelled() {
		return false;
	}
}
