package sc.fiji.draggan.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits {@code 0 … n} into one contiguous range per thread and runs them, the caller's thread taking the
 * first: for the Java kernels that work beside libtorch on as many threads as it uses on the calling thread
 * ({@link CpuThreads#onThisThread()}). The other ranges run on a shared pool of daemon threads that end after
 * a minute idle (a drag calls these kernels several times per step: starting threads each time made garbage
 * and cost time). Waits for every range, even when interrupted (they write into the caller's arrays), and
 * rethrows the first failure.
 */
public final class ParallelRanges {

	/** The work of one range. */
	public interface Range {
		void run(int part, int from, int to);
	}

	private static final AtomicInteger NAMES = new AtomicInteger();
	private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
		new SynchronousQueue<Runnable>(), r -> {
			final Thread t = new Thread(r, "draggan-kernel-" + NAMES.incrementAndGet());
			t.setDaemon(true);
			return t;
		});

	private ParallelRanges() {}

	/**
	 * @param n the number of items
	 * @param threads at most this many threads (the caller's among them); more than n is cut to n
	 */
	public static void run(final int n, final int threads, final Range body) {
		final int t = Math.max(1, Math.min(threads, n));
		final Future<?>[] others = new Future<?>[t - 1];
		for (int i = 1; i < t; i++) {
			final int part = i, from = (int) ((long) n * i / t), to = (int) ((long) n * (i + 1) / t);
			others[i - 1] = POOL.submit(() -> body.run(part, from, to));
		}
		RuntimeException failure = null;
		try {
			body.run(0, 0, (int) ((long) n / t));
		}
		catch (final RuntimeException e) {
			failure = e;
		}
		boolean interrupted = false;
		for (final Future<?> f : others) {
			while (true) {
				try {
					f.get();
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true;
				}
				catch (final ExecutionException e) {
					if (failure == null) failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() :
						new IllegalStateException(e.getCause());
					break;
				}
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
		if (failure != null) throw failure;
	}
}
