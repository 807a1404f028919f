package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;

/**
 * At most {@code cap} bytes of a stream that cannot be trusted about its own length (a ZIP entry
 * inflates to whatever its data says, whatever size its header declares): reading past the cap is an
 * error, so a small compressed file cannot make the reader consume gigabytes.
 */
final class CappedInput extends InputStream {

	private final InputStream in;
	private final String what;
	private final long cap;
	private long count;

	CappedInput(final InputStream in, final long cap, final String what) {
		this.in = in;
		this.cap = cap;
		this.what = what;
	}

	@Override
	public int read() throws IOException {
		final int b = in.read();
		if (b >= 0) advance(1);
		return b;
	}

	@Override
	public int read(final byte[] b, final int off, final int len) throws IOException {
		final int r = in.read(b, off, (int) Math.min(len, cap - count + 1));
		if (r > 0) advance(r);
		return r;
	}

	private void advance(final int n) throws IOException {
		count += n;
		if (count > cap) throw new IOException(what + " inflates to more than " + sc.fiji.draggan.io.Limits.size(cap));
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
