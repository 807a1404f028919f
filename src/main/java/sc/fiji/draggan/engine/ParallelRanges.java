package sc.fiji.draggan.engine;

/**
 * Splits {@code 0 … n} into one contiguous range per thread and runs them, the caller's thread taking the
 * first: for the Java kernels that work beside libtorch on as many threads as it uses on the calling thread
 * ({@link CpuThreads#onThisThread()}). Waits for every range, even when interrupted (they write into the
 * caller's arrays), and rethrows the first failure.
 */
public final class ParallelRanges {

	/** The work of one range. */
	public interface Range {
		void run(int part, int from, int to);
	}

	private ParallelRanges() {}

	/**
	 * @param n the number of items
	 * @param threads at most this many threads (the caller's among them); more than n is cut to n
	 * @param name prefix of the helper threads' names
	 */
	public static void run(final int n, final int threads, final String name, final Range body) {
		final int t = Math.max(1, Math.min(threads, n));
		final Thread[] helpers = new Thread[t - 1];
		final RuntimeException[] failure = new RuntimeException[t];
		for (int i = t - 1; i >= 0; i--) {
			final int part = i, from = (int) ((long) n * i / t), to = (int) ((long) n * (i + 1) / t);
			final Runnable r = () -> {
				try {
					body.run(part, from, to);
				}
				catch (final RuntimeException e) {
					failure[part] = e;
				}
			};
			if (i == 0) r.run();
			else {
				helpers[i - 1] = new Thread(r, name + "-" + i);
				helpers[i - 1].setDaemon(true);
				helpers[i - 1].start();
			}
		}
		boolean interrupted = false;
		for (final Thread h : helpers) {
			while (true) {
				try {
					h.join();
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true;
				}
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
		for (final RuntimeException e : failure)
			if (e != null) throw e;
	}
}
