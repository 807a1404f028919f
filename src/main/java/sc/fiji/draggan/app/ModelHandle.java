package sc.fiji.draggan.app;
import sc.fiji.draggan.engine.Djl;


import java.io.IOException;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Generator;

/**
 * A loaded model ready to run: the checkpoint (generator config, weights, discriminator), a root
 * {@link NDManager} on the chosen device and the generator built in it. Every entry point (CLI,
 * Fiji commands, tool) opens models through here and closes them when done.
 */
public final class ModelHandle implements AutoCloseable {

	private final Path file;
	private final Checkpoint checkpoint;
	private final Device device;
	private final NDManager root;
	private final Generator generator;

	private ModelHandle(final Path file, final Checkpoint checkpoint, final Device device) {
		this.file = file;
		this.checkpoint = checkpoint;
		this.device = device;
		this.root = Djl.newManager(device);
		try {
			this.generator = Djl.withClassLoader(() -> Generator.create(checkpoint.generatorConfig(), checkpoint.generator(), root, device));
		}
		catch (final RuntimeException e) {
			root.close();
			throw e;
		}
	}

	/**
	 * Loads {@code file} (official .pkl or our .safetensors bundle) onto the device named by
	 * {@code deviceChoice} ({@code auto}, {@code cpu}, {@code gpu}).
	 */
	public static ModelHandle open(final Path file, final String deviceChoice) throws IOException {
		final Device device = Djl.device(deviceChoice);
		return new ModelHandle(file, ModelLoader.load(file), device);
	}

	public Path file() {
		return file;
	}

	public Checkpoint checkpoint() {
		return checkpoint;
	}

	public GeneratorConfig config() {
		return generator.config();
	}

	public Generator generator() {
		return generator;
	}

	public Device device() {
		return device;
	}

	/** The root manager: open per-run sub-managers from it. */
	public NDManager manager() {
		return root;
	}

	@Override
	public void close() {
		generator.close();
		root.close();
	}
}
