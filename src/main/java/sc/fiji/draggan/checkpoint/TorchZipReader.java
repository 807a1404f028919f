package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import net.razorvine.pickle.PickleUtils;

import sc.fiji.draggan.io.Messages;

/**
 * {@code torch.save} ZIP archives (torch ≥ 1.6, docs/algorithm.md#torch-zip-archives) holding a network pickle: {@code <archive>/data.pkl}
 * with storages as persistent ids {@code ('storage', torch.FloatStorage, key, location, numel)} whose raw
 * little-endian bytes are the entries {@code <archive>/data/<key>}.
 * <p>
 * Declared entry sizes are not trusted: every entry is read through a {@link CappedInput} bounded by
 * the read's {@link ReadBudget#inflationCap()}, a storage is read only when a tensor uses it, and its
 * floats are charged to the budget before they are allocated.
 */
final class TorchZipReader {

	private TorchZipReader() {}

	private static final int CHUNK = 1 << 16;

	static Checkpoint read(final Path path) throws IOException {
		ModelFiles.requireFile(path);
		final String what = path.toString();
		final long fileSize = Files.size(path);
		final ReadBudget budget = ReadBudget.forFile(fileSize, what);
		final long[] inflated = { 0 };
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
			final TorchUnpickler u = new TorchUnpickler(pid -> storage(zip, prefix, pid, storages, budget, inflated, what), budget);
			final long cap = pkl.getSize() >= 0 ? Math.min(pkl.getSize(), budget.inflationCap()) : budget.inflationCap();
			try (InputStream raw = new CappedInput(zip.getInputStream(pkl), cap, "data.pkl"); PickleInput in = new PickleInput(raw, cap)) {
				try {
					root = u.load(in);
					inflated[0] += in.position();
				}
				catch (final OutOfMemoryError e) {
					throw ModelFiles.outOfMemory(what, fileSize);
				}
				catch (final IOException | RuntimeException | StackOverflowError e) {
					throw ModelFiles.corrupt(what, e, in.position(), fileSize);
				}
			}
			// tensors read their storages lazily: the archive stays open until the module tree is converted
			return PickledNetworks.toCheckpoint(root, what);
		}
		catch (final ZipException e) {
			throw ModelFiles.corrupt(what, e, 0, fileSize);
		}
	}

	/** The storage of a persistent id; its elements are read from the archive only when a tensor uses them. */
	private static Storage storage(final ZipFile zip, final String prefix, final Object[] pid, final Map<String, Storage> cache,
		final ReadBudget budget, final long[] inflated, final String what) throws IOException
	{
		if (pid.length < 5 || !"storage".equals(pid[0]) || !(pid[1] instanceof StorageType) || !(pid[2] instanceof String))
			throw new IOException("unsupported persistent reference in " + what);
		final String key = (String) pid[2];
		final Storage cached = cache.get(key);
		if (cached != null) return cached;
		final StorageType type = (StorageType) pid[1];
		final long numel = PickleGlobals.toLong(pid[4]);
		final String name = "storage " + Messages.clip(key, 40);
		if (numel < 0 || numel > (Integer.MAX_VALUE - 8) / type.elementSize) throw new IOException(name + " announces " + numel + " elements");
		final ZipEntry e = zip.getEntry(prefix + "data/" + key);
		if (e == null) throw new IOException(name + " is missing from the archive");
		final Storage s = new Storage(type, numel, () -> {
			final long bytes = numel * type.elementSize;
			if (inflated[0] + bytes > budget.inflationCap())
				throw new IOException(name + " would inflate the archive past " + sc.fiji.draggan.io.Limits.size(budget.inflationCap()));
			budget.charge(ReadBudget.floatBytes(numel), name);
			final float[] out = new float[(int) numel];
			try (InputStream in = new CappedInput(zip.getInputStream(e), bytes, name)) {
				final int perChunk = CHUNK / type.elementSize;
				final byte[] chunk = new byte[perChunk * type.elementSize];
				for (int done = 0; done < numel;) {
					final int k = (int) Math.min(perChunk, numel - done);
					try {
						PickleUtils.readbytes_into(in, chunk, 0, k * type.elementSize);
					}
					catch (final IOException x) {
						throw new IOException(name + " holds fewer than the " + numel + " elements announced");
					}
					type.convert(chunk, 0, k, out, done);
					done += k;
				}
			}
			inflated[0] += bytes;
			return out;
		}, budget);
		cache.put(key, s);
		return s;
	}
}
