package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import sc.fiji.draggan.io.Npy;

/** Reads a NumPy {@code .npz} (a zip of {@code .npy} files) in entry order. */
final class FixtureNpz {

	private FixtureNpz() {}

	static Map<String, Npy.Array> read(final Path npz) throws IOException {
		final Map<String, Npy.Array> out = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(npz.toFile())) {
			final Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				final ZipEntry e = entries.nextElement();
				final String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
				try (InputStream in = zip.getInputStream(e)) {
					out.put(name, Npy.read(in, npz + "/" + e.getName()));
				}
			}
		}
		return out;
	}
}
