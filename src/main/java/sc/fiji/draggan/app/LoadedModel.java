package sc.fiji.draggan.app;

import java.util.Map;
import sc.fiji.draggan.tensor.StateDict;

import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Generator;

/**
 * A generator loaded by the {@link ModelRegistry} and where it came from. Owned by the registry:
 * callers use it inside {@link ModelRegistry#exclusively} and never close it.
 */
public final class LoadedModel {

	public final Path path;
	public final String sha256;
	public final GeneratorConfig config;
	public final Device device;
	public final Generator generator;
	/** The model file's discriminator and its settings (null when the file has none): written with tuned copies. */
	public final StateDict discriminator;
	public final Map<String, Object> discriminatorKwargs;
	final long size, modified;
	final NDManager root;

	LoadedModel(final Path path, final long size, final long modified, final String sha256, final Device device, final NDManager root,
		final Generator generator, final StateDict discriminator, final Map<String, Object> discriminatorKwargs)
	{
		this.discriminator = discriminator;
		this.discriminatorKwargs = discriminatorKwargs;
		this.path = path;
		this.size = size;
		this.modified = modified;
		this.sha256 = sha256;
		this.config = generator.config();
		this.device = device;
		this.root = root;
		this.generator = generator;
	}

	/** {@code name.pkl (64x64x3, 10 ws of 512)} */
	public String describe() {
		return path.getFileName() + " (" + config.imgWidth() + "x" + config.imgHeight() + "x" + config.imgChannels + ", " + config.numWs() +
			" ws of " + config.wDim + ")";
	}

	/** The root manager on the model's device: open per-run sub-managers from it. */
	public NDManager manager() {
		return root;
	}

	boolean isFile(final Path p, final long size, final long modified, final Device device) {
		return path.equals(p) && this.size == size && this.modified == modified && this.device.equals(device);
	}

	void close() {
		generator.close();
		root.close();
	}
}
