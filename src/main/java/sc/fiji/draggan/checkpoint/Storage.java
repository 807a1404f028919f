package sc.fiji.draggan.checkpoint;

import java.io.IOException;

/**
 * One torch storage (docs/algorithm.md, "Tensors and storages"): its element type and count, and its elements converted to float32
 * when a tensor first uses it. Storages of a {@code torch.save} archive are read from their entry only
 * then, so an entry no tensor refers to is never inflated.
 */
final class Storage {

	/** Reads the elements of a storage (charging the read's budget first). */
	interface Loader {

		float[] load() throws IOException;
	}

	final StorageType type;
	final long numel;
	/** What tensor copies of this storage are charged to. */
	final ReadBudget budget;
	private Loader loader;
	private float[] data;

	Storage(final StorageType type, final float[] data, final ReadBudget budget) {
		this.type = type;
		this.numel = data.length;
		this.data = data;
		this.budget = budget;
	}

	Storage(final StorageType type, final long numel, final Loader loader, final ReadBudget budget) {
		this.type = type;
		this.numel = numel;
		this.loader = loader;
		this.budget = budget;
	}

	/** The elements, read on first use. */
	float[] data() throws IOException {
		if (data == null) {
			final float[] d = loader.load();
			if (d.length != numel) throw new IOException("storage holds " + d.length + " elements, its reference says " + numel);
			data = d;
			loader = null;
		}
		return data;
	}
}
