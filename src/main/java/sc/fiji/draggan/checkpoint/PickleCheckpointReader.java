package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an official StyleGAN2 / StyleGAN2-ADA / DragGAN network pickle ({@code .pkl}, pickle protocols
 * 2–5, docs/algorithm.md#checkpoint-format) in pure Java, without executing anything it contains. Every storage goes
 * straight from the stream into a float32 array, so the peak heap is about the total weight size
 * (G, D and G_ema; G is dropped afterwards): a 367 MB 512² pickle loads with -Xmx450m.
 */
public final class PickleCheckpointReader {

	private PickleCheckpointReader() {}

	public static Checkpoint read(final Path path) throws IOException {
		ModelFiles.requireFile(path);
		final String what = path.toString();
		final long size = Files.size(path);
		final ReadBudget budget = ReadBudget.forFile(size, what);
		final Object root;
		try (InputStream raw = Files.newInputStream(path); PickleInput in = new PickleInput(raw, size)) {
			root = unpickle(in, what, budget);
		}
		return PickledNetworks.toCheckpoint(root, what);
	}

	/** Unpickles one network pickle; failures of the stream itself become "truncated or corrupt". */
	static Object unpickle(final PickleInput in, final String what, final ReadBudget budget) throws IOException {
		final TorchUnpickler u = new TorchUnpickler(null, budget);
		try {
			return u.load(in);
		}
		catch (final OutOfMemoryError e) {
			throw ModelFiles.outOfMemory(what, in.remaining() + in.position());
		}
		catch (final IOException | RuntimeException | StackOverflowError e) {
			throw ModelFiles.corrupt(what, e, in.position(), in.remaining() + in.position());
		}
		finally {
			u.close();
		}
	}
}
