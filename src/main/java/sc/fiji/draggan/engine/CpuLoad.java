package sc.fiji.draggan.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * How many cores other programs keep busy (docs/design.md#cpu-threads), for {@link ThreadPolicy}.
 * <p>
 * On Linux it compares two readings of {@code /proc/stat} (CPU time of the whole machine) and
 * {@code /proc/self/stat} (this process): the machine's busy time minus ours, per unit of wall time,
 * is what the others used. Unlike the load average it reacts within the reading interval and does
 * not count this process's own threads. Elsewhere it falls back on the one-minute load average
 * (macOS) less this process's average use since the last reading; where neither exists (Windows)
 * the load is unknown.
 */
final class CpuLoad {

	private static final Path STAT = Paths.get("/proc/stat"), SELF = Paths.get("/proc/self/stat");

	/** One reading: clock ticks of the machine (busy, total), of this process, and the wall clock. */
	static final class Reading {

		final long busy, total, own;
		final int cpus;
		final long nanos;

		Reading(final long busy, final long total, final long own, final int cpus, final long nanos) {
			this.busy = busy;
			this.total = total;
			this.own = own;
			this.cpus = cpus;
			this.nanos = nanos;
		}
	}

	private CpuLoad() {}

	/** A reading, or null where {@code /proc} is not there. */
	static Reading read() {
		try {
			final List<String> stat = Files.readAllLines(STAT, StandardCharsets.US_ASCII);
			final String self = new String(Files.readAllBytes(SELF), StandardCharsets.US_ASCII);
			return parse(stat, self, System.nanoTime());
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

	/** Parses the texts of {@code /proc/stat} and {@code /proc/self/stat}. */
	static Reading parse(final List<String> stat, final String self, final long nanos) {
		long busy = -1, total = 0;
		int cpus = 0;
		for (final String line : stat) {
			if (line.startsWith("cpu ")) {
				// user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
				final String[] f = line.trim().split("\\s+");
				final long[] v = new long[8];
				for (int i = 0; i < v.length && i + 1 < f.length; i++) v[i] = Long.parseLong(f[i + 1]);
				total = 0;
				for (final long x : v) total += x;
				busy = total - v[3] - v[4];
			}
			else if (line.startsWith("cpu")) cpus++;
		}
		if (busy < 0 || cpus == 0) throw new IllegalArgumentException("no cpu line in /proc/stat");
		// the command name in parentheses may hold spaces: count fields after the last ')'
		final String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
		final long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
		return new Reading(busy, total, own, cpus, nanos);
	}

	/**
	 * Cores that other programs used between two readings, scaled to {@code cores} (this process's
	 * share of the machine), or NaN when the interval is too short to tell.
	 */
	static double othersBusy(final Reading a, final Reading b, final int cores) {
		final long dTotal = b.total - a.total;
		if (dTotal <= 0) return Double.NaN;
		final double wallTicksPerCpu = dTotal / (double) b.cpus;
		final double others = Math.max(0, (b.busy - a.busy) - (b.own - a.own)) / wallTicksPerCpu;
		return others * Math.min(1.0, cores / (double) b.cpus);
	}

	/** Fallback without {@code /proc}: the one-minute load average less this process's recent use, or NaN. */
	static double loadAverageLessOwn(final double ownCores) {
		final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return load < 0 ? Double.NaN : Math.max(0, load - ownCores);
	}
}
