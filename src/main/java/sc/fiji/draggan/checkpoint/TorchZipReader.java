package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import net.razorvine.pickle.PickleUtils;

/**
 * {@code torch.save} ZIP archives (torch ≥ 1.6, spec §5.8) holding a network pickle: {@code <archive>/data.pkl}
 * with storages as persistent ids {@code ('storage', torch.FloatStorage, key, location, numel)} whose raw
 * little-endian bytes are the entries {@code <archive>/data/<key>}.
 */
final class TorchZipReader {

	private TorchZipReader() {}

	static Checkpoint read(final Path path) throws IOException {
		ModelFiles.requireFile(path);
		final String what = path.toString();
		final Object root;
		try (ZipFile zip = new ZipFile(path.toFile())) {
			ZipEntry pkl = null;
			final Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				final ZipEntry e = entries.nextElement();
				if (e.getName().endsWith("data.pkl") && (pkl == null || e.getName().length() < pkl.getName().length())) pkl = e;
			}
			if (pkl == null) throw new IOException(what + " is a ZIP file but not a torch.save archive (no data.pkl)");
			final String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
			final Map<String, Storage> storages = new HashMap<>();
			final TorchUnpickler u = new TorchUnpickler(pid -> storage(zip, prefix, pid, storages, what));
			try (InputStream raw = zip.getInputStream(pkl); PickleInput in = new PickleInput(raw, pkl.getSize() < 0 ? Long.MAX_VALUE : pkl.getSize())) {
				try {
					root = u.load(in);
				}
				catch (final OutOfMemoryError e) {
					throw ModelFiles.outOfMemory(what, path.toFile().length());
				}
				catch (final IOException | RuntimeException | StackOverflowError e) {
					throw ModelFiles.corrupt(what, e, in.position(), pkl.getSize());
				}
			}
		}
		catch (final ZipException e) {
			throw ModelFiles.corrupt(what, e, 0, path.toFile().length());
		}
		return PickledNetworks.toCheckpoint(root, what);
	}

	private static Storage storage(final ZipFile zip, final String prefix, final Object[] pid, final Map<String, Storage> cache,
		final String what) throws IOException
	{
		if (pid.length < 5 || !"storage".equals(pid[0]) || !(pid[1] instanceof StorageType) || !(pid[2] instanceof String))
			throw new IOException("unsupported persistent reference in " + what);
		final String key = (String) pid[2];
		final Storage cached = cache.get(key);
		if (cached != null) return cached;
		final StorageType type = (StorageType) pid[1];
		final long numel = PickleGlobals.toLong(pid[4]);
		final ZipEntry e = zip.getEntry(prefix + "data/" + key);
		if (e == null) throw new IOException("storage " + key + " is missing from the archive");
		final long bytes = numel * type.elementSize;
		if (numel < 0 || bytes > Integer.MAX_VALUE - 8 || (e.getSize() >= 0 && e.getSize() < bytes))
			throw new IOException("storage " + key + " holds fewer than the " + numel + " elements announced");
		final byte[] raw = new byte[(int) bytes];
		try (InputStream in = zip.getInputStream(e)) {
			PickleUtils.readbytes_into(in, raw, 0, raw.length);
		}
		final Storage s = new Storage(type, type.toFloats(raw, 0, (int) numel));
		cache.put(key, s);
		return s;
	}
}
