package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a generator checkpoint whatever its container, recognised by its first bytes: a network
 * pickle (byte 0x80, {@link PickleCheckpointReader}), our {@code .safetensors} bundle
 * ({@link SafetensorsBundle}) or a {@code torch.save} ZIP archive ("PK"). The discriminator is kept
 * when the file has one. Every failure is an {@link IOException} with a one-line message.
 */
public final class ModelLoader {

	private ModelLoader() {}

	public static Checkpoint load(final Path path) throws IOException {
		try {
			return loadChecked(path);
		}
		catch (final OutOfMemoryError e) {
			throw ModelFiles.outOfMemory(path.toString(), Files.size(path));
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw ModelFiles.corrupt(path.toString(), e, 0, Files.size(path));
		}
		catch (final IOException e) { // a stream's own failure without a message (EOFException …): say what it means
			if (e.getMessage() == null || e.getMessage().trim().isEmpty()) throw ModelFiles.corrupt(path.toString(), e, 0, Files.size(path));
			throw e;
		}
	}

	private static Checkpoint loadChecked(final Path path) throws IOException {
		ModelFiles.requireFile(path);
		final byte[] head = new byte[16];
		int n = 0;
		try (InputStream in = Files.newInputStream(path)) {
			for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0;) n += r;
		}
		if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) return PickleCheckpointReader.read(path);
		if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return TorchZipReader.read(path);
		if (n >= 9 && looksLikeSafetensors(head)) return SafetensorsBundle.read(path);
		if (n >= 2 && (head[0] & 0xff) == 0x80)
			throw new IOException(path + " is a pickle of protocol " + head[1] + ", only protocols 2 to 5 are supported");
		throw new IOException(path + " is not a StyleGAN2 checkpoint: neither a network pickle (.pkl), a torch.save archive nor a " +
			"Drag GAN .safetensors bundle (starts with " + hex(head, n) + ")");
	}

	/** A plausible 8-byte little-endian header length, then a JSON object (truncation is the reader's to report). */
	private static boolean looksLikeSafetensors(final byte[] head) {
		final long len = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		return len > 1 && len <= 100_000_000L && head[8] == '{';
	}

	private static String hex(final byte[] b, final int n) {
		final StringBuilder s = new StringBuilder();
		for (int i = 0; i < Math.min(n, 8); i++) s.append(String.format("%02x ", b[i] & 0xff));
		return s.toString().trim();
	}
}
