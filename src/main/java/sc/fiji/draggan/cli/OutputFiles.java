package sc.fiji.draggan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import sc.fiji.draggan.io.AtomicFiles;

/**
 * Checks a verb's output files before any work starts: none of them may be one of its inputs (the
 * input would be destroyed, and a failed run would lose it), and every one must be writable (a folder,
 * a read-only file or a missing permission is reported now, not after a long drag or training run).
 */
final class OutputFiles {

	private OutputFiles() {}

	/**
	 * @param outputs option name (e.g. {@code out}) → path, null paths ignored
	 * @param inputs option name → path, null paths ignored
	 * @throws UsageException naming the options
	 */
	static void check(final Map<String, Path> outputs, final Map<String, Path> inputs) {
		for (final Map.Entry<String, Path> o : outputs.entrySet()) {
			if (o.getValue() == null) continue;
			for (final Map.Entry<String, Path> i : inputs.entrySet()) {
				if (i.getValue() != null && same(o.getValue(), i.getValue()))
					throw new UsageException("--" + o.getKey() + " " + o.getValue() + " is also the --" + i.getKey() + " input; write the result to another file");
			}
			for (final Map.Entry<String, Path> other : outputs.entrySet()) {
				if (other.getValue() != null && other.getKey().compareTo(o.getKey()) < 0 && same(o.getValue(), other.getValue()))
					throw new UsageException("--" + o.getKey() + " and --" + other.getKey() + " name the same file " + o.getValue());
			}
			try {
				AtomicFiles.checkWritable(o.getValue());
			}
			catch (final IOException e) {
				throw new UsageException("--" + o.getKey() + ": " + e.getMessage());
			}
		}
	}

	/** {@code name, path, name, path, …} as an ordered map (null paths kept and ignored by {@link #check}). */
	static Map<String, Path> named(final Object... pairs) {
		final Map<String, Path> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) m.put((String) pairs[i], (Path) pairs[i + 1]);
		return m;
	}

	private static boolean same(final Path a, final Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		}
		catch (final IOException e) {
			// fall back to the names
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}
}
