package sc.fiji.draggan.ij;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the skeleton of a classic TIFF before ImageJ's {@code TiffDecoder} reads it: every image file
 * directory lies inside the file and is visited once (a chain that loops back would be followed
 * forever), and every tag's values fit inside the file (a count of 2^32 would be allocated as an
 * array). So the decoder's own allocations are bounded by the file's size. Reads only the
 * directories, a few bytes each.
 */
final class TiffStructure {

	private TiffStructure() {}

	/** More directories than any stack ImageJ writes (it stores one directory for an ImageJ stack). */
	static final int MAX_DIRECTORIES = 1_000_000;

	/** Bytes of one value of each TIFF field type (1..18); 0 for unknown types. */
	private static final int[] TYPE_SIZE = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8 };

	/** @throws IOException naming what does not fit */
	static void check(final Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final long size = ch.size();
			final ByteBuffer head = read(ch, 0, 8, file, size);
			final ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			head.order(order);
			long ifd = head.getInt(4) & 0xffffffffL;
			final Set<Long> seen = new HashSet<>();
			while (ifd != 0) {
				if (ifd < 8 || ifd + 2 > size) throw new IOException(file + " is a damaged TIFF (a directory at byte " + ifd + " of " + size + ")");
				if (!seen.add(ifd)) throw new IOException(file + " is a damaged TIFF (its directories loop back to byte " + ifd + ")");
				if (seen.size() > MAX_DIRECTORIES) throw new IOException(file + " has more than " + MAX_DIRECTORIES + " TIFF directories");
				final int n = read(ch, ifd, 2, file, size).order(order).getShort(0) & 0xffff;
				final long end = ifd + 2 + 12L * n;
				if (end + 4 > size) throw new IOException(file + " is a damaged TIFF (a directory of " + n + " entries runs past the end)");
				final ByteBuffer entries = read(ch, ifd + 2, 12 * n + 4, file, size).order(order);
				for (int i = 0; i < n; i++) {
					final int type = entries.getShort(12 * i + 2) & 0xffff;
					final long count = entries.getInt(12 * i + 4) & 0xffffffffL;
					final long bytes = count * (type < TYPE_SIZE.length && TYPE_SIZE[type] > 0 ? TYPE_SIZE[type] : 1);
					if (bytes > 4) {
						final long at = entries.getInt(12 * i + 8) & 0xffffffffL;
						if (at + bytes > size)
							throw new IOException(file + " is a damaged TIFF (tag " + (entries.getShort(12 * i) & 0xffff) + " claims " + count +
								" values beyond the end of the file)");
					}
				}
				ifd = entries.getInt(12 * n) & 0xffffffffL;
			}
		}
	}

	private static ByteBuffer read(final FileChannel ch, long at, final int n, final Path file, final long size) throws IOException {
		if (at + n > size) throw new IOException(file + " is a truncated TIFF");
		final ByteBuffer b = ByteBuffer.allocate(n);
		while (b.hasRemaining()) {
			final int r = ch.read(b, at);
			if (r < 0) throw new IOException(file + " is a truncated TIFF");
			at += r;
		}
		return b;
	}
}
