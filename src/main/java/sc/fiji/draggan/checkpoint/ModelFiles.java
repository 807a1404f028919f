package sc.fiji.draggan.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared checks and one-line error messages for model files. */
final class ModelFiles {

	private ModelFiles() {}

	static void requireFile(final Path path) throws IOException {
		if (Files.isDirectory(path)) throw new FileNotFoundException("model file not found: " + path + " (it is a folder)");
		if (!Files.isRegularFile(path)) throw new FileNotFoundException("model file not found: " + path);
		if (Files.size(path) == 0) throw new IOException(path + " is empty (0 bytes), not a model file");
	}

	static IOException corrupt(final String what, final Throwable cause, final long at, final long size) {
		final String reason = sc.fiji.draggan.io.Messages.of(cause);
		final IOException e = new IOException(what + " is truncated or corrupt (" + reason + ", at byte " + at + " of " + size + ")");
		e.initCause(cause);
		return e;
	}

	static IOException outOfMemory(final String what, final long size) {
		return new IOException("not enough memory to load " + what + " (" + (size >> 20) + " MB); give Java more memory " +
			"(Fiji: Edit > Options > Memory & Threads, or -Xmx)");
	}
}
