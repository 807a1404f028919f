package sc.fiji.draggan.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Resident memory of this process (native + heap), from {@code /proc/self/status} on Linux. */
public final class ResidentMemory {

	private ResidentMemory() {}

	/** Current resident set size in bytes, or -1 where /proc is not available. */
	public static long current() {
		return read("VmRSS:");
	}

	/** Peak resident set size in bytes since the process started, or -1. */
	public static long peak() {
		return read("VmHWM:");
	}

	private static long read(final String key) {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII)) {
				if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
			}
		}
		catch (final IOException | NumberFormatException e) {
			// not Linux: no figure
		}
		return -1;
	}

	public static String mb(final long bytes) {
		return bytes < 0 ? "n/a" : String.format("%.0f MB", bytes / 1048576.0);
	}
}
