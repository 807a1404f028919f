package sc.fiji.draggan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.draggan.model.GeneratorImage;

/**
 * Keeps the frames a long run has recorded so far and, when the JVM is stopped before the run ends
 * (Ctrl-C, SIGTERM), writes them to the run's output stack from a shutdown hook and says so on stderr.
 * Install it before the run, add frames as they come, and {@link #close()} it when the run finished
 * (the normal writer then writes the full result).
 */
final class PartialResults implements AutoCloseable {

	private final String verb;
	private final Path out;
	private final PrintStream err;
	private final List<GeneratorImage> frames = new ArrayList<>();
	private final List<String> labels = new ArrayList<>();
	private final Thread hook;
	private int steps;
	private boolean finished;

	PartialResults(final String verb, final Path out, final PrintStream err) {
		this.verb = verb;
		this.out = out;
		this.err = err;
		this.hook = new Thread(this::writeIfUnfinished, "draggan " + verb + " partial results");
		try {
			Runtime.getRuntime().addShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// already shutting down: nothing to keep
		}
	}

	/** One more step done; {@code frame} (may be null) is its recorded image. */
	synchronized void step(final int step, final GeneratorImage frame) {
		steps = Math.max(steps, step);
		if (frame != null) {
			frames.add(frame);
			labels.add("step " + step);
		}
	}

	private synchronized void writeIfUnfinished() {
		if (finished) return;
		finished = true;
		if (frames.isEmpty()) {
			err.println("draggan " + verb + ": interrupted after " + steps + " steps, before any frame was recorded; nothing written");
			return;
		}
		try {
			ImageFiles.writeStack(frames, labels, out);
			err.println("draggan " + verb + ": interrupted after " + steps + " steps; wrote the " + frames.size() + " frames done so far to " + out);
		}
		catch (final IOException | RuntimeException e) {
			err.println("draggan " + verb + ": interrupted after " + steps + " steps; could not write the frames done so far (" +
				sc.fiji.draggan.io.Messages.of(e) + ")");
		}
		err.flush();
	}

	/** The run ended (normally or with an error): the hook is removed and writes nothing. */
	@Override
	public synchronized void close() {
		finished = true;
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// shutting down already
		}
	}
}
