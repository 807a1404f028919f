package sc.fiji.draggan.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.progress.Monitor;

/**
 * Opens every model (official pickle, our safetensors bundle, the bundled default when no file is
 * named) and keeps the last one loaded, plus one tuned (pivotal-tuning) copy of it, between runs:
 * reading a checkpoint takes seconds. One registry per application context (the Fiji service, one
 * command-line run); close it to free the native memory.
 * <p>
 * All runs of the process take one lock ({@link #exclusively}): DJL records one gradient at a time
 * per process, so generate, drag, invert and the tool run one after the other (docs/algorithm.md#running-on-djl).
 */
public final class ModelRegistry implements AutoCloseable {

	/** Process-wide: gradient recording is per process, not per registry. */
	private static final ReentrantLock RUN = new ReentrantLock();

	private LoadedModel current;
	private Tuned tuned;

	private static final class Tuned {
		final Path path;
		final long size, modified;
		final LoadedModel base;
		final NDManager root;
		final Generator generator;

		Tuned(final Path path, final long size, final long modified, final LoadedModel base, final NDManager root, final Generator generator) {
			this.path = path;
			this.size = size;
			this.modified = modified;
			this.base = base;
			this.root = root;
			this.generator = generator;
		}

		void close() {
			generator.close();
			root.close();
		}
	}

	/**
	 * Runs {@code body} holding the run lock, with our class loader as the thread's context class
	 * loader and gradient recording off on this thread ({@link Djl#run}).
	 */
	public static <T> T exclusively(final Callable<T> body) throws Exception {
		RUN.lock();
		try {
			return Djl.run(body);
		}
		finally {
			RUN.unlock();
		}
	}

	/** Whether some run holds the lock now (the tool says "busy" instead of waiting). */
	public static boolean busy() {
		return RUN.isLocked();
	}

	/** The model file a request names; none (null or blank): the bundled default model. */
	public static Path resolve(final Path model) throws IOException {
		if (model == null || model.toString().trim().isEmpty()) return DefaultModel.path();
		if (!Files.isRegularFile(model)) throw new IOException("model file not found: " + model);
		return model;
	}

	/**
	 * The generator of {@code model} (null = the bundled default) on the chosen device
	 * ({@code auto|cpu|gpu}), loaded if it is not the one kept. Call inside {@link #exclusively}.
	 */
	public synchronized LoadedModel model(final Path model, final String deviceChoice, final Monitor monitor) throws IOException {
		checkLocked();
		final Path path = resolve(model).toAbsolutePath().normalize();
		final long size = Files.size(path), modified = Files.getLastModifiedTime(path).toMillis();
		final Device device = Djl.device(deviceChoice);
		if (current != null && current.isFile(path, size, modified, device)) return current;
		clear();
		monitor.status("reading " + path.getFileName() + " (" + (size >> 20) + " MB)");
		final Checkpoint cp = ModelLoader.load(path);
		final String sha = sha256(path);
		final NDManager root = Djl.newManager(device);
		try {
			current = new LoadedModel(path, size, modified, sha, device, root, Generator.create(cp.generatorConfig(), cp.generator(), root, device), cp
				.discriminator(), cp.discriminatorKwargs());
			return current;
		}
		catch (final RuntimeException | Error e) {
			root.close();
			throw e;
		}
	}

	/**
	 * A tuned copy of {@code base}'s generator read from {@code file} (written after pivotal
	 * tuning), on the same device; kept until another tuned file or model is used.
	 */
	public synchronized Generator tuned(final LoadedModel base, final Path file, final Monitor monitor) throws IOException {
		checkLocked();
		final Path path = file.toAbsolutePath().normalize();
		final long size = Files.size(path), modified = Files.getLastModifiedTime(path).toMillis();
		final Tuned t = tuned;
		if (t != null && t.base == base && t.path.equals(path) && t.size == size && t.modified == modified) return t.generator;
		clearTuned();
		monitor.status("reading the tuned weights " + path.getFileName());
		final Checkpoint cp = ModelLoader.load(path);
		if (!cp.generatorConfig().toJson().equals(base.config.toJson())) throw new IllegalArgumentException("the tuned weights " + path.getFileName() +
			" do not belong to " + base.path.getFileName() + " (other architecture)");
		final NDManager root = Djl.newManager(base.device);
		try {
			final Generator g = Generator.create(cp.generatorConfig(), cp.generator(), root, base.device);
			tuned = new Tuned(path, size, modified, base, root, g);
			return g;
		}
		catch (final RuntimeException | Error e) {
			root.close();
			throw e;
		}
	}

	private static void checkLocked() {
		if (!RUN.isHeldByCurrentThread()) throw new IllegalStateException("ModelRegistry used outside ModelRegistry.exclusively");
	}

	private void clearTuned() {
		if (tuned != null) tuned.close();
		tuned = null;
	}

	/** Frees the kept generator and tuned copy (native memory). */
	public synchronized void clear() {
		RUN.lock();
		try {
			clearTuned();
			if (current != null) current.close();
			current = null;
		}
		finally {
			RUN.unlock();
		}
	}

	@Override
	public void close() {
		clear();
	}

	/** SHA-256 of a file, lower-case hex: names the model a latent belongs to. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		final byte[] buf = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
		}
		final StringBuilder s = new StringBuilder();
		for (final byte b : md.digest()) s.append(String.format(Locale.ROOT, "%02x", b & 0xff));
		return s.toString();
	}
}
