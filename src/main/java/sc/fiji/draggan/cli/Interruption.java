package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a long run keeps the work done so far. A JVM shutdown hook asks the run
 * to stop ({@link #requested()}, polled between steps), then waits until the verb has written its
 * outputs ({@link #close()}) before the JVM exits. Before {@link #arm()} (model loading, inversion)
 * nothing is waited for. Atomic writes make an interruption during the final write harmless too.
 * {@link DragGanCli} installs one around each verb; a verb arms it and polls it.
 */
final class Interruption implements AutoCloseable {

	/** How long the JVM waits at most for the last step and the writes. */
	private static final long WAIT_SECONDS = 120;

	private final String verb;
	private final PrintStream err;
	private final Thread hook;
	private final CountDownLatch written = new CountDownLatch(1);
	private volatile boolean armed, requested;
	/** The interruption of the verb the command line is running (none outside {@link DragGanCli#run}). */
	private static volatile Interruption current;

	Interruption(final String verb, final PrintStream err) {
		this.verb = verb;
		this.err = err;
		this.hook = new Thread(this::onShutdown, "draggan " + verb + " interruption");
		try {
			Runtime.getRuntime().addShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// already shutting down
		}
	}

	/** The running verb's interruption; a detached one (never armed by a hook) outside the command line. */
	static Interruption current() {
		final Interruption i = current;
		return i != null ? i : new Interruption();
	}

	/** Installed by {@link DragGanCli#run} around one verb; closed when the verb returned, its outputs written. */
	static Interruption install(final String verb, final PrintStream err) {
		final Interruption i = new Interruption(verb, err);
		current = i;
		return i;
	}

	private Interruption() {
		this.verb = "";
		this.err = System.err;
		this.hook = null;
		written.countDown();
	}

	/** From now on an interruption stops the run and waits for its outputs. */
	void arm() {
		armed = true;
	}

	/** True once an interruption asked the run to stop. */
	boolean requested() {
		return requested;
	}

	private void onShutdown() {
		if (!armed || written.getCount() == 0) return;
		requested = true;
		err.println("draggan " + verb + ": interrupted; finishing the current step and writing what is done so far");
		err.flush();
		try {
			if (!written.await(WAIT_SECONDS, TimeUnit.SECONDS))
				err.println("draggan " + verb + ": gave up waiting after " + WAIT_SECONDS + " s; the previous output files are unchanged");
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The run ended and its outputs are written (or it failed): the hook is released or removed. */
	@Override
	public void close() {
		written.countDown();
		if (current == this) current = null;
		if (hook == null || requested) return; // detached, or the hook is running and now returns
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// shutting down already
		}
	}
}
