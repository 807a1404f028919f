package sc.fiji.draggan.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench … --busy N}: N other programs that keep one core each busy beside the benchmark, so a
 * load test can be repeated anywhere (docs/design.md#cpu-threads). Each is a separate JVM running
 * {@link #main}: a loop that spins until its standard input closes, i.e. until {@link #close()} or
 * the death of this process, so none outlives the benchmark.
 */
final class BusyLoad implements AutoCloseable {

	/** Time the busy processes get to start before the benchmark. */
	static final long SETTLE_MILLIS = 1500;

	private final List<Process> processes = new ArrayList<>();

	/**
	 * Starts {@code n} busy processes and waits until they are running.
	 *
	 * @param settleMillis time given to them before the benchmark starts
	 */
	BusyLoad(final int n, final long settleMillis) throws IOException {
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		try {
			for (int i = 0; i < n; i++) {
				final ProcessBuilder pb = new ProcessBuilder(java, "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), BusyLoad.class.getName());
				pb.redirectOutput(ProcessBuilder.Redirect.INHERIT); // it prints nothing
				pb.redirectError(ProcessBuilder.Redirect.INHERIT);
				processes.add(pb.start());
			}
			Thread.sleep(settleMillis);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final IOException | RuntimeException e) {
			close();
			throw e;
		}
		for (final Process p : processes) {
			if (!p.isAlive()) {
				close();
				throw new IOException("a --busy process ended at once (exit status " + p.exitValue() + ")");
			}
		}
	}

	int size() {
		return processes.size();
	}

	@Override
	public void close() {
		for (final Process p : processes) {
			try {
				p.getOutputStream().close(); // the loop ends when its input closes
			}
			catch (final IOException e) {
				// already gone
			}
		}
		for (final Process p : processes) {
			try {
				if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly();
			}
			catch (final InterruptedException e) {
				p.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The busy process: spins on one thread until standard input ends. */
	public static void main(final String[] args) throws IOException {
		final Thread spin = new Thread(() -> {
			long x = 1;
			while (!Thread.currentThread().isInterrupted()) {
				for (int i = 0; i < 1_000_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
				if (x == 42) System.out.print(""); // keeps the loop from being optimised away
			}
		}, "busy");
		spin.setDaemon(true);
		spin.start();
		final InputStream in = System.in;
		while (in.read() >= 0) {
			// wait for end of input
		}
		System.exit(0);
	}
}
