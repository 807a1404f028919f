package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;

/**
 * Unsynchronised buffered input that knows how many bytes are left, so that length-prefixed pickle
 * opcodes can be checked before anything is allocated (a corrupt length must give a clear error,
 * not an OutOfMemoryError). Large reads bypass the buffer.
 */
final class PickleInput extends InputStream {

	private final InputStream in;
	private final long length;
	private final byte[] buf = new byte[1 << 16];
	private int pos, end;
	/** Bytes consumed by the reader so far. */
	private long position;

	PickleInput(final InputStream in, final long length) {
		this.in = in;
		this.length = length;
	}

	long position() {
		return position;
	}

	long remaining() {
		return length - position;
	}

	@Override
	public int read() throws IOException {
		if (pos == end && !fill()) return -1;
		position++;
		return buf[pos++] & 0xff;
	}

	@Override
	public int read(final byte[] b, final int off, final int len) throws IOException {
		if (len == 0) return 0;
		final int buffered = end - pos;
		if (buffered > 0) {
			final int n = Math.min(buffered, len);
			System.arraycopy(buf, pos, b, off, n);
			pos += n;
			position += n;
			return n;
		}
		if (len >= buf.length) {
			final int n = in.read(b, off, len);
			if (n > 0) position += n;
			return n;
		}
		if (!fill()) return -1;
		return read(b, off, len);
	}

	@Override
	public int available() {
		return (int) Math.min(Integer.MAX_VALUE, remaining());
	}

	private boolean fill() throws IOException {
		final int n = in.read(buf, 0, buf.length);
		if (n <= 0) return false;
		pos = 0;
		end = n;
		return true;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
