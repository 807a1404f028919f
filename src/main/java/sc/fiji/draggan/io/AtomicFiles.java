package sc.fiji.draggan.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Every file this project writes goes through here: the content is written to a temporary file in
 * the target's folder ({@code .<name>.<random>.draggan-tmp}), then renamed over the target in one
 * step. A crash, a kill or a full disk during the write leaves the previous file intact; readers never
 * see half a file. Temporary files are deleted when the write fails, registered for deletion when the
 * JVM exits (Ctrl-C included), and any left by a killed process are removed by the next write into the
 * same folder once they are an hour old.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** The marker every temporary file name ends with. */
	public static final String SUFFIX = ".draggan-tmp";
	/** Temporary files older than this are orphans of a killed process. */
	private static final long STALE_MS = TimeUnit.HOURS.toMillis(1);

	/** Writes the content of one file, given the temporary path to write it to. */
	public interface Content {

		void writeTo(Path tmp) throws IOException;
	}

	/** Writes the content of one file to a stream (buffered by the caller if needed). */
	public interface StreamContent {

		void writeTo(OutputStream out) throws IOException;
	}

	/** Writes {@code target} atomically: {@code content} fills a temporary file that then replaces the target. */
	public static void write(final Path target, final Content content) throws IOException {
		final Path tmp = temporaryFor(target);
		try {
			content.writeTo(tmp);
			if (!Files.isRegularFile(tmp)) throw new IOException("could not write " + target);
			move(tmp, target);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** As {@link #write(Path, Content)}, for content written to a stream. */
	public static void write(final Path target, final StreamContent content) throws IOException {
		write(target, (Content) tmp -> {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				content.writeTo(out);
			}
		});
	}

	/** Writes bytes atomically. */
	public static void write(final Path target, final byte[] bytes) throws IOException {
		write(target, (StreamContent) out -> out.write(bytes));
	}

	/**
	 * A fresh temporary path next to {@code target} (its folder is created; stale temporary files there
	 * are removed first). The file itself is not created: writers such as ImageJ's FileSaver create it.
	 */
	public static Path temporaryFor(final Path target) throws IOException {
		final Path abs = target.toAbsolutePath();
		final Path dir = abs.getParent();
		if (dir != null) Files.createDirectories(dir);
		if (Files.isDirectory(abs)) throw new IOException(target + " is a folder, not a file name");
		removeStale(dir);
		final String name = "." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + SUFFIX;
		final Path tmp = dir == null ? abs.resolveSibling(name) : dir.resolve(name);
		try {
			tmp.toFile().deleteOnExit();
		}
		catch (final IllegalStateException e) {
			// written from a shutdown hook (partial results on Ctrl-C): the write deletes it itself
		}
		return tmp;
	}

	/** Checks before a long run that {@code target} can be written: its folder exists or can be made, and takes a new file. */
	public static void checkWritable(final Path target) throws IOException {
		final Path abs = target.toAbsolutePath();
		if (Files.isDirectory(abs)) throw new IOException("cannot write " + target + ": it is a folder");
		if (Files.exists(abs) && !Files.isWritable(abs)) throw new IOException("cannot write " + target + ": the file is read-only");
		final Path tmp = temporaryFor(abs);
		try {
			Files.createFile(tmp);
		}
		catch (final IOException e) {
			throw new IOException("cannot write into " + abs.getParent() + " (" + Messages.of(e) + ")", e);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Renames {@code tmp} over {@code target}, atomically where the file system can. */
	private static void move(final Path tmp, final Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Deletes temporary files of this class in {@code dir} older than an hour (left by a killed process). */
	static void removeStale(final Path dir) {
		if (dir == null || !Files.isDirectory(dir)) return;
		final long cutoff = System.currentTimeMillis() - STALE_MS;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + SUFFIX)) {
			for (final Path p : s) {
				try {
					final FileTime t = Files.getLastModifiedTime(p);
					if (t.toMillis() < cutoff) Files.deleteIfExists(p);
				}
				catch (final IOException e) {
					// another process's file, or gone already
				}
			}
		}
		catch (final IOException e) {
			// an unreadable folder: the write itself will report it
		}
	}
}
