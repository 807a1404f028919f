package sc.fiji.draggan.engine;

import java.lang.management.ManagementFactory;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Applies the {@link ThreadPolicy} to libtorch (docs/design.md#cpu-threads): when the engine starts,
 * when a run starts ({@link #adjust()}) and, during a long run, every few seconds between steps
 * ({@link #readjust()}), so a drag that began on a quiet machine gives cores back when other programs
 * start, and takes them again when they stop.
 * <p>
 * libtorch keeps the thread count per calling thread (OpenMP), so the count is applied on the thread
 * that computes.
 */
public final class CpuThreads {

	private CpuThreads() {}

	/** Between-step re-evaluation interval. */
	static final long READJUST_NANOS = 5_000_000_000L;
	/** A reading older than this is not used for the next decision; a fresh short sample is taken. */
	static final long STALE_NANOS = 30_000_000_000L;
	/** Length of a fresh sample. */
	static final long SAMPLE_MILLIS = 150;

	private static volatile Integer requested;
	private static volatile ThreadPolicy.Choice current;
	private static CpuLoad.Reading last;
	private static long lastOwnCpuNanos = -1, lastNanos;
	private static final ThreadLocal<Integer> applied = new ThreadLocal<>();

	/**
	 * This process's request ({@code --threads N}, the Fiji option); null or 0 for automatic.
	 *
	 * @throws IllegalArgumentException for a negative count
	 */
	public static void request(final Integer threads) {
		if (threads != null && threads < 0) throw new IllegalArgumentException("threads must be 0 (automatic) or more, got " + threads);
		requested = threads == null || threads == 0 ? null : threads;
		current = null;
	}

	/** The current request, or null for automatic. */
	public static Integer requested() {
		return requested;
	}

	/** The last decision (null before the engine started). */
	public static ThreadPolicy.Choice current() {
		return current;
	}

	/** Decides from a fresh view of the load and applies the count on this thread; starts the engine if needed. */
	public static ThreadPolicy.Choice adjust() {
		Djl.engine();
		final ThreadPolicy.Choice c = decide(true);
		apply(c.threads);
		return c;
	}

	/** Between steps: at most every few seconds, decides again from the readings since the last one, and applies. */
	public static void readjust() {
		final ThreadPolicy.Choice c;
		synchronized (CpuThreads.class) {
			if (current != null && System.nanoTime() - lastNanos < READJUST_NANOS) c = current;
			else c = decide(false);
		}
		apply(c.threads);
	}

	/** The decision at engine start (the engine's natives are loading: nothing is applied here). */
	static ThreadPolicy.Choice atEngineStart() {
		return decide(true);
	}

	/**
	 * The intra-op thread count libtorch uses on this thread: what the policy applied here, else libtorch's
	 * own; for Java kernels that run beside libtorch's ops and should split their work the same way.
	 */
	public static int onThisThread() {
		final Integer had = applied.get();
		return had != null ? had : Math.max(1, JniUtils.getNumThreads());
	}

	/** Applies {@code threads} to libtorch on this thread, when it differs from what this thread has. */
	static void apply(final int threads) {
		final Integer had = applied.get();
		if (had != null && had == threads) return;
		JniUtils.setNumThreads(threads);
		applied.set(threads);
	}

	private static synchronized ThreadPolicy.Choice decide(final boolean freshIfStale) {
		final ThreadPolicy.Overrides o = new ThreadPolicy.Overrides(requested, System.getProperty("ai.djl.pytorch.num_threads"),
			System.getenv("DRAGGAN_THREADS"), System.getenv("OMP_NUM_THREADS"));
		final int cores = Runtime.getRuntime().availableProcessors();
		final boolean sleep = NativeEnvironment.idleThreadsSleep();
		final ThreadPolicy.Choice probe = ThreadPolicy.choose(cores, Double.NaN, sleep, o);
		if (!"automatic".equals(probe.source)) return current = probe;
		current = ThreadPolicy.choose(cores, othersBusy(cores, freshIfStale), sleep, o);
		return current;
	}

	/** Cores other programs used lately: since the last reading, or in a short fresh sample. */
	private static double othersBusy(final int cores, final boolean freshIfStale) {
		final long now = System.nanoTime();
		CpuLoad.Reading a = last;
		if (a == null || freshIfStale && now - a.nanos > STALE_NANOS || now - a.nanos < SAMPLE_MILLIS * 1_000_000L) {
			a = CpuLoad.read();
			if (a != null) sleep();
		}
		final CpuLoad.Reading b = CpuLoad.read();
		final long before = lastNanos;
		lastNanos = System.nanoTime();
		if (a == null || b == null) return withoutProc(before);
		last = b;
		return CpuLoad.othersBusy(a, b, cores);
	}

	/** Without /proc: load average less this process's average use since the last decision. */
	private static double withoutProc(final long since) {
		final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		double own = 0;
		if (os instanceof com.sun.management.OperatingSystemMXBean) {
			final long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime(), now = System.nanoTime();
			if (lastOwnCpuNanos >= 0 && cpu >= 0) own = (cpu - lastOwnCpuNanos) / (double) Math.max(1, now - since);
			lastOwnCpuNanos = cpu;
		}
		return CpuLoad.loadAverageLessOwn(own);
	}

	private static void sleep() {
		try {
			Thread.sleep(SAMPLE_MILLIS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
