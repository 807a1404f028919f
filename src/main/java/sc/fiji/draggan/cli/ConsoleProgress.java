package sc.fiji.draggan.cli;

import java.io.PrintStream;

import sc.fiji.draggan.progress.Monitor;

/**
 * Progress of a command-line run on stderr, so the one JSON line on stdout stays alone: every status
 * line, and step progress at most every {@value #EVERY_MS} ms (and the last step), each prefixed with
 * the verb — no minutes of silence while a model loads, a picture inverts or a drag runs.
 */
final class ConsoleProgress implements Monitor {

	static final long EVERY_MS = 2000;

	private final String prefix;
	private final PrintStream err;
	private long lastPrint;
	private final long t0 = System.nanoTime();

	ConsoleProgress(final String verb, final PrintStream err) {
		this.prefix = "draggan " + verb + ": ";
		this.err = err;
	}

	@Override
	public void status(final String message) {
		line(message);
	}

	@Override
	public void progress(final int done, final int total, final String message) {
		final long now = System.nanoTime() / 1_000_000;
		if (done >= total || now - lastPrint >= EVERY_MS) line(message);
	}

	/** A line with the seconds since the start. */
	void line(final String message) {
		lastPrint = System.nanoTime() / 1_000_000;
		err.println(String.format(java.util.Locale.ROOT, "%s[%5.1f s] %s", prefix, (System.nanoTime() - t0) / 1e9, message));
		err.flush();
	}
}
