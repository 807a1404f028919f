package sc.fiji.draggan.checkpoint;

/** One torch storage, already converted to float32 (spec §5.3); tensors are views into it. */
final class Storage {

	final StorageType type;
	final float[] data;

	Storage(final StorageType type, final float[] data) {
		this.type = type;
		this.data = data;
	}
}
