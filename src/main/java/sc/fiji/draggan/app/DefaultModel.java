package sc.fiji.draggan.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

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
	/** What an empty model field means, in every dialog and parameter description. */
	public static final String HINT = "empty = bundled cell model";
	/** The description of a model input: file kinds and {@link #HINT}. */
	public static final String MODEL_DESCRIPTION = "StyleGAN .pkl or Drag GAN .safetensors; " + HINT;

	private DefaultModel() {}

	/** The bundled model as a file. @throws IOException if the jar has no bundled model */
	public static synchronized Path path() throws IOException {
		final byte[] bytes = resourceBytes();
		// named by content (not size: a retrained model of the same architecture has the same size)
		final StringBuilder hex = new StringBuilder();
		for (final byte b : sha256().digest(bytes)) hex.append(String.format("%02x", b & 0xff));
		final Path dir = cacheDir();
		final Path file = dir.resolve(NAME + "-" + hex.substring(0, 12) + ".safetensors");
		if (Files.isRegularFile(file) && Files.size(file) == bytes.length) return file;
		sc.fiji.draggan.io.AtomicFiles.write(file, bytes);
		return file;
	}

	private static byte[] resourceBytes() throws IOException {
		try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE)) {
			if (in == null) throw new IOException("the default model " + RESOURCE + " is not in this build; name a model with --model");
			final java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(1 << 22);
			final byte[] buf = new byte[1 << 16];
			int r;
			while ((r = in.read(buf)) > 0) all.write(buf, 0, r);
			return all.toByteArray();
		}
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
