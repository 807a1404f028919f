package sc.fiji.draggan.checkpoint;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.draggan.ij.ImageHeaders;
import sc.fiji.draggan.io.Npy;

/**
 * Fuzz suite: every reader of outside files (model loader for .pkl, torch.save .zip and .safetensors;
 * .npy; images) against hostile files ({@link HostileFiles}: memo bombs, deep nesting, module graphs,
 * stride-0 views, ZIP bombs and lying sizes, deep JSON, lying .npy/TIFF/PNG headers) and random
 * mutations of valid files. Each case must end within a time limit, allocate a bounded number of
 * bytes (measured per thread with {@code com.sun.management.ThreadMXBean}), and either succeed or
 * fail with a checked {@link IOException} whose message is one short line; never an
 * OutOfMemoryError, StackOverflowError or runtime exception.
 * <p>
 * Fast by default (a few hundred cases). {@code -Ddraggan.fuzz=long} runs the benchmark-style mode:
 * real-size bombs (1 GB of zeros, a full 20000² PNG) and 200 mutations per kind and file type;
 * {@code -Ddraggan.fuzz.seed=N} changes the mutations, {@code -Ddraggan.fuzz.mutations=N} their number per kind,
 * {@code -Ddraggan.fuzz.only=WORD} keeps the kinds naming WORD, {@code -Ddraggan.fuzz.verbose=true} prints every outcome. The table of kinds, counts, clean outcomes,
 * worst time and worst allocation is printed and written to {@code target/hostile-input-report.txt}.
 */
