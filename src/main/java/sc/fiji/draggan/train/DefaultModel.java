package sc.fiji.draggan.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * The generator that ships with the plugin: a small StyleGAN2 (64 px, grey) trained by
 * {@code draggan train} on {@code draggan synth cells} images, bundled in the jar as
 * {@value #RESOURCE}. It is what every command loads when no model is named. The file is copied
 * once out of the jar into {@code ~/.cache/draggan/models/} (or the temp folder) because the model
 * loaders read files.
 */
public final class DefaultModel {

	public static final String NAME = "draggan-cells64";
	public static final String RESOURCE = "/models/" + NAME + ".safetensors";

	private DefaultModel() {}

	/** The bundled model as a file. @throws IOException if the jar has no bundled model */
	public static synchronized Path path() throws IOException {
		final Path dir = cacheDir();
		try (InputStream probe = DefaultModel.class.getResourceAsStream(RESOURCE)) {
			if (probe == null) throw new IOException("the default model " + RESOURCE + " is not in this build; name a model with --model");
		}
		// named by content (not size: a retrained model of the same architecture has the same size)
		final long size;
		final String digest;
		try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE)) {
			final java.security.MessageDigest md = sha256();
			long n = 0;
			final byte[] buf = new byte[1 << 16];
			int r;
			while ((r = in.read(buf)) > 0) {
				md.update(buf, 0, r);
				n += r;
			}
			size = n;
			final StringBuilder hex = new StringBuilder();
			for (final byte b : md.digest()) hex.append(String.format("%02x", b & 0xff));
			digest = hex.substring(0, 12);
		}
		final Path file = dir.resolve(NAME + "-" + digest + ".safetensors");
		if (Files.isRegularFile(file) && Files.size(file) == size) return file;
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, NAME, ".part");
		try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE)) {
			Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
		return file;
	}

	private static java.security.MessageDigest sha256() {
		try {
			return java.security.MessageDigest.getInstance("SHA-256");
		}
		catch (final java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Path cacheDir() {
		final Path home = Paths.get(System.getProperty("user.home", "."), ".cache", "draggan", "models");
		try {
			Files.createDirectories(home);
			if (Files.isWritable(home)) return home;
		}
		catch (final IOException | SecurityException e) {
			// fall through to the temp folder
		}
		return Paths.get(System.getProperty("java.io.tmpdir"), "draggan-models");
	}
}
