package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.PickleException;

/**
 * {@code torch.storage._load_from_bytes(b)}: the legacy (pre-ZIP) {@code torch.save} format of one
 * storage (spec §5.3): five small protocol-2 pickles (magic number, protocol 1001, sys_info, the
 * storage as a persistent id, the list of keys), then per key an int64 element count and the raw
 * little-endian elements. Parsed with a nested unpickler; the data are converted straight from the blob.
 */
final class LegacyStorageBlob {

	private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
	private static final int PROTOCOL = 1001;

	private LegacyStorageBlob() {}

	static Storage parse(final byte[] blob) {
		final ByteArrayInputStream in = new ByteArrayInputStream(blob);
		final Object[][] pidHolder = new Object[1][];
		final TorchUnpickler u = new TorchUnpickler(pid -> {
			pidHolder[0] = pid;
			return pid;
		});
		try {
			final Object magic = u.load(in);
			if (!(magic instanceof Number) || !MAGIC.equals(new BigInteger(magic.toString())))
				throw new PickleException("storage blob has a bad magic number");
			final Object protocol = u.load(in);
			if (!(protocol instanceof Number) || ((Number) protocol).intValue() != PROTOCOL)
				throw new PickleException("storage blob has unsupported protocol " + protocol);
			final Object sysInfo = u.load(in);
			if (sysInfo instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sysInfo).get("little_endian")))
				throw new PickleException("big-endian torch storages are not supported");
			u.load(in);
			final Object[] pid = pidHolder[0];
			if (pid == null || pid.length < 5 || !"storage".equals(pid[0]) || !(pid[1] instanceof StorageType) || !(pid[2] instanceof String))
				throw new PickleException("storage blob without a storage reference");
			if (pid.length > 5 && pid[5] != null) throw new PickleException("storage views (view_metadata) are not supported");
			final StorageType type = (StorageType) pid[1];
			final String key = (String) pid[2];
			final long numel = PickleGlobals.toLong(pid[4]);
			final Object keys = u.load(in);
			if (!(keys instanceof List)) throw new PickleException("storage blob without key list");
			int pos = blob.length - in.available();
			for (final Object k : (List<?>) keys) {
				if (pos + 8 > blob.length) throw new PickleException("storage blob is truncated");
				final long count = ByteBuffer.wrap(blob, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
				pos += 8;
				final long bytes = count * type.elementSize;
				if (count < 0 || bytes > blob.length - pos) throw new PickleException("storage blob is truncated (" + count + " elements announced)");
				if (key.equals(k)) {
					if (count != numel) throw new PickleException("storage holds " + count + " elements, its reference says " + numel);
					return new Storage(type, type.toFloats(blob, pos, (int) count));
				}
				pos += (int) bytes;
			}
			throw new PickleException("storage blob does not contain its key " + key);
		}
		catch (final IOException e) {
			throw new PickleException("storage blob is truncated or corrupt: " + e.getMessage(), e);
		}
	}
}
