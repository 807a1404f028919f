package sc.fiji.draggan.engine;

import java.util.Locale;

/**
 * How many CPU threads libtorch's intra-op pool gets (docs/design.md#cpu-threads): a pure function of
 * the cores, how busy other programs keep them, and the user's overrides.
 * <p>
 * Overrides, strongest first: the request of this process ({@code --threads N} on the command line,
 * the Fiji option of <em>Drag GAN Options...</em>), the system property {@code ai.djl.pytorch.num_threads},
 * the environment variables {@code DRAGGAN_THREADS} and {@code OMP_NUM_THREADS}. Without one, the
 * policy depends on how idle pool threads wait. When they sleep ({@code OMP_WAIT_POLICY=PASSIVE}, set by the
 * launcher and, on Linux and macOS, in Fiji) it takes every core, busy or not: a waiting thread costs no CPU,
 * and the kernel shares the cores per thread, so more threads get a drag a larger fair share (measured: 1.8×
 * instead of 2.6× slower beside two busy processes, 3.1× instead of 4.4× beside four). When they spin, it
 * takes the cores that other programs leave free, rounded, at least 1: a spinning thread parked behind
 * another program holds up every parallel region.
 * <p>
 * Inter-op threads (libtorch's pool for asynchronous forks) are not used by eager drag, inversion or
 * training code; the policy asks for one so that no idle pool of core-count threads is made.
 */
public final class ThreadPolicy {

	private ThreadPolicy() {}

	/** Inter-op threads the policy asks for (unless {@code ai.djl.pytorch.num_interop_threads} is set). */
	public static final int INTER_OP_THREADS = 1;

	/** The decision: threads and why, for logs and {@code draggan version}. */
	public static final class Choice {

		public final int threads;
		/** {@code "--threads"}, {@code "DRAGGAN_THREADS"}, …, or {@code "automatic"}. */
		public final String source;
		/** Cores other programs kept busy (NaN when unknown or not used). */
		public final double othersBusy;
		public final int cores;
		/** Idle pool threads sleep (automatic choice only). */
		public final boolean idleThreadsSleep;

		Choice(final int threads, final String source, final double othersBusy, final int cores) {
			this(threads, source, othersBusy, cores, false);
		}

		Choice(final int threads, final String source, final double othersBusy, final int cores, final boolean idleThreadsSleep) {
			this.threads = threads;
			this.source = source;
			this.othersBusy = othersBusy;
			this.cores = cores;
			this.idleThreadsSleep = idleThreadsSleep;
		}

		@Override
		public String toString() {
			if (!"automatic".equals(source)) return threads + " (" + source + ")";
			final String idle = idleThreadsSleep ? ", idle threads sleep" : "";
			if (Double.isNaN(othersBusy)) return String.format(Locale.ROOT, "%d (automatic: %d cores, load of other programs unknown%s)", threads, cores,
				idle);
			return String.format(Locale.ROOT, "%d (automatic: %d cores, %.1f busy with other programs%s)", threads, cores, othersBusy, idle);
		}
	}

	/** The user's overrides, each null when absent (raw text as given). */
	public static final class Overrides {

		final Integer requested;
		final String djlProperty, dragganEnv, ompEnv;

		public Overrides(final Integer requested, final String djlProperty, final String dragganEnv, final String ompEnv) {
			this.requested = requested;
			this.djlProperty = djlProperty;
			this.dragganEnv = dragganEnv;
			this.ompEnv = ompEnv;
		}

		public static final Overrides NONE = new Overrides(null, null, null, null);
	}

	/**
	 * @param cores processors this process may use (at least 1)
	 * @param othersBusy cores kept busy by other programs lately (NaN when unknown: then all cores)
	 * @param idleThreadsSleep the OpenMP pool's idle threads sleep (passive wait policy): then all cores
	 * @throws IllegalArgumentException for a request, {@code ai.djl.pytorch.num_threads} or
	 *         {@code DRAGGAN_THREADS} that is not a whole number ≥ 1 ({@code OMP_NUM_THREADS} that is
	 *         not one is ignored, as other OpenMP programs may use its list form)
	 */
	public static Choice choose(final int cores, final double othersBusy, final boolean idleThreadsSleep, final Overrides o) {
		final int n = Math.max(1, cores);
		if (o.requested != null) return new Choice(positive(o.requested, "--threads"), "--threads or the Fiji option", Double.NaN, n);
		if (o.djlProperty != null) return new Choice(parse(o.djlProperty, "ai.djl.pytorch.num_threads"), "ai.djl.pytorch.num_threads", Double.NaN, n);
		if (o.dragganEnv != null && !o.dragganEnv.trim().isEmpty()) return new Choice(parse(o.dragganEnv, "DRAGGAN_THREADS"), "DRAGGAN_THREADS", Double.NaN, n);
		final Integer omp = ompThreads(o.ompEnv);
		if (omp != null) return new Choice(omp, "OMP_NUM_THREADS", Double.NaN, n);
		return new Choice(automatic(n, othersBusy, idleThreadsSleep), "automatic", othersBusy, n, idleThreadsSleep);
	}

	/** All cores when idle threads sleep or the load is unknown; else the free cores, rounded, between 1 and {@code cores}. */
	static int automatic(final int cores, final double othersBusy, final boolean idleThreadsSleep) {
		if (idleThreadsSleep || Double.isNaN(othersBusy) || othersBusy <= 0) return cores;
		final long free = Math.round(cores - othersBusy);
		return (int) Math.max(1, Math.min(cores, free));
	}

	/** The first number of {@code OMP_NUM_THREADS} (it may be a list for nested levels), or null. */
	static Integer ompThreads(final String v) {
		if (v == null) return null;
		final String first = v.split(",", -1)[0].trim();
		try {
			final int n = Integer.parseInt(first);
			return n >= 1 ? n : null;
		}
		catch (final NumberFormatException e) {
			return null;
		}
	}

	static int parse(final String v, final String what) {
		try {
			return positive(Integer.parseInt(v.trim()), what);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(what + " must be a whole number of threads (1 or more), got '" + v + "'");
		}
	}

	private static int positive(final int n, final String what) {
		if (n < 1) throw new IllegalArgumentException(what + " must be 1 or more, got " + n);
		return n;
	}
}
