package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;

import sc.fiji.draggan.io.Messages;

/**
 * {@code torch.storage._load_from_bytes(b)}: the legacy (pre-ZIP) {@code torch.save} format of one
 * storage (docs/algorithm.md#tensors-and-storages): five small protocol-2 pickles (magic number, protocol 1001, sys_info, the
 * storage as a persistent id, the list of keys), then per key an int64 element count and the raw
 * little-endian elements. Parsed with a nested unpickler straight from the stream: the elements go
 * into the float array through a small reused chunk, so the blob is never held as a whole.
 */
final class LegacyStorageBlob {

	private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
	private static final int PROTOCOL = 1001;
	/** Below half a G1 region (humongous objects are costly). */
	private static final int CHUNK = 1 << 18;

	private LegacyStorageBlob() {}

	static Storage parse(final byte[] blob, final ReadBudget budget) {
		return read(new ByteArrayInputStream(blob), blob.length, budget);
	}

	/** Reads exactly {@code length} bytes of {@code in}: one legacy storage blob; its floats are charged to {@code budget}. */
	static Storage read(final InputStream in, final long length, final ReadBudget budget) {
		final PickleInput blob = new PickleInput(new LimitedInput(in, length), length);
		final Object[][] pidHolder = new Object[1][];
		final TorchUnpickler u = TorchUnpickler.nested(pid -> {
			pidHolder[0] = pid;
			return pid;
		});
		try {
			final Object magic = u.load(blob);
			if (!(magic instanceof Number) || !MAGIC.equals(new BigInteger(magic.toString())))
				throw new PickleException("storage blob has a bad magic number");
			final Object protocol = u.load(blob);
			if (!(protocol instanceof Number) || ((Number) protocol).intValue() != PROTOCOL)
				throw new PickleException("storage blob has unsupported protocol " + Messages.value(protocol));
			final Object sysInfo = u.load(blob);
			if (sysInfo instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sysInfo).get("little_endian")))
				throw new PickleException("big-endian torch storages are not supported");
			u.load(blob);
			final Object[] pid = pidHolder[0];
			if (pid == null || pid.length < 5 || !"storage".equals(pid[0]) || !(pid[1] instanceof StorageType) || !(pid[2] instanceof String))
				throw new PickleException("storage blob without a storage reference");
			if (pid.length > 5 && pid[5] != null) throw new PickleException("storage views (view_metadata) are not supported");
			final StorageType type = (StorageType) pid[1];
			final String key = (String) pid[2];
			final long numel = PickleGlobals.toLong(pid[4]);
			final Object keys = u.load(blob);
			if (!(keys instanceof List)) throw new PickleException("storage blob without key list");
			Storage found = null;
			for (final Object k : (List<?>) keys) {
				final long count = ByteBuffer.wrap(PickleUtils.readbytes(blob, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
				if (count < 0 || count * type.elementSize > blob.remaining() || count > Integer.MAX_VALUE - 8)
					throw new PickleException("storage blob is truncated (" + count + " elements announced)");
				if (found == null && key.equals(k)) {
					if (count != numel) throw new PickleException("storage holds " + count + " elements, its reference says " + numel);
					budget.charge(ReadBudget.floatBytes(count), "storage " + Messages.clip(key, 40));
					found = new Storage(type, readElements(blob, type, (int) count), budget);
				}
				else skip(blob, count * type.elementSize);
			}
			if (found == null) throw new PickleException("storage blob does not contain its key " + Messages.clip(key, 40));
			skip(blob, blob.remaining()); // leave the outer stream right after the blob
			return found;
		}
		catch (final IOException e) {
			throw new PickleException("storage blob is truncated or corrupt: " + e.getMessage(), e);
		}
	}

	private static float[] readElements(final InputStream in, final StorageType type, final int count) throws IOException {
		final float[] out = new float[count];
		final int perChunk = Math.max(1, Math.min(count, CHUNK / type.elementSize));
		final byte[] chunk = new byte[perChunk * type.elementSize];
		for (int done = 0; done < count;) {
			final int k = Math.min(perChunk, count - done);
			PickleUtils.readbytes_into(in, chunk, 0, k * type.elementSize);
			type.convert(chunk, 0, k, out, done);
			done += k;
		}
		return out;
	}

	private static void skip(final InputStream in, long n) throws IOException {
		final byte[] sink = new byte[(int) Math.min(n, 1 << 16)];
		while (n > 0) {
			final int r = in.read(sink, 0, (int) Math.min(n, sink.length));
			if (r < 0) throw new IOException("premature end of storage blob");
			n -= r;
		}
	}

	/** At most {@code limit} bytes of an underlying stream (which is not closed). */
	private static final class LimitedInput extends InputStream {

		private final InputStream in;
		private long left;

		LimitedInput(final InputStream in, final long limit) {
			this.in = in;
			this.left = limit;
		}

		@Override
		public int read() throws IOException {
			if (left <= 0) return -1;
			final int b = in.read();
			if (b >= 0) left--;
			return b;
		}

		@Override
		public int read(final byte[] b, final int off, final int len) throws IOException {
			if (left <= 0) return -1;
			final int r = in.read(b, off, (int) Math.min(len, left));
			if (r > 0) left -= r;
			return r;
		}
	}
}