public class HostileInputTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final boolean LONG = "long".equals(System.getProperty("draggan.fuzz"));
	/** Per case; generous for a loaded build machine, far below what a bomb takes. */
	private static final long TIME_LIMIT_MS = LONG ? 60_000 : 20_000;
	/** Message length: the file path plus a clipped reason. */
	private static final int MAX_MESSAGE = 700;

	/** Allocation allowed for one case: a fixed allowance plus a multiple of the file size. */
	private static long allocationLimit(final long fileSize) {
		return (96L << 20) + 16 * fileSize;
	}

	private static final class Outcome {

		final HostileFiles.Case c;
		final long millis, allocated;
		final Throwable error;
		final boolean timedOut;

		Outcome(final HostileFiles.Case c, final long millis, final long allocated, final Throwable error, final boolean timedOut) {
			this.c = c;
			this.millis = millis;
			this.allocated = allocated;
			this.error = error;
			this.timedOut = timedOut;
		}

		/** Null when clean, else why not. */
		String problem() {
			if (timedOut) return "took longer than " + TIME_LIMIT_MS + " ms";
			if (allocated > allocationLimit(c.bytes.length)) return "allocated " + (allocated >> 20) + " MB";
			if (error == null) return null;
			if (!(error instanceof IOException)) return "threw " + error.getClass().getName() + ": " + error.getMessage();
			final String m = error.getMessage();
			if (m == null || m.isEmpty()) return "IOException without a message";
			if (m.length() > MAX_MESSAGE) return "message of " + m.length() + " characters";
			if (m.indexOf('\n') >= 0) return "message of several lines";
			return null;
		}
	}

	@Test
	public void everyReaderFailsCleanlyOnHostileInput() throws Exception {
		final long seed = Long.getLong("draggan.fuzz.seed", 20261204L);
		final HostileFiles files = new HostileFiles(seed, LONG, Integer.getInteger("draggan.fuzz.mutations", LONG ? 200 : 12));
		final Path dir = tmp.newFolder("valid").toPath();
		final List<HostileFiles.Case> cases = new ArrayList<>(files.hostile(dir));
		cases.addAll(files.mutations(dir));
		final String only = System.getProperty("draggan.fuzz.only"); // e.g. "tiff": only kinds containing this
		if (only != null) cases.removeIf(c -> !c.kind.contains(only));

		final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		final List<Outcome> outcomes = new ArrayList<>();
		ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "hostile-input"));
		try {
			int i = 0;
			for (final HostileFiles.Case c : cases) {
				final Path f = tmp.getRoot().toPath().resolve(String.format(Locale.ROOT, "c%04d-%s", i++, c.name));
				Files.write(f, c.bytes);
				final long[] allocated = { 0 };
				final long t0 = System.nanoTime();
				final Future<Throwable> run = pool.submit(() -> {
					final long id = Thread.currentThread().getId();
					final long before = threads.getThreadAllocatedBytes(id);
					try {
						read(c.reader, f);
						return null;
					}
					catch (final Throwable e) {
						return e;
					}
					finally {
						allocated[0] = threads.getThreadAllocatedBytes(id) - before;
					}
				});
				Throwable error;
				boolean timedOut = false;
				try {
					error = run.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
				}
				catch (final TimeoutException e) {
					timedOut = true;
					error = null;
					run.cancel(true);
					pool.shutdownNow(); // the stuck thread is abandoned; later cases get a fresh one
					pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "hostile-input"));
				}
				outcomes.add(new Outcome(c, (System.nanoTime() - t0) / 1_000_000, allocated[0], error, timedOut));
				if (Boolean.getBoolean("draggan.fuzz.verbose") && error != null && outcomes.get(outcomes.size() - 1).problem() != null) error.printStackTrace(System.out);
				if (Boolean.getBoolean("draggan.fuzz.verbose"))
					System.out.println(c.kind + " / " + c.name + ": " + (error == null ? "read" : error.getClass().getSimpleName() + ": " + error.getMessage() +
						(error.getCause() != null && error.getCause().getStackTrace().length > 0 ? " [at " + error.getCause().getStackTrace()[0] + "]" : "")));
				Files.delete(f);
			}
		}
		finally {
			pool.shutdownNow();
		}

		final String table = table(outcomes);
		System.out.println(table);
		final Path report = java.nio.file.Paths.get("target", "hostile-input-report.txt");
		if (Files.isDirectory(report.getParent())) Files.write(report, table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		final StringBuilder failures = new StringBuilder();
		for (final Outcome o : outcomes) {
			final String p = o.problem();
			if (p != null) failures.append("\n  ").append(o.c.kind).append(" / ").append(o.c.name).append(": ").append(p);
		}
		assertTrue("not clean:" + failures + "\n" + table, failures.length() == 0);
	}

	private static void read(final HostileFiles.Reader reader, final Path f) throws IOException {
		switch (reader) {
			case MODEL:
				ModelLoader.load(f);
				break;
			case NPY:
				Npy.read(f);
				break;
			case TRAINING_CHECKPOINT:
				sc.fiji.draggan.train.SafetensorsFile.read(f, new sc.fiji.draggan.tensor.StateDict());
				break;
			default:
				ImageHeaders.open(f);
		}
	}

	/** Kind | cases | clean | worst time | worst allocation. */
	private static String table(final List<Outcome> outcomes) {
		final Map<String, long[]> rows = new LinkedHashMap<>(); // count, clean, worst ms, worst bytes
		for (final Outcome o : outcomes) {
			final long[] r = rows.computeIfAbsent(o.c.kind, k -> new long[4]);
			r[0]++;
			if (o.problem() == null) r[1]++;
			r[2] = Math.max(r[2], o.millis);
			r[3] = Math.max(r[3], o.allocated);
		}
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-22s %6s %6s %10s %12s%n", "hostile input", "cases", "clean",
			"worst ms", "worst alloc"));
		long n = 0, clean = 0;
		for (final Map.Entry<String, long[]> e : rows.entrySet()) {
			final long[] r = e.getValue();
			s.append(String.format(Locale.ROOT, "%-22s %6d %6d %10d %9.1f MB%n", e.getKey(), r[0], r[1], r[2], r[3] / 1048576.0));
			n += r[0];
			clean += r[1];
		}
		s.append(String.format(Locale.ROOT, "%-22s %6d %6d%n", "total", n, clean));
		return s.toString();
	}
}
